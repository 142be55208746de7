/**
 * Van Jacobson's flow classifier: (protocol, addresses, ports) → channel, with a default channel for
 * everything unmatched ({@link io.aionet.channel.classifier.FlowClassifier}).
 */
package io.aionet.channel.classifier;
