package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct xdp_statistics} (48 bytes in 6.1 headers, {@code <linux/if_xdp.h>}), read with
 * {@code getsockopt(XDP_STATISTICS)}; the kernel fills as much as the caller's length holds.
 * <pre>
 * struct xdp_statistics {
 *     __u64 rx_dropped;               // dropped for other reasons
 *     __u64 rx_invalid_descs;         // dropped due to invalid descriptor
 *     __u64 tx_invalid_descs;         // dropped due to invalid descriptor
 *     __u64 rx_ring_full;             // dropped due to rx ring being full
 *     __u64 rx_fill_ring_empty_descs; // failed to retrieve item from fill ring
 *     __u64 tx_ring_empty_descs;      // failed to retrieve item from tx ring
 * };
 * </pre>
 */
public final class XdpStatistics {
    private XdpStatistics() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("rx_dropped"), JAVA_LONG.withName("rx_invalid_descs"),
            JAVA_LONG.withName("tx_invalid_descs"), JAVA_LONG.withName("rx_ring_full"),
            JAVA_LONG.withName("rx_fill_ring_empty_descs"), JAVA_LONG.withName("tx_ring_empty_descs"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_rx_dropped = LAYOUT.byteOffset(groupElement("rx_dropped"));
    public static final long OFFSETOF_rx_invalid_descs = LAYOUT.byteOffset(groupElement("rx_invalid_descs"));
    public static final long OFFSETOF_tx_invalid_descs = LAYOUT.byteOffset(groupElement("tx_invalid_descs"));
    public static final long OFFSETOF_rx_ring_full = LAYOUT.byteOffset(groupElement("rx_ring_full"));
    public static final long OFFSETOF_rx_fill_ring_empty_descs = LAYOUT.byteOffset(groupElement("rx_fill_ring_empty_descs"));
    public static final long OFFSETOF_tx_ring_empty_descs = LAYOUT.byteOffset(groupElement("tx_ring_empty_descs"));
}
