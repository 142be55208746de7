package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The error-queue records of {@code MSG_ZEROCOPY} ({@code Documentation/networking/msg_zerocopy.rst}):
 * {@code recvmsg(fd, msg, MSG_ERRQUEUE)} returns a control message {@code (SOL_IP, IP_RECVERR)} or
 * {@code (SOL_IPV6, IPV6_RECVERR)} whose data is a {@code sock_extended_err}; for zero-copy completions
 * {@code ee_origin == SO_EE_ORIGIN_ZEROCOPY} and the completed send calls are the inclusive range
 * {@code [ee_info, ee_data]} of the socket's 32-bit zero-copy counter; {@code ee_code} has
 * {@code SO_EE_CODE_ZEROCOPY_COPIED} when the kernel fell back to copying.
 * <pre>
 * struct sock_extended_err { __u32 ee_errno; __u8 ee_origin; __u8 ee_type; __u8 ee_code; __u8 ee_pad;
 *                            __u32 ee_info; __u32 ee_data; };                          // 16 bytes
 * struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; unsigned char data[]; }; // 16-byte header
 * </pre>
 */
public final class SockExtendedErr {
    private SockExtendedErr() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("ee_errno"), JAVA_BYTE.withName("ee_origin"), JAVA_BYTE.withName("ee_type"),
            JAVA_BYTE.withName("ee_code"), JAVA_BYTE.withName("ee_pad"), JAVA_INT.withName("ee_info"),
            JAVA_INT.withName("ee_data"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_ee_errno = LAYOUT.byteOffset(groupElement("ee_errno"));
    public static final long OFFSETOF_ee_origin = LAYOUT.byteOffset(groupElement("ee_origin"));
    public static final long OFFSETOF_ee_code = LAYOUT.byteOffset(groupElement("ee_code"));
    public static final long OFFSETOF_ee_info = LAYOUT.byteOffset(groupElement("ee_info"));
    public static final long OFFSETOF_ee_data = LAYOUT.byteOffset(groupElement("ee_data"));

    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));
    /** {@code sizeof(struct cmsghdr)}; also {@code CMSG_DATA(c) - c} on LP64 ({@code CMSG_ALIGN} is 8). */
    public static final long SIZEOF_cmsghdr = CMSGHDR.byteSize();
    public static final long OFFSETOF_cmsg_len = CMSGHDR.byteOffset(groupElement("cmsg_len"));
    public static final long OFFSETOF_cmsg_level = CMSGHDR.byteOffset(groupElement("cmsg_level"));
    public static final long OFFSETOF_cmsg_type = CMSGHDR.byteOffset(groupElement("cmsg_type"));
    /** {@code CMSG_ALIGN}'s unit: {@code sizeof(size_t)}. */
    public static final long CMSG_ALIGNMENT = 8;

    public static final int SO_EE_ORIGIN_ZEROCOPY = 5;
    public static final int SO_EE_CODE_ZEROCOPY_COPIED = 1;
    public static final int SOL_IP = 0;
    public static final int IP_RECVERR = 11;
    public static final int SOL_IPV6 = 41;
    public static final int IPV6_RECVERR = 25;

    /** {@code CMSG_ALIGN(len)}. */
    public static long cmsgAlign(long len) {
        return (len + CMSG_ALIGNMENT - 1) & -CMSG_ALIGNMENT;
    }
}
