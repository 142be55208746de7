package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The provided-buffer-ring structures:
 * <pre>
 * struct io_uring_buf { __u64 addr; __u32 len; __u16 bid; __u16 resv; };
 * struct io_uring_buf_ring { union { struct { __u64 resv1; __u32 resv2; __u16 resv3; __u16 tail; };
 *                                    struct io_uring_buf bufs[0]; }; };
 * struct io_uring_buf_reg { __u64 ring_addr; __u32 ring_entries; __u16 bgid; __u16 flags; __u64 resv[3]; };
 * struct io_uring_buf_status { __u32 buf_group; __u32 head; __u32 resv[8]; };
 * </pre>
 * The ring's {@code tail} overlays the {@code resv} field of entry 0.
 */
public final class IoUringBuf {
    private IoUringBuf() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"), JAVA_INT.withName("len"), JAVA_SHORT.withName("bid"),
            JAVA_SHORT.withName("resv"));

    public static final StructLayout REG_LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ring_addr"), JAVA_INT.withName("ring_entries"), JAVA_SHORT.withName("bgid"),
            JAVA_SHORT.withName("flags"), MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("resv"));

    public static final StructLayout STATUS_LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("buf_group"), JAVA_INT.withName("head"),
            MemoryLayout.sequenceLayout(8, JAVA_INT).withName("resv"));

    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_addr = LAYOUT.byteOffset(groupElement("addr"));
    public static final long OFFSETOF_len = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSETOF_bid = LAYOUT.byteOffset(groupElement("bid"));
    public static final long OFFSETOF_resv = LAYOUT.byteOffset(groupElement("resv"));
    /** {@code io_uring_buf_ring.tail}: the same bytes as entry 0's {@code resv}. */
    public static final long OFFSETOF_ring_tail = OFFSETOF_resv;

    public static final long SIZEOF_reg = REG_LAYOUT.byteSize();
    public static final long OFFSETOF_reg_ring_addr = REG_LAYOUT.byteOffset(groupElement("ring_addr"));
    public static final long OFFSETOF_reg_ring_entries = REG_LAYOUT.byteOffset(groupElement("ring_entries"));
    public static final long OFFSETOF_reg_bgid = REG_LAYOUT.byteOffset(groupElement("bgid"));
    public static final long OFFSETOF_reg_flags = REG_LAYOUT.byteOffset(groupElement("flags"));

    public static final long SIZEOF_status = STATUS_LAYOUT.byteSize();
    public static final long OFFSETOF_status_buf_group = STATUS_LAYOUT.byteOffset(groupElement("buf_group"));
    public static final long OFFSETOF_status_head = STATUS_LAYOUT.byteOffset(groupElement("head"));
}
