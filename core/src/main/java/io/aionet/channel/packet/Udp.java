package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;

/** UDP header (RFC 768): ports and a length that must fit the IP payload. Input to Van Jacobson's flow classifier. */
public final class Udp {
    private Udp() {}

    /** Header length. */
    public static final int HEADER_LENGTH = 8;

    /** Parses the UDP header in {@code [off, end)}. */
    static void parse(MemorySegment s, long off, long end, ParsedPacket out) {
        out.l4Offset = off;
        out.l4Length = end - off;
        if (end - off < 4) {
            out.status = ParsedPacket.TRUNCATED;
            return;
        }
        out.srcPort = Bytes.u16(s, off);
        out.dstPort = Bytes.u16(s, off + 2);
        if (end - off < HEADER_LENGTH) {
            out.status = ParsedPacket.TRUNCATED;
            return;
        }
        int len = Bytes.u16(s, off + 4);
        if (len < HEADER_LENGTH) {
            out.status = ParsedPacket.MALFORMED;
            return;
        }
        long payloadEnd = off + len;
        if (payloadEnd > end) {
            out.worsen(out.status == ParsedPacket.TRUNCATED ? ParsedPacket.TRUNCATED : ParsedPacket.MALFORMED);
            payloadEnd = end;
        }
        out.payloadOffset = off + HEADER_LENGTH;
        out.payloadLength = payloadEnd - off - HEADER_LENGTH;
    }
}
