package io.aionet.uring;

import io.aionet.linux.IoUringParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static io.aionet.uring.IoUringConstants.IORING_CQE_F_MORE;

/**
 * The completion side of a ring: {@code khead} (written only by us), {@code ktail} (written by the
 * kernel), {@code koverflow} and the CQE array.
 *
 * <p>Memory order: {@code ktail} is read with a load-acquire, pairing with the kernel's
 * {@code smp_store_release} of {@code cq.tail} after it has filled the CQEs, so the CQE bytes read
 * below are complete. {@code khead} is published with a store-release after the CQEs have been read,
 * pairing with the kernel's {@code smp_load_acquire(&rings->cq.head)} when it checks for free room,
 * so the kernel never overwrites a CQE we are still reading.
 */
final class CompletionQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    final MemorySegment ring;
    final long khead;
    final long ktail;
    final long koverflow;
    final long kflags;
    final long cqes;
    final int ringMask;
    final int ringEntries;
    final int cqeShift;

    /** Our copy of {@code khead}: the kernel never writes it. */
    int head;
    /** Completions seen that end their request (no {@code IORING_CQE_F_MORE}). */
    long terminalSeen;

    CompletionQueue(MemorySegment ring, MemorySegment params, boolean cqe32) {
        this.ring = ring;
        long base = IoUringParams.OFFSETOF_cq_off;
        this.khead = u32(params, base + IoUringParams.CQ_OFF_head);
        this.ktail = u32(params, base + IoUringParams.CQ_OFF_tail);
        this.koverflow = u32(params, base + IoUringParams.CQ_OFF_overflow);
        this.kflags = u32(params, base + IoUringParams.CQ_OFF_flags);
        this.cqes = u32(params, base + IoUringParams.CQ_OFF_cqes);
        this.ringMask = ring.get(ValueLayout.JAVA_INT, u32(params, base + IoUringParams.CQ_OFF_ring_mask));
        this.ringEntries = ring.get(ValueLayout.JAVA_INT, u32(params, base + IoUringParams.CQ_OFF_ring_entries));
        this.cqeShift = cqe32 ? 5 : 4;
        this.head = (int) INT.getAcquire(ring, khead);
    }

    private static long u32(MemorySegment params, long off) {
        return Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, off));
    }

    /** Completions ready to read: load-acquire of {@code ktail}. */
    int ready() {
        return (int) INT.getAcquire(ring, ktail) - head;
    }

    /** Byte offset in {@link #ring} of the completion {@code i} places after the head. */
    long offsetOf(int i) {
        return cqes + ((long) ((head + i) & ringMask) << cqeShift);
    }

    /** Consumes {@code n} completions: store-release of {@code khead}. */
    void advance(int n) {
        if (n > 0) {
            head += n;
            INT.setRelease(ring, khead, head);
        }
    }

    /** Hands up to {@code max} ready completions to {@code h}; the head is published even if {@code h} throws. */
    int forEach(CqeHandler h, int max) {
        int ready = ready();
        int n = Math.min(ready, max);
        int done = 0;
        try {
            while (done < n) {
                long off = offsetOf(done);
                long userData = ring.get(ValueLayout.JAVA_LONG, off);
                int res = ring.get(ValueLayout.JAVA_INT, off + 8);
                int flags = ring.get(ValueLayout.JAVA_INT, off + 12);
                if ((flags & (IORING_CQE_F_MORE | IoUring.CQE_F_POSTED)) == 0) {
                    terminalSeen++;
                }
                done++;
                h.handle(userData, res, flags);
            }
        } finally {
            advance(done);
        }
        return done;
    }

    /** Copies the head completion into {@code out} without consuming it; false when none is ready. */
    boolean peek(Cqe out) {
        if (ready() <= 0) {
            return false;
        }
        long off = offsetOf(0);
        out.userData = ring.get(ValueLayout.JAVA_LONG, off);
        out.res = ring.get(ValueLayout.JAVA_INT, off + 8);
        out.flags = ring.get(ValueLayout.JAVA_INT, off + 12);
        return true;
    }

    /** Consumes {@code n} peeked completions, counting those that end their request. */
    void seen(int n) {
        for (int i = 0; i < n; i++) {
            int flags = ring.get(ValueLayout.JAVA_INT, offsetOf(i) + 12);
            if ((flags & (IORING_CQE_F_MORE | IoUring.CQE_F_POSTED)) == 0) {
                terminalSeen++;
            }
        }
        advance(n);
    }

    /** {@code cq_ring->overflow}: completions the kernel had to drop. */
    int overflow() {
        return (int) INT.getAcquire(ring, koverflow);
    }

    /** {@code cq_ring->flags}. */
    int flags() {
        return (int) INT.getOpaque(ring, kflags);
    }

    /** Sets {@code cq_ring->flags} (e.g. {@code IORING_CQ_EVENTFD_DISABLED}). */
    void setFlags(int flags) {
        INT.setRelease(ring, kflags, flags);
    }
}
