/**
 * Van Jacobson's net channel: a single-producer/single-consumer ring of packet descriptors whose
 * producer and consumer indices sit on different cache lines ({@link io.aionet.channel.ring.SpscRing},
 * its layout in {@link io.aionet.channel.ring.SpscRingDescriptor}), and the ways a consumer waits for it
 * ({@link io.aionet.channel.ring.WaitStrategy}). Descriptors move between threads; bytes do not.
 */
package io.aionet.channel.ring;
