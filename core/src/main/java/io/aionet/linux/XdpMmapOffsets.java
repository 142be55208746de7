package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct xdp_mmap_offsets} (128 bytes, {@code <linux/if_xdp.h>}), read with
 * {@code getsockopt(XDP_MMAP_OFFSETS)}: where, inside each ring's mapping, the producer index, the
 * consumer index, the descriptors and the flags word are.
 * <pre>
 * struct xdp_ring_offset { __u64 producer; __u64 consumer; __u64 desc; __u64 flags; };
 * struct xdp_mmap_offsets {
 *     struct xdp_ring_offset rx;
 *     struct xdp_ring_offset tx;
 *     struct xdp_ring_offset fr;  // fill
 *     struct xdp_ring_offset cr;  // completion
 * };
 * </pre>
 */
public final class XdpMmapOffsets {
    private XdpMmapOffsets() {}

    /** {@code struct xdp_ring_offset}. */
    public static final StructLayout RING_OFFSET = MemoryLayout.structLayout(
            JAVA_LONG.withName("producer"), JAVA_LONG.withName("consumer"),
            JAVA_LONG.withName("desc"), JAVA_LONG.withName("flags"));
    public static final long SIZEOF_xdp_ring_offset = RING_OFFSET.byteSize();
    public static final long OFFSETOF_producer = RING_OFFSET.byteOffset(groupElement("producer"));
    public static final long OFFSETOF_consumer = RING_OFFSET.byteOffset(groupElement("consumer"));
    public static final long OFFSETOF_desc = RING_OFFSET.byteOffset(groupElement("desc"));
    public static final long OFFSETOF_flags = RING_OFFSET.byteOffset(groupElement("flags"));

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            RING_OFFSET.withName("rx"), RING_OFFSET.withName("tx"),
            RING_OFFSET.withName("fr"), RING_OFFSET.withName("cr"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_rx = LAYOUT.byteOffset(groupElement("rx"));
    public static final long OFFSETOF_tx = LAYOUT.byteOffset(groupElement("tx"));
    public static final long OFFSETOF_fr = LAYOUT.byteOffset(groupElement("fr"));
    public static final long OFFSETOF_cr = LAYOUT.byteOffset(groupElement("cr"));
}
