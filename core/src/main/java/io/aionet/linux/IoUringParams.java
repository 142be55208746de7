package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_params} (120 bytes) with its two offset tables:
 * <pre>
 * struct io_sqring_offsets { __u32 head, tail, ring_mask, ring_entries, flags, dropped, array, resv1; __u64 user_addr; };
 * struct io_cqring_offsets { __u32 head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1; __u64 user_addr; };
 * struct io_uring_params {
 *     __u32 sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd, resv[3];
 *     struct io_sqring_offsets sq_off;
 *     struct io_cqring_offsets cq_off;
 * };
 * </pre>
 */
public final class IoUringParams {
    private IoUringParams() {}

    public static final StructLayout SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"), JAVA_INT.withName("flags"), JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr"));

    public static final StructLayout CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"), JAVA_INT.withName("overflow"), JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr"));

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"), JAVA_INT.withName("cq_entries"), JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"), JAVA_INT.withName("sq_thread_idle"), JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"), MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            SQRING_OFFSETS.withName("sq_off"), CQRING_OFFSETS.withName("cq_off"));

    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_sq_entries = off("sq_entries");
    public static final long OFFSETOF_cq_entries = off("cq_entries");
    public static final long OFFSETOF_flags = off("flags");
    public static final long OFFSETOF_sq_thread_cpu = off("sq_thread_cpu");
    public static final long OFFSETOF_sq_thread_idle = off("sq_thread_idle");
    public static final long OFFSETOF_features = off("features");
    public static final long OFFSETOF_wq_fd = off("wq_fd");
    public static final long OFFSETOF_sq_off = off("sq_off");
    public static final long OFFSETOF_cq_off = off("cq_off");

    /** Offsets inside {@code io_sqring_offsets} (add {@link #OFFSETOF_sq_off}). */
    public static final long SQ_OFF_head = sq("head"), SQ_OFF_tail = sq("tail"), SQ_OFF_ring_mask = sq("ring_mask"),
            SQ_OFF_ring_entries = sq("ring_entries"), SQ_OFF_flags = sq("flags"), SQ_OFF_dropped = sq("dropped"),
            SQ_OFF_array = sq("array"), SQ_OFF_user_addr = sq("user_addr");
    /** Offsets inside {@code io_cqring_offsets} (add {@link #OFFSETOF_cq_off}). */
    public static final long CQ_OFF_head = cq("head"), CQ_OFF_tail = cq("tail"), CQ_OFF_ring_mask = cq("ring_mask"),
            CQ_OFF_ring_entries = cq("ring_entries"), CQ_OFF_overflow = cq("overflow"), CQ_OFF_cqes = cq("cqes"),
            CQ_OFF_flags = cq("flags"), CQ_OFF_user_addr = cq("user_addr");

    private static long off(String name) {
        return LAYOUT.byteOffset(groupElement(name));
    }

    private static long sq(String name) {
        return SQRING_OFFSETS.byteOffset(groupElement(name));
    }

    private static long cq(String name) {
        return CQRING_OFFSETS.byteOffset(groupElement(name));
    }
}
