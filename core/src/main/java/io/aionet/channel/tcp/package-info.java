/**
 * Van Jacobson's user-space TCP receive engine: {@link io.aionet.channel.tcp.TcpReceiveEngine} tracks
 * sequence numbers per flow, reorders, drops duplicates and yields each direction's byte stream to a
 * {@link io.aionet.channel.tcp.TcpStreamListener}.
 */
package io.aionet.channel.tcp;
