package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;

/**
 * Reads a packet's headers into a reusable {@link ParsedPacket}: the "tiny packet classifier the
 * drivers use on input" of Van Jacobson's net channels needs exactly this — protocol, addresses and
 * ports — and the user-space TCP receive engine needs the TCP fields and payload bounds.
 *
 * <p>Pure Java over a {@link MemorySegment} (a frame in an mmap'd {@code PacketRing} block, or a heap
 * array). Every length in the packet is validated before it is used: truncated, malformed or hostile
 * input yields a status ({@link ParsedPacket#TRUNCATED}, {@link ParsedPacket#MALFORMED}), never an
 * exception and never a read outside {@code [off, off + len)}. No allocation.
 * {@snippet :
 * ParsedPacket p = new ParsedPacket();
 * if (PacketParser.parseEthernet(frame, 0, frame.byteSize(), p) == ParsedPacket.OK && p.protocol() == 6) {
 *     MemorySegment payload = p.payload(frame);
 * }
 * }
 * Checksums are not verified: captured packets on loopback and on offloading NICs carry partial ones.
 */
public final class PacketParser {
    private PacketParser() {}

    /** IP protocol number of TCP. */
    public static final int IPPROTO_TCP = 6;
    /** IP protocol number of UDP. */
    public static final int IPPROTO_UDP = 17;

    /**
     * Parses an Ethernet frame in {@code [off, off + len)} of {@code s}.
     *
     * @param s the memory holding the frame
     * @param off where the frame starts in {@code s}, in bytes
     * @param len the frame's captured length in bytes
     * @param out the caller's reusable result, overwritten
     * @return {@code out.status()}; out-of-range {@code off}/{@code len} give {@link ParsedPacket#MALFORMED}
     */
    public static int parseEthernet(MemorySegment s, long off, long len, ParsedPacket out) {
        java.util.Objects.requireNonNull(s, "s");
        java.util.Objects.requireNonNull(out, "out");
        out.reset(len);
        if (!inBounds(s, off, len)) {
            out.status = ParsedPacket.MALFORMED;
            return out.status;
        }
        long end = off + len;
        long l3 = Ethernet.parse(s, off, end, out);
        if (l3 < 0) {
            return out.status;
        }
        return network(s, l3, end, out.etherType, out);
    }

    /**
     * Parses the whole segment as an Ethernet frame.
     *
     * @param s the frame, exactly
     * @param out the caller's reusable result, overwritten
     * @return {@code out.status()}
     */
    public static int parseEthernet(MemorySegment s, ParsedPacket out) {
        java.util.Objects.requireNonNull(s, "s");
        java.util.Objects.requireNonNull(out, "out");
        return parseEthernet(s, 0, s.byteSize(), out);
    }

    /**
     * Parses a packet that starts with its IP header (raw IP, {@code SOCK_DGRAM} packet sockets, pcap
     * LINKTYPE_RAW): the version nibble picks IPv4 or IPv6.
     *
     * @param s the memory holding the packet
     * @param off where the IP header starts in {@code s}, in bytes
     * @param len the packet's captured length in bytes
     * @param out the caller's reusable result, overwritten
     * @return {@code out.status()}; out-of-range {@code off}/{@code len} give {@link ParsedPacket#MALFORMED}
     */
    public static int parseIp(MemorySegment s, long off, long len, ParsedPacket out) {
        java.util.Objects.requireNonNull(s, "s");
        java.util.Objects.requireNonNull(out, "out");
        out.reset(len);
        if (!inBounds(s, off, len)) {
            out.status = ParsedPacket.MALFORMED;
            return out.status;
        }
        if (len < 1) {
            out.status = ParsedPacket.TRUNCATED;
            return out.status;
        }
        int version = Bytes.u8(s, off) >>> 4;
        int type = version == 4 ? Ethernet.ETH_P_IP : version == 6 ? Ethernet.ETH_P_IPV6 : -1;
        if (type < 0) {
            out.status = ParsedPacket.MALFORMED;
            return out.status;
        }
        return network(s, off, off + len, type, out);
    }

    private static int network(MemorySegment s, long l3, long end, int etherType, ParsedPacket out) {
        long packetEnd;
        out.status = ParsedPacket.OK;
        if (etherType == Ethernet.ETH_P_IP) {
            packetEnd = Ipv4.parse(s, l3, end, out);
        } else if (etherType == Ethernet.ETH_P_IPV6) {
            packetEnd = Ipv6.parse(s, l3, end, out);
        } else {
            out.status = ParsedPacket.UNSUPPORTED;
            return out.status;
        }
        if (packetEnd < 0) {
            return out.status;
        }
        if (out.fragmentOffset != 0) {
            return out.status; // a later fragment: no transport header to read
        }
        long l4 = l3 + out.ipHeaderLength;
        if (out.protocol == IPPROTO_TCP) {
            Tcp.parse(s, l4, packetEnd, out);
        } else if (out.protocol == IPPROTO_UDP) {
            Udp.parse(s, l4, packetEnd, out);
        } else if (out.status == ParsedPacket.OK) {
            out.l4Offset = l4;
            out.l4Length = packetEnd - l4;
            out.status = ParsedPacket.UNSUPPORTED;
        }
        return out.status;
    }

    private static boolean inBounds(MemorySegment s, long off, long len) {
        return off >= 0 && len >= 0 && off <= s.byteSize() - len;
    }
}
