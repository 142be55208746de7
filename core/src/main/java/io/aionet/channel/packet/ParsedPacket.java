package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;

/**
 * The headers of one packet as {@link PacketParser} found them: the fields Van Jacobson's flow
 * classifier keys on (protocol, addresses, ports) and the ones a TCP receive engine needs (sequence
 * numbers, flags, payload bounds).
 *
 * <p>One instance is reused for every packet (no allocation per packet); it is not thread-safe.
 * Offsets are byte offsets into the segment that was parsed. Addresses are held as two {@code long}s
 * in network order: an IPv4 address is the low 32 bits of {@code lo} with {@code hi == 0}; the
 * {@link #ipVersion()} tells the two families apart.
 */
public final class ParsedPacket {
    /** Every header that was present was parsed and is consistent. */
    public static final int OK = 0;
    /** The capture ended before a header or the payload the headers announce (snap length, short frame). */
    public static final int TRUNCATED = 1;
    /** A length or field is impossible (bad IHL, TCP data offset, option overrun, UDP length...). */
    public static final int MALFORMED = 2;
    /** Not IPv4/IPv6, or an IP protocol without ports (ICMP, ESP...): it goes to the default channel. */
    public static final int UNSUPPORTED = 3;

    /** TCP flag bits as in the header's flags byte. */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    int status;
    long frameLength;
    int etherType;
    int vlanCount;
    int vlanId;
    long l3Offset;
    int ipVersion;
    int ipHeaderLength;
    int protocol;
    int hopLimit;
    boolean fragment;
    int fragmentOffset;
    long srcHi, srcLo, dstHi, dstLo;
    long l4Offset;
    long l4Length;
    int srcPort, dstPort;
    int tcpSeq, tcpAck;
    int tcpFlags;
    int tcpWindow;
    int tcpHeaderLength;
    int mss, windowScale;
    boolean sackPermitted;
    long payloadOffset;
    long payloadLength;

    /** Creates an empty result (status {@link #UNSUPPORTED} until a parse). */
    public ParsedPacket() {
        reset(0);
    }

    void reset(long frameLength) {
        status = UNSUPPORTED;
        this.frameLength = frameLength;
        etherType = 0;
        vlanCount = 0;
        vlanId = -1;
        l3Offset = 0;
        ipVersion = 0;
        ipHeaderLength = 0;
        protocol = -1;
        hopLimit = 0;
        fragment = false;
        fragmentOffset = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        l4Offset = 0;
        l4Length = 0;
        srcPort = dstPort = 0;
        tcpSeq = tcpAck = 0;
        tcpFlags = 0;
        tcpWindow = 0;
        tcpHeaderLength = 0;
        mss = windowScale = -1;
        sackPermitted = false;
        payloadOffset = 0;
        payloadLength = 0;
    }

    /** Raises the status to {@code s} when {@code s} is worse (MALFORMED over TRUNCATED over OK). */
    void worsen(int s) {
        if (s == MALFORMED || (s == TRUNCATED && status != MALFORMED)) {
            status = s;
        }
    }

    /** {@return {@link #OK}, {@link #TRUNCATED}, {@link #MALFORMED} or {@link #UNSUPPORTED}} */
    public int status() { return status; }
    /** {@return whether the status is {@link #OK}} */
    public boolean ok() { return status == OK; }
    /** {@return the length of the frame that was parsed} */
    public long frameLength() { return frameLength; }
    /** {@return the EtherType after any VLAN tags (0 when the packet was parsed from its IP header)} */
    public int etherType() { return etherType; }
    /** {@return how many 802.1Q/802.1ad tags were skipped} */
    public int vlanCount() { return vlanCount; }
    /** {@return the outer VLAN id, or -1 without a tag} */
    public int vlanId() { return vlanId; }
    /** {@return offset of the IP header} */
    public long l3Offset() { return l3Offset; }
    /** {@return 4, 6, or 0 when no IP header was found} */
    public int ipVersion() { return ipVersion; }
    /** {@return IPv4 header length incl. options, or 40 plus the skipped extension headers for IPv6} */
    public int ipHeaderLength() { return ipHeaderLength; }
    /** {@return the transport protocol (IPPROTO_TCP 6, IPPROTO_UDP 17...), or -1} */
    public int protocol() { return protocol; }
    /** {@return TTL (IPv4) or hop limit (IPv6)} */
    public int hopLimit() { return hopLimit; }
    /** {@return whether the IP packet is a fragment (more-fragments set or a non-zero offset)} */
    public boolean fragment() { return fragment; }
    /** {@return fragment offset in bytes; ports are parsed only when it is 0} */
    public int fragmentOffset() { return fragmentOffset; }
    /** {@return high 64 bits of the source address (0 for IPv4)} */
    public long srcHi() { return srcHi; }
    /** {@return low 64 bits of the source address (the IPv4 address in the low 32 bits)} */
    public long srcLo() { return srcLo; }
    /** {@return high 64 bits of the destination address (0 for IPv4)} */
    public long dstHi() { return dstHi; }
    /** {@return low 64 bits of the destination address} */
    public long dstLo() { return dstLo; }
    /** {@return the IPv4 source address as an int (network order value)} */
    public int srcIpv4() { return (int) srcLo; }
    /** {@return the IPv4 destination address as an int} */
    public int dstIpv4() { return (int) dstLo; }
    /** {@return offset of the transport header} */
    public long l4Offset() { return l4Offset; }
    /** {@return length of the transport header plus payload, as the IP header announces it (capped at the capture)} */
    public long l4Length() { return l4Length; }
    /** {@return source port (TCP/UDP), or 0} */
    public int srcPort() { return srcPort; }
    /** {@return destination port (TCP/UDP), or 0} */
    public int dstPort() { return dstPort; }
    /** {@return TCP sequence number (compare with wraparound arithmetic)} */
    public int tcpSeq() { return tcpSeq; }
    /** {@return TCP acknowledgment number} */
    public int tcpAck() { return tcpAck; }
    /** {@return TCP flags byte ({@link #SYN}, {@link #ACK}...)} */
    public int tcpFlags() { return tcpFlags; }
    /**
     * Whether all of {@code flags} are set.
     *
     * @param flags TCP flag bits, e.g. {@code SYN | ACK}
     * @return true when every bit of {@code flags} is set in {@link #tcpFlags()}
     */
    public boolean hasFlags(int flags) { return (tcpFlags & flags) == flags; }
    /** {@return TCP window (unscaled)} */
    public int tcpWindow() { return tcpWindow; }
    /** {@return TCP header length incl. options} */
    public int tcpHeaderLength() { return tcpHeaderLength; }
    /** {@return the MSS option, or -1} */
    public int mss() { return mss; }
    /** {@return the window-scale option's shift, or -1} */
    public int windowScale() { return windowScale; }
    /** {@return whether the SACK-permitted option was present} */
    public boolean sackPermitted() { return sackPermitted; }
    /** {@return offset of the TCP/UDP payload} */
    public long payloadOffset() { return payloadOffset; }
    /** {@return length of the TCP/UDP payload that was captured} */
    public long payloadLength() { return payloadLength; }

    /**
     * The payload as a slice of {@code frame} (the segment that was parsed).
     *
     * @param frame the segment this packet was parsed from
     * @return the captured payload, {@link #payloadLength()} bytes at {@link #payloadOffset()} (no copy)
     */
    public MemorySegment payload(MemorySegment frame) {
        java.util.Objects.requireNonNull(frame, "frame");
        return frame.asSlice(payloadOffset, payloadLength);
    }

    @Override
    public String toString() {
        return "ParsedPacket[status=" + status + " ip=" + ipVersion + " proto=" + protocol
                + " ports=" + srcPort + "->" + dstPort + " flags=0x" + Integer.toHexString(tcpFlags)
                + " seq=" + Integer.toUnsignedString(tcpSeq) + " payload=" + payloadLength + "]";
    }
}
