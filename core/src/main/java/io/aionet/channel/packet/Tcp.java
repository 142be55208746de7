package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;

/**
 * TCP header (RFC 9293): ports, sequence and acknowledgment numbers, data offset, flags, window,
 * options (MSS, window scale, SACK-permitted, SACK, timestamps) walked with bounds. What Van
 * Jacobson's user-space TCP receive engine consumes.
 */
public final class Tcp {
    private Tcp() {}

    /** Minimum header length. */
    public static final int MIN_HEADER_LENGTH = 20;

    /** Parses the TCP header in {@code [off, end)}; sets ports, TCP fields and payload bounds, or the status. */
    static void parse(MemorySegment s, long off, long end, ParsedPacket out) {
        out.l4Offset = off;
        out.l4Length = end - off;
        if (end - off < 4) {
            out.status = ParsedPacket.TRUNCATED;
            return;
        }
        out.srcPort = Bytes.u16(s, off);
        out.dstPort = Bytes.u16(s, off + 2);
        if (end - off < MIN_HEADER_LENGTH) {
            out.status = ParsedPacket.TRUNCATED;
            return;
        }
        out.tcpSeq = Bytes.i32(s, off + 4);
        out.tcpAck = Bytes.i32(s, off + 8);
        int doff = (Bytes.u8(s, off + 12) >>> 4) * 4;
        out.tcpFlags = Bytes.u8(s, off + 13);
        out.tcpWindow = Bytes.u16(s, off + 14);
        if (doff < MIN_HEADER_LENGTH) {
            out.status = ParsedPacket.MALFORMED;
            return;
        }
        if (doff > end - off) {
            // the announced data offset overruns the segment: malformed when the IP length says so,
            // truncated when the capture merely ended early (status already TRUNCATED then)
            out.worsen(out.status == ParsedPacket.TRUNCATED ? ParsedPacket.TRUNCATED : ParsedPacket.MALFORMED);
            return;
        }
        out.tcpHeaderLength = doff;
        if (!options(s, off + MIN_HEADER_LENGTH, off + doff, out)) {
            out.status = ParsedPacket.MALFORMED;
            return;
        }
        out.payloadOffset = off + doff;
        out.payloadLength = end - off - doff;
    }

    private static boolean options(MemorySegment s, long p, long end, ParsedPacket out) {
        while (p < end) {
            int kind = Bytes.u8(s, p);
            if (kind == 0) {
                return true;
            }
            if (kind == 1) {
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
            switch (kind) {
                case 2 -> {
                    if (len != 4) return false;
                    out.mss = Bytes.u16(s, p + 2);
                }
                case 3 -> {
                    if (len != 3) return false;
                    out.windowScale = Math.min(Bytes.u8(s, p + 2), 14);
                }
                case 4 -> {
                    if (len != 2) return false;
                    out.sackPermitted = true;
                }
                case 5 -> {
                    if ((len - 2) % 8 != 0) return false;
                }
                case 8 -> {
                    if (len != 10) return false;
                }
                default -> { }
            }
            p += len;
        }
        return true;
    }
}
