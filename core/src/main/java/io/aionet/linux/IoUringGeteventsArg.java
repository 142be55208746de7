package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_getevents_arg}, passed to {@code io_uring_enter} with
 * {@code IORING_ENTER_EXT_ARG} (24 bytes; {@code min_wait_usec} was {@code pad} before 6.12):
 * <pre>
 * struct io_uring_getevents_arg { __u64 sigmask; __u32 sigmask_sz; __u32 min_wait_usec; __u64 ts; };
 * </pre>
 */
public final class IoUringGeteventsArg {
    private IoUringGeteventsArg() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("sigmask"), JAVA_INT.withName("sigmask_sz"), JAVA_INT.withName("min_wait_usec"),
            JAVA_LONG.withName("ts"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_sigmask = LAYOUT.byteOffset(groupElement("sigmask"));
    public static final long OFFSETOF_sigmask_sz = LAYOUT.byteOffset(groupElement("sigmask_sz"));
    public static final long OFFSETOF_min_wait_usec = LAYOUT.byteOffset(groupElement("min_wait_usec"));
    public static final long OFFSETOF_ts = LAYOUT.byteOffset(groupElement("ts"));
}
