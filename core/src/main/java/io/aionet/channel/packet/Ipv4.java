package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;

/**
 * IPv4 header (RFC 791): version/IHL, total length, fragment flags and offset, protocol, addresses,
 * options walked with bounds. Feeds Van Jacobson's flow classifier its protocol and addresses.
 */
public final class Ipv4 {
    private Ipv4() {}

    /** Minimum header length. */
    public static final int MIN_HEADER_LENGTH = 20;
    private static final int MF = 0x2000;
    private static final int OFFSET_MASK = 0x1fff;

    /**
     * Parses the IPv4 header at {@code off} (frame ends at {@code end}); returns the end of the IP
     * packet as the header announces it, capped at {@code end}, or -1 after setting the status. The
     * transport header starts at {@code off + out.ipHeaderLength}.
     */
    static long parse(MemorySegment s, long off, long end, ParsedPacket out) {
        if (end - off < MIN_HEADER_LENGTH) {
            out.status = ParsedPacket.TRUNCATED;
            return -1;
        }
        int vihl = Bytes.u8(s, off);
        if ((vihl >>> 4) != 4) {
            out.status = ParsedPacket.MALFORMED;
            return -1;
        }
        int ihl = (vihl & 0x0f) * 4;
        int total = Bytes.u16(s, off + 2);
        if (ihl < MIN_HEADER_LENGTH || total < ihl) {
            out.status = ParsedPacket.MALFORMED;
            return -1;
        }
        if (end - off < ihl) {
            out.status = ParsedPacket.TRUNCATED;
            return -1;
        }
        out.ipVersion = 4;
        out.l3Offset = off;
        out.ipHeaderLength = ihl;
        int frag = Bytes.u16(s, off + 6);
        out.fragmentOffset = (frag & OFFSET_MASK) * 8;
        out.fragment = (frag & MF) != 0 || out.fragmentOffset != 0;
        out.hopLimit = Bytes.u8(s, off + 8);
        out.protocol = Bytes.u8(s, off + 9);
        out.srcHi = 0;
        out.srcLo = Bytes.i32(s, off + 12) & 0xffffffffL;
        out.dstHi = 0;
        out.dstLo = Bytes.i32(s, off + 16) & 0xffffffffL;
        if (!optionsValid(s, off + MIN_HEADER_LENGTH, off + ihl)) {
            out.status = ParsedPacket.MALFORMED;
            return -1;
        }
        long packetEnd = off + total;
        if (packetEnd > end) {
            out.worsen(ParsedPacket.TRUNCATED);
            packetEnd = end;
        }
        return packetEnd;
    }

    /** Walks the option list: EOL ends it, NOP is one byte, every other option has a length ≥ 2 that fits. */
    static boolean optionsValid(MemorySegment s, long p, long end) {
        while (p < end) {
            int type = Bytes.u8(s, p);
            if (type == 0) {
                return true;
            }
            if (type == 1) {
                p++;
                continue;
            }
            if (end - p < 2) {
                return false;
            }
            int len = Bytes.u8(s, p + 1);
            if (len < 2 || len > end - p) {
                return false;
            }
            p += len;
        }
        return true;
    }
}
