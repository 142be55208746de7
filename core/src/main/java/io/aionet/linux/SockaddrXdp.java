package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_xdp} (16 bytes, {@code <linux/if_xdp.h>}): the address an AF_XDP socket binds to.
 * <pre>
 * struct sockaddr_xdp {
 *     __u16 sxdp_family;
 *     __u16 sxdp_flags;
 *     __u32 sxdp_ifindex;
 *     __u32 sxdp_queue_id;
 *     __u32 sxdp_shared_umem_fd;
 * };
 * </pre>
 */
public final class SockaddrXdp {
    private SockaddrXdp() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sxdp_family"), JAVA_SHORT.withName("sxdp_flags"),
            JAVA_INT.withName("sxdp_ifindex"), JAVA_INT.withName("sxdp_queue_id"),
            JAVA_INT.withName("sxdp_shared_umem_fd"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_sxdp_family = LAYOUT.byteOffset(groupElement("sxdp_family"));
    public static final long OFFSETOF_sxdp_flags = LAYOUT.byteOffset(groupElement("sxdp_flags"));
    public static final long OFFSETOF_sxdp_ifindex = LAYOUT.byteOffset(groupElement("sxdp_ifindex"));
    public static final long OFFSETOF_sxdp_queue_id = LAYOUT.byteOffset(groupElement("sxdp_queue_id"));
    public static final long OFFSETOF_sxdp_shared_umem_fd = LAYOUT.byteOffset(groupElement("sxdp_shared_umem_fd"));
}
