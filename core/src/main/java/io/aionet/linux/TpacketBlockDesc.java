package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct tpacket_block_desc} with its {@code tpacket_hdr_v1} (48 bytes): the header at the start
 * of every block of a TPACKET_V3 receive ring. The kernel owns the block while {@code block_status}
 * lacks {@code TP_STATUS_USER}; user space hands it back by storing {@code TP_STATUS_KERNEL}.
 * <pre>
 * struct tpacket_bd_ts { unsigned int ts_sec; union { unsigned int ts_usec; unsigned int ts_nsec; }; };
 * struct tpacket_hdr_v1 {
 *     __u32 block_status; __u32 num_pkts; __u32 offset_to_first_pkt; __u32 blk_len;
 *     __aligned_u64 seq_num;
 *     struct tpacket_bd_ts ts_first_pkt, ts_last_pkt;
 * };
 * struct tpacket_block_desc { __u32 version; __u32 offset_to_priv; union tpacket_bd_header_u hdr; };
 * </pre>
 * Offsets below are from the start of {@code tpacket_block_desc} (the {@code hdr.bh1} fields flattened).
 */
public final class TpacketBlockDesc {
    private TpacketBlockDesc() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("version"), JAVA_INT.withName("offset_to_priv"),
            JAVA_INT.withName("block_status"), JAVA_INT.withName("num_pkts"),
            JAVA_INT.withName("offset_to_first_pkt"), JAVA_INT.withName("blk_len"),
            JAVA_LONG.withName("seq_num"),
            JAVA_INT.withName("ts_first_pkt_sec"), JAVA_INT.withName("ts_first_pkt_nsec"),
            JAVA_INT.withName("ts_last_pkt_sec"), JAVA_INT.withName("ts_last_pkt_nsec"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_version = LAYOUT.byteOffset(groupElement("version"));
    public static final long OFFSETOF_offset_to_priv = LAYOUT.byteOffset(groupElement("offset_to_priv"));
    public static final long OFFSETOF_block_status = LAYOUT.byteOffset(groupElement("block_status"));
    public static final long OFFSETOF_num_pkts = LAYOUT.byteOffset(groupElement("num_pkts"));
    public static final long OFFSETOF_offset_to_first_pkt = LAYOUT.byteOffset(groupElement("offset_to_first_pkt"));
    public static final long OFFSETOF_blk_len = LAYOUT.byteOffset(groupElement("blk_len"));
    public static final long OFFSETOF_seq_num = LAYOUT.byteOffset(groupElement("seq_num"));
    public static final long OFFSETOF_ts_first_pkt = LAYOUT.byteOffset(groupElement("ts_first_pkt_sec"));
    public static final long OFFSETOF_ts_last_pkt = LAYOUT.byteOffset(groupElement("ts_last_pkt_sec"));
}
