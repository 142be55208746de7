package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct xdp_desc} (16 bytes, {@code <linux/if_xdp.h>}): an RX or TX ring entry. Fill and
 * completion ring entries are a bare {@code __u64} UMEM address.
 * <pre>
 * struct xdp_desc {
 *     __u64 addr;     // UMEM offset of the packet's first byte
 *     __u32 len;
 *     __u32 options;
 * };
 * </pre>
 */
public final class XdpDesc {
    private XdpDesc() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"), JAVA_INT.withName("len"), JAVA_INT.withName("options"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_addr = LAYOUT.byteOffset(groupElement("addr"));
    public static final long OFFSETOF_len = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSETOF_options = LAYOUT.byteOffset(groupElement("options"));
    /** Size of a fill or completion ring entry ({@code __u64}). */
    public static final long SIZEOF_umem_addr = 8;
}
