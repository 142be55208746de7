package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Classic BPF: {@code struct sock_filter} (8 bytes, one instruction) and {@code struct sock_fprog}
 * (16 bytes, the program passed to {@code SO_ATTACH_FILTER}) from {@code <linux/filter.h>}:
 * <pre>
 * struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; };
 * struct sock_fprog { unsigned short len; struct sock_filter *filter; };
 * </pre>
 */
public final class SockFilter {
    private SockFilter() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("code"), JAVA_BYTE.withName("jt"), JAVA_BYTE.withName("jf"), JAVA_INT.withName("k"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_code = LAYOUT.byteOffset(groupElement("code"));
    public static final long OFFSETOF_jt = LAYOUT.byteOffset(groupElement("jt"));
    public static final long OFFSETOF_jf = LAYOUT.byteOffset(groupElement("jf"));
    public static final long OFFSETOF_k = LAYOUT.byteOffset(groupElement("k"));

    /** {@code struct sock_fprog}. */
    public static final StructLayout FPROG_LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("len"), MemoryLayout.paddingLayout(6), ADDRESS.withName("filter"));
    public static final long SIZEOF_sock_fprog = FPROG_LAYOUT.byteSize();
    public static final long OFFSETOF_sock_fprog_len = FPROG_LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSETOF_sock_fprog_filter = FPROG_LAYOUT.byteOffset(groupElement("filter"));
    /** {@code BPF_MAXINSNS}: the most instructions a classic program may have. */
    public static final int BPF_MAXINSNS = 4096;
}
