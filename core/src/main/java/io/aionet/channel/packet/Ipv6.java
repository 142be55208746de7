package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;

/**
 * IPv6 fixed header (RFC 8200) and the common extension headers (hop-by-hop, routing, fragment,
 * destination options, AH), each skipped with its length checked. Feeds Van Jacobson's flow classifier.
 */
public final class Ipv6 {
    private Ipv6() {}

    /** Fixed header length. */
    public static final int HEADER_LENGTH = 40;
    /** Extension headers skipped at most before the packet counts as malformed. */
    public static final int MAX_EXTENSION_HEADERS = 8;

    static final int HOPOPTS = 0, ROUTING = 43, FRAGMENT = 44, ESP = 50, AH = 51, NONE = 59, DSTOPTS = 60;

    /**
     * Parses the IPv6 header at {@code off}; returns the end of the packet as the payload length
     * announces it (capped at {@code end}) or -1 after setting the status. On return
     * {@code out.protocol} is the upper-layer protocol and {@code out.ipHeaderLength} includes the
     * extension headers.
     */
    static long parse(MemorySegment s, long off, long end, ParsedPacket out) {
        if (end - off < HEADER_LENGTH) {
            out.status = ParsedPacket.TRUNCATED;
            return -1;
        }
        if ((Bytes.u8(s, off) >>> 4) != 6) {
            out.status = ParsedPacket.MALFORMED;
            return -1;
        }
        int payloadLength = Bytes.u16(s, off + 4);
        out.ipVersion = 6;
        out.l3Offset = off;
        out.hopLimit = Bytes.u8(s, off + 7);
        out.srcHi = Bytes.i64(s, off + 8);
        out.srcLo = Bytes.i64(s, off + 16);
        out.dstHi = Bytes.i64(s, off + 24);
        out.dstLo = Bytes.i64(s, off + 32);
        long packetEnd = off + HEADER_LENGTH + payloadLength;
        if (packetEnd > end) {
            out.worsen(ParsedPacket.TRUNCATED);
            packetEnd = end;
        }
        int next = Bytes.u8(s, off + 6);
        long p = off + HEADER_LENGTH;
        for (int n = 0; ; n++) {
            if (next != HOPOPTS && next != ROUTING && next != FRAGMENT && next != DSTOPTS && next != AH) {
                break;
            }
            if (n == MAX_EXTENSION_HEADERS) {
                out.status = ParsedPacket.MALFORMED;
                return -1;
            }
            if (packetEnd - p < 8) {
                out.status = end - p < 8 ? ParsedPacket.TRUNCATED : ParsedPacket.MALFORMED;
                return -1;
            }
            int nh = Bytes.u8(s, p);
            long len;
            if (next == FRAGMENT) {
                len = 8;
                int fo = Bytes.u16(s, p + 2);
                out.fragmentOffset = fo & 0xfff8;
                out.fragment = true;
            } else if (next == AH) {
                len = (Bytes.u8(s, p + 1) + 2L) * 4;
            } else {
                len = (Bytes.u8(s, p + 1) + 1L) * 8;
            }
            if (len > packetEnd - p) {
                out.status = ParsedPacket.MALFORMED;
                return -1;
            }
            p += len;
            next = nh;
        }
        out.protocol = next;
        out.ipHeaderLength = (int) (p - off);
        return packetEnd;
    }
}
