package io.aionet.channel.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * One TCP connection tracked by Van Jacobson's user-space TCP receive engine ({@link TcpReceiveEngine}):
 * its endpoints, how much of each direction was yielded, and what was lost.
 */
public final class TcpFlow {
    /** Why a flow ended. */
    public enum CloseReason {
        /** Both directions sent FIN and every byte up to it was yielded. */
        FIN,
        /** A reset. */
        RST,
        /** Evicted, oldest first, to make room for a new flow ({@link TcpEngineLimits#maxFlows()}). */
        EVICTED,
        /** {@link TcpReceiveEngine#flush()} ended it (end of capture). */
        FLUSHED,
        /** A new connection reused the addresses and ports: a SYN with another initial sequence number. */
        REPLACED
    }

    final long id;
    final int ipVersion;
    final long clientHi, clientLo, serverHi, serverLo;
    final int clientPort, serverPort;
    final TcpHalfStream toServer;
    final TcpHalfStream toClient;
    boolean handshakeSeen;
    boolean closed;
    long firstSeenNanos, lastSeenNanos;
    TcpFlow older, newer; // creation order, for oldest-first eviction

    TcpFlow(TcpReceiveEngine engine, long id, int ipVersion, long clientHi, long clientLo, int clientPort,
            long serverHi, long serverLo, int serverPort) {
        this.id = id;
        this.ipVersion = ipVersion;
        this.clientHi = clientHi;
        this.clientLo = clientLo;
        this.clientPort = clientPort;
        this.serverHi = serverHi;
        this.serverLo = serverLo;
        this.serverPort = serverPort;
        this.toServer = new TcpHalfStream(engine, this, TcpDirection.CLIENT_TO_SERVER);
        this.toClient = new TcpHalfStream(engine, this, TcpDirection.SERVER_TO_CLIENT);
    }

    TcpHalfStream half(TcpDirection d) {
        return d == TcpDirection.CLIENT_TO_SERVER ? toServer : toClient;
    }

    /** {@return A number unique within the engine, in order of first sight} */
    public long id() { return id; }
    /** {@return 4 or 6} */
    public int ipVersion() { return ipVersion; }
    /** {@return the client's address and port (see {@link TcpDirection} for who counts as client)} */
    public InetSocketAddress client() { return socketAddress(clientHi, clientLo, clientPort); }
    /** {@return the server's address and port} */
    public InetSocketAddress server() { return socketAddress(serverHi, serverLo, serverPort); }
    /** {@return the client's port} */
    public int clientPort() { return clientPort; }
    /** {@return the server's port} */
    public int serverPort() { return serverPort; }
    /** {@return whether the SYN or SYN-ACK was captured (else the flow was picked up mid-stream)} */
    public boolean handshakeSeen() { return handshakeSeen; }
    /** {@return whether the flow has ended} */
    public boolean closed() { return closed; }
    /**
     * Bytes of direction {@code d} yielded so far (gaps not counted).
     *
     * @param d the direction
     * @return the number of bytes delivered through {@code onData}
     */
    public long bytes(TcpDirection d) { return half(d).deliveredBytes; }
    /**
     * Bytes of direction {@code d} reported as gaps.
     *
     * @param d the direction
     * @return the number of bytes reported through {@code onGap}
     */
    public long gapBytes(TcpDirection d) { return half(d).gapBytes; }
    /**
     * Bytes of direction {@code d} dropped as duplicates or retransmissions.
     *
     * @param d the direction
     * @return the number of bytes dropped
     */
    public long duplicateBytes(TcpDirection d) { return half(d).duplicateBytes; }
    /**
     * Out-of-order bytes of direction {@code d} held right now.
     *
     * @param d the direction
     * @return the number of bytes waiting for the hole before them to fill
     */
    public long bufferedBytes(TcpDirection d) { return half(d).pendingBytes; }
    /**
     * Whether direction {@code d} sent a FIN.
     *
     * @param d the direction
     * @return true once a FIN of that direction was seen
     */
    public boolean finSeen(TcpDirection d) { return half(d).finSeen; }
    /**
     * The initial sequence number of direction {@code d}, when its SYN was seen.
     *
     * @param d the direction
     * @return the ISN; meaningful only once that direction's SYN was seen
     */
    public int isn(TcpDirection d) { return half(d).isn; }
    /**
     * The sequence number of the next byte expected in direction {@code d} (the receiver's {@code RCV.NXT}, before a FIN).
     *
     * @param d the direction
     * @return the next expected sequence number (compare with wraparound arithmetic)
     */
    public int nextSeq(TcpDirection d) { return half(d).nextSeq; }

    /**
     * Whether direction {@code d} has ended: its FIN seen and every byte before it yielded or reported as a gap.
     *
     * @param d the direction
     * @return true when the direction's stream is complete
     */
    public boolean ended(TcpDirection d) { return half(d).ended(); }

    /** {@return capture time of the first packet, nanoseconds since the epoch} */
    public long firstSeenNanos() { return firstSeenNanos; }
    /** {@return capture time of the latest packet} */
    public long lastSeenNanos() { return lastSeenNanos; }

    private InetSocketAddress socketAddress(long hi, long lo, int port) {
        byte[] a = ipVersion == 4 ? ByteBuffer.allocate(4).putInt((int) lo).array()
                : ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
        try {
            return new InetSocketAddress(InetAddress.getByAddress(a), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // cannot happen for 4 or 16 bytes
        }
    }

    @Override
    public String toString() {
        return "tcp#" + id + " " + client() + " -> " + server();
    }
}
