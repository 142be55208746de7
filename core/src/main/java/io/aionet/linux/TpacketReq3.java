package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct tpacket_req3} (28 bytes), the {@code PACKET_RX_RING} request of a TPACKET_V3 ring
 * ({@code <linux/if_packet.h>}):
 * <pre>
 * struct tpacket_req3 {
 *     unsigned int tp_block_size;      // minimal size of contiguous block
 *     unsigned int tp_block_nr;        // number of blocks
 *     unsigned int tp_frame_size;      // size of frame
 *     unsigned int tp_frame_nr;        // total number of frames
 *     unsigned int tp_retire_blk_tov;  // timeout in msecs
 *     unsigned int tp_sizeof_priv;     // offset to private data area
 *     unsigned int tp_feature_req_word;
 * };
 * </pre>
 */
public final class TpacketReq3 {
    private TpacketReq3() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_block_size"), JAVA_INT.withName("tp_block_nr"),
            JAVA_INT.withName("tp_frame_size"), JAVA_INT.withName("tp_frame_nr"),
            JAVA_INT.withName("tp_retire_blk_tov"), JAVA_INT.withName("tp_sizeof_priv"),
            JAVA_INT.withName("tp_feature_req_word"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_tp_block_size = LAYOUT.byteOffset(groupElement("tp_block_size"));
    public static final long OFFSETOF_tp_block_nr = LAYOUT.byteOffset(groupElement("tp_block_nr"));
    public static final long OFFSETOF_tp_frame_size = LAYOUT.byteOffset(groupElement("tp_frame_size"));
    public static final long OFFSETOF_tp_frame_nr = LAYOUT.byteOffset(groupElement("tp_frame_nr"));
    public static final long OFFSETOF_tp_retire_blk_tov = LAYOUT.byteOffset(groupElement("tp_retire_blk_tov"));
    public static final long OFFSETOF_tp_sizeof_priv = LAYOUT.byteOffset(groupElement("tp_sizeof_priv"));
    public static final long OFFSETOF_tp_feature_req_word = LAYOUT.byteOffset(groupElement("tp_feature_req_word"));
}
