package io.aionet.uring;

import io.aionet.linux.IoUringParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The submission side of a ring: the kernel-shared indices ({@code khead}, {@code ktail},
 * {@code kflags}, {@code kdropped}) and this side's private ones ({@code sqeHead}, {@code sqeTail}),
 * named as in liburing.
 *
 * <p>Memory order: SQEs are written with plain stores, then {@code ktail} is published with a
 * store-release; it pairs with the kernel's {@code smp_load_acquire(&rings->sq.tail)} in
 * {@code io_submit_sqes}. {@code khead} is read with a load-acquire; it pairs with the kernel's
 * {@code smp_store_release(&rings->sq.head)} after it has consumed the entries, so a slot is never
 * rewritten while the kernel may still read it.
 */
final class SubmissionQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    final MemorySegment ring;
    final MemorySegment sqes;
    final long khead;
    final long ktail;
    final long kflags;
    final long kdropped;
    final int ringMask;
    final int ringEntries;
    final int sqeShift;

    /** Next SQE to hand to the kernel (everything before it has been published). */
    int sqeHead;
    /** Next free SQE. */
    int sqeTail;
    /**
     * The last {@code khead} read. The kernel only ever moves {@code khead} forward, so a stale copy
     * can only make the queue look fuller than it is: {@link #nextSqe} re-reads it (load-acquire,
     * pairing with the kernel's release of {@code sq.head}) only then, before a slot is reused. This
     * takes a shared-memory load off every {@code getSqe}.
     */
    private int cachedKhead;

    SubmissionQueue(MemorySegment ring, MemorySegment sqes, MemorySegment params, boolean sqe128, boolean noSqArray) {
        this.ring = ring;
        this.sqes = sqes;
        long base = IoUringParams.OFFSETOF_sq_off;
        this.khead = u32(params, base + IoUringParams.SQ_OFF_head);
        this.ktail = u32(params, base + IoUringParams.SQ_OFF_tail);
        this.kflags = u32(params, base + IoUringParams.SQ_OFF_flags);
        this.kdropped = u32(params, base + IoUringParams.SQ_OFF_dropped);
        this.ringMask = ring.get(ValueLayout.JAVA_INT, u32(params, base + IoUringParams.SQ_OFF_ring_mask));
        this.ringEntries = ring.get(ValueLayout.JAVA_INT, u32(params, base + IoUringParams.SQ_OFF_ring_entries));
        this.sqeShift = sqe128 ? 7 : 6;
        if (!noSqArray) {
            // Identity mapping, written once: slot i of the index array always names SQE i, so SQEs are
            // consumed in ring order exactly as with IORING_SETUP_NO_SQARRAY.
            long array = u32(params, base + IoUringParams.SQ_OFF_array);
            for (int i = 0; i < ringEntries; i++) {
                ring.set(ValueLayout.JAVA_INT, array + 4L * i, i);
            }
        }
        int head = (int) INT.getAcquire(ring, khead);
        this.sqeHead = head;
        this.sqeTail = head;
        this.cachedKhead = head;
    }

    private static long u32(MemorySegment params, long off) {
        return Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, off));
    }

    /** The kernel's consumption index (load-acquire; pairs with the kernel's release of sq.head). */
    int khead() {
        return (int) INT.getAcquire(ring, khead);
    }

    /** Free SQE slots. */
    int spaceLeft() {
        return ringEntries - (sqeTail - khead());
    }

    /** Entries prepared but not yet consumed by the kernel (published or not). */
    int ready() {
        return sqeTail - khead();
    }

    /**
     * Claims the next SQE slot: its byte offset in {@link #sqes}, or -1 when all slots are in use.
     */
    long nextSqe() {
        int tail = sqeTail;
        if (tail - cachedKhead >= ringEntries) {
            cachedKhead = khead();
            if (tail - cachedKhead >= ringEntries) {
                return -1;
            }
        }
        sqeTail = tail + 1;
        return (long) (tail & ringMask) << sqeShift;
    }

    /** The slot index of an SQE byte offset. */
    int indexOf(long sqeOffset) {
        return (int) (sqeOffset >>> sqeShift);
    }

    /**
     * Publishes every prepared SQE to the kernel: store-release of {@code ktail}.
     *
     * @return how many entries this call newly published
     */
    int flush() {
        int tail = sqeTail;
        int fresh = tail - sqeHead;
        if (fresh != 0) {
            sqeHead = tail;
            // Pairs with the kernel's smp_load_acquire of sq.tail: the SQE bytes written above are
            // visible before the new tail is.
            INT.setRelease(ring, ktail, tail);
        }
        return fresh;
    }

    /** Published entries the kernel has not consumed yet (what {@code to_submit} should be). */
    int pendingInKernelView() {
        return sqeHead - khead();
    }

    /** {@code sq_ring->flags}: {@code IORING_SQ_*}. Opaque: the kernel sets these bits asynchronously. */
    int flags() {
        return (int) INT.getOpaque(ring, kflags);
    }

    /** {@code sq_ring->dropped}: entries the kernel found invalid and skipped. */
    int dropped() {
        return (int) INT.getOpaque(ring, kdropped);
    }
}
