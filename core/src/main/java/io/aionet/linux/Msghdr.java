package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct msghdr} (56 bytes on LP64), and the header the kernel writes in front of each
 * multishot {@code recvmsg} result:
 * <pre>
 * struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; size_t msg_iovlen;
 *                 void *msg_control; size_t msg_controllen; int msg_flags; };
 * struct io_uring_recvmsg_out { __u32 namelen; __u32 controllen; __u32 payloadlen; __u32 flags; };
 * </pre>
 */
public final class Msghdr {
    private Msghdr() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("msg_name"), JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("msg_iov"), JAVA_LONG.withName("msg_iovlen"), JAVA_LONG.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"), JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_msg_name = LAYOUT.byteOffset(groupElement("msg_name"));
    public static final long OFFSETOF_msg_namelen = LAYOUT.byteOffset(groupElement("msg_namelen"));
    public static final long OFFSETOF_msg_iov = LAYOUT.byteOffset(groupElement("msg_iov"));
    public static final long OFFSETOF_msg_iovlen = LAYOUT.byteOffset(groupElement("msg_iovlen"));
    public static final long OFFSETOF_msg_control = LAYOUT.byteOffset(groupElement("msg_control"));
    public static final long OFFSETOF_msg_controllen = LAYOUT.byteOffset(groupElement("msg_controllen"));
    public static final long OFFSETOF_msg_flags = LAYOUT.byteOffset(groupElement("msg_flags"));

    public static final StructLayout RECVMSG_OUT_LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("namelen"), JAVA_INT.withName("controllen"), JAVA_INT.withName("payloadlen"),
            JAVA_INT.withName("flags"));
    public static final long SIZEOF_recvmsg_out = RECVMSG_OUT_LAYOUT.byteSize();
}
