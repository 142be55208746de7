package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_cqe} (16 bytes; 32 with {@code IORING_SETUP_CQE32}):
 * <pre>
 * struct io_uring_cqe { __u64 user_data; __s32 res; __u32 flags; __u64 big_cqe[]; };
 * </pre>
 */
public final class IoUringCqe {
    private IoUringCqe() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags"));

    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_user_data = LAYOUT.byteOffset(groupElement("user_data"));
    public static final long OFFSETOF_res = LAYOUT.byteOffset(groupElement("res"));
    public static final long OFFSETOF_flags = LAYOUT.byteOffset(groupElement("flags"));
}
