package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;

/**
 * Ethernet II header, with up to two 802.1Q / 802.1ad VLAN tags: the first thing Van Jacobson's
 * packet classifier reads on input.
 * <pre>
 * dst mac (6) | src mac (6) | [TPID 0x8100/0x88a8 (2) | TCI (2)]* | EtherType (2)
 * </pre>
 * AF_PACKET usually delivers VLAN tags out of band ({@code tp_vlan_tci}); in-band tags are still parsed.
 */
public final class Ethernet {
    private Ethernet() {}

    /** Header length without tags. */
    public static final int HEADER_LENGTH = 14;
    /** EtherType IPv4. */
    public static final int ETH_P_IP = 0x0800;
    /** EtherType IPv6. */
    public static final int ETH_P_IPV6 = 0x86DD;
    /** EtherType 802.1Q VLAN tag. */
    public static final int ETH_P_8021Q = 0x8100;
    /** EtherType 802.1ad (QinQ) service tag. */
    public static final int ETH_P_8021AD = 0x88A8;
    /** The most tags that are skipped before the frame counts as malformed. */
    public static final int MAX_TAGS = 2;

    /**
     * Parses the link header of the frame in {@code [off, end)}: sets the EtherType and VLAN fields of
     * {@code out} and returns the offset of the network header, or -1 after setting the status.
     */
    static long parse(MemorySegment s, long off, long end, ParsedPacket out) {
        if (end - off < HEADER_LENGTH) {
            out.status = ParsedPacket.TRUNCATED;
            return -1;
        }
        long p = off + 12;
        int type = Bytes.u16(s, p);
        while (type == ETH_P_8021Q || type == ETH_P_8021AD) {
            if (out.vlanCount == MAX_TAGS) {
                out.status = ParsedPacket.MALFORMED;
                return -1;
            }
            if (end - p < 6) {
                out.status = ParsedPacket.TRUNCATED;
                return -1;
            }
            if (out.vlanCount == 0) {
                out.vlanId = Bytes.u16(s, p + 2) & 0x0fff;
            }
            out.vlanCount++;
            p += 4;
            type = Bytes.u16(s, p);
        }
        out.etherType = type;
        return p + 2;
    }
}
