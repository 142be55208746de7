package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct xdp_umem_reg} ({@code <linux/if_xdp.h>}), the {@code XDP_UMEM_REG} option: the packet
 * memory the kernel and the program share.
 * <pre>
 * struct xdp_umem_reg {
 *     __u64 addr;        // start of packet data area
 *     __u64 len;         // length of packet data area
 *     __u32 chunk_size;
 *     __u32 headroom;
 *     __u32 flags;
 *     __u32 tx_metadata_len;  // 6.8; padding in the 6.1 header, passed as zero
 * };
 * </pre>
 */
public final class XdpUmemReg {
    private XdpUmemReg() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"), JAVA_LONG.withName("len"),
            JAVA_INT.withName("chunk_size"), JAVA_INT.withName("headroom"),
            JAVA_INT.withName("flags"), MemoryLayout.paddingLayout(4));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_addr = LAYOUT.byteOffset(groupElement("addr"));
    public static final long OFFSETOF_len = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSETOF_chunk_size = LAYOUT.byteOffset(groupElement("chunk_size"));
    public static final long OFFSETOF_headroom = LAYOUT.byteOffset(groupElement("headroom"));
    public static final long OFFSETOF_flags = LAYOUT.byteOffset(groupElement("flags"));
}
