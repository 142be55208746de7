package io.aionet.channel.tcp;

/**
 * The two byte streams of a TCP connection seen by Van Jacobson's user-space TCP receive engine. The
 * client is the sender of the SYN; when the handshake was not captured, the sender of the first
 * packet seen (or the receiver of a SYN-ACK).
 */
public enum TcpDirection {
    /** Bytes the client sent. */
    CLIENT_TO_SERVER,
    /** Bytes the server sent. */
    SERVER_TO_CLIENT
}
