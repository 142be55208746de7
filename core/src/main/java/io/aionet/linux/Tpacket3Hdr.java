package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct tpacket3_hdr} (48 bytes): the header of one frame inside a TPACKET_V3 block. The
 * frame's data is at {@code tp_mac} from the header; a {@code struct sockaddr_ll} follows the header at
 * {@link #OFFSETOF_sockaddr_ll} ({@code TPACKET_ALIGN(sizeof(struct tpacket3_hdr))}, where the kernel's
 * {@code tpacket_rcv} writes it), carrying the packet type ({@code PACKET_OUTGOING}...).
 * <pre>
 * struct tpacket_hdr_variant1 { __u32 tp_rxhash; __u32 tp_vlan_tci; __u16 tp_vlan_tpid; __u16 tp_padding; };
 * struct tpacket3_hdr {
 *     __u32 tp_next_offset; __u32 tp_sec; __u32 tp_nsec; __u32 tp_snaplen; __u32 tp_len; __u32 tp_status;
 *     __u16 tp_mac; __u16 tp_net;
 *     union { struct tpacket_hdr_variant1 hv1; };
 *     __u8 tp_padding[8];
 * };
 * </pre>
 */
public final class Tpacket3Hdr {
    private Tpacket3Hdr() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_next_offset"), JAVA_INT.withName("tp_sec"), JAVA_INT.withName("tp_nsec"),
            JAVA_INT.withName("tp_snaplen"), JAVA_INT.withName("tp_len"), JAVA_INT.withName("tp_status"),
            JAVA_SHORT.withName("tp_mac"), JAVA_SHORT.withName("tp_net"),
            JAVA_INT.withName("tp_rxhash"), JAVA_INT.withName("tp_vlan_tci"),
            JAVA_SHORT.withName("tp_vlan_tpid"), JAVA_SHORT.withName("hv1_padding"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("tp_padding"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_tp_next_offset = LAYOUT.byteOffset(groupElement("tp_next_offset"));
    public static final long OFFSETOF_tp_sec = LAYOUT.byteOffset(groupElement("tp_sec"));
    public static final long OFFSETOF_tp_nsec = LAYOUT.byteOffset(groupElement("tp_nsec"));
    public static final long OFFSETOF_tp_snaplen = LAYOUT.byteOffset(groupElement("tp_snaplen"));
    public static final long OFFSETOF_tp_len = LAYOUT.byteOffset(groupElement("tp_len"));
    public static final long OFFSETOF_tp_status = LAYOUT.byteOffset(groupElement("tp_status"));
    public static final long OFFSETOF_tp_mac = LAYOUT.byteOffset(groupElement("tp_mac"));
    public static final long OFFSETOF_tp_net = LAYOUT.byteOffset(groupElement("tp_net"));
    public static final long OFFSETOF_tp_rxhash = LAYOUT.byteOffset(groupElement("tp_rxhash"));
    public static final long OFFSETOF_tp_vlan_tci = LAYOUT.byteOffset(groupElement("tp_vlan_tci"));
    public static final long OFFSETOF_tp_vlan_tpid = LAYOUT.byteOffset(groupElement("tp_vlan_tpid"));
    /** {@code TPACKET_ALIGNMENT}: 16. */
    public static final long TPACKET_ALIGNMENT = 16;
    /** Where the kernel puts the frame's {@code struct sockaddr_ll}: {@code TPACKET_ALIGN(sizeof(struct tpacket3_hdr))}. */
    public static final long OFFSETOF_sockaddr_ll = (SIZEOF + TPACKET_ALIGNMENT - 1) & -TPACKET_ALIGNMENT;
}
