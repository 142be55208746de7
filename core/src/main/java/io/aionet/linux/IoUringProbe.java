package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct io_uring_probe} and {@code struct io_uring_probe_op}:
 * <pre>
 * struct io_uring_probe_op { __u8 op; __u8 resv; __u16 flags; __u32 resv2; };
 * struct io_uring_probe { __u8 last_op; __u8 ops_len; __u16 resv; __u32 resv2[3]; struct io_uring_probe_op ops[]; };
 * </pre>
 */
public final class IoUringProbe {
    private IoUringProbe() {}

    public static final StructLayout OP_LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"), JAVA_BYTE.withName("resv"), JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("resv2"));

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("last_op"), JAVA_BYTE.withName("ops_len"), JAVA_SHORT.withName("resv"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2"));

    /** {@code IO_URING_OP_SUPPORTED}. */
    public static final int IO_URING_OP_SUPPORTED = 1;

    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_last_op = LAYOUT.byteOffset(groupElement("last_op"));
    public static final long OFFSETOF_ops_len = LAYOUT.byteOffset(groupElement("ops_len"));
    /** Where {@code ops[0]} starts. */
    public static final long OFFSETOF_ops = SIZEOF;
    public static final long SIZEOF_op = OP_LAYOUT.byteSize();
    public static final long OFFSETOF_op_op = OP_LAYOUT.byteOffset(groupElement("op"));
    public static final long OFFSETOF_op_flags = OP_LAYOUT.byteOffset(groupElement("flags"));
}
