package io.aionet.backend.epoll;

import io.aionet.backend.BufferGroup;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffer group in user space: the epoll backend's stand-in for io_uring's provided buffer ring
 * ({@code IORING_REGISTER_PBUF_RING}). A receive from the group takes the oldest published buffer, reads
 * into it and completes with {@code IORING_CQE_F_BUFFER} and the buffer id in {@code flags >>> 16},
 * exactly as the kernel does.
 *
 * <p>Drepper's ownership rules hold as with the kernel: a provided buffer belongs to the backend until a
 * completion names it without {@code F_BUF_MORE} (the program must not touch it), and the backend
 * writes only buffers it holds. A receive that finds no data leaves the buffer at the front of the group
 * untouched; an empty group ends a receive with {@code -ENOBUFS}.
 *
 * <p>With {@code incremental} (io_uring's {@code IOU_PBUF_RING_INC}) a buffer is consumed piece by piece:
 * a receive that leaves room keeps the buffer at the front and sets {@code IORING_CQE_F_BUF_MORE}; the
 * next receive continues after the bytes already written.
 */
final class EpollBufferGroup implements BufferGroup {
    private final EpollBackend owner;
    private final int bgid;
    private final boolean incremental;
    private final int[] bids;
    private final int mask;
    private MemorySegment[] segments = new MemorySegment[64];
    /** Each buffer id's slot in {@code bids}, as last provided. */
    private int[] slotOf = new int[64];
    private long head;
    private long published;
    private long tail;
    /** Bytes of the front buffer already handed out (incremental groups). */
    private long headUsed;
    private boolean closed;

    EpollBufferGroup(EpollBackend owner, int bgid, int entries, boolean incremental) {
        this.owner = owner;
        this.bgid = bgid;
        this.incremental = incremental;
        this.bids = new int[entries];
        this.mask = entries - 1;
    }

    @Override
    public int bgid() {
        return bgid;
    }

    @Override
    public int entries() {
        return bids.length;
    }

    @Override
    public boolean isIncremental() {
        return incremental;
    }

    @Override
    public void provide(int bid, MemorySegment buffer) {
        checkOpen();
        Objects.requireNonNull(buffer, "buffer");
        if (bid < 0 || bid > 0xffff) {
            throw new IllegalArgumentException("bid must fit 16 bits: " + bid);
        }
        if (!buffer.isNative() || buffer.byteSize() == 0 || buffer.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a provided buffer is native memory of 1 to 2^31-1 bytes: " + buffer);
        }
        if (tail - head == bids.length) {
            throw new IllegalStateException("buffer group " + bgid + " is full (" + bids.length + " buffers)");
        }
        if (bid >= segments.length) {
            segments = Arrays.copyOf(segments, Math.max(bid + 1, segments.length * 2));
        }
        if (bid >= slotOf.length) {
            slotOf = Arrays.copyOf(slotOf, Math.max(bid + 1, slotOf.length * 2));
        }
        segments[bid] = buffer;
        slotOf[bid] = (int) tail & mask;
        bids[(int) tail & mask] = bid;
        tail++;
    }

    @Override
    public void publish() {
        checkOpen();
        published = tail;
    }

    @Override
    public int take() {
        checkOpen();
        if (isEmpty()) {
            return -1;
        }
        int bid = headBid();
        head++;
        headUsed = 0;
        return bid;
    }

    @Override
    public int following(int bid, int k) {
        if (k < 0 || k >= bids.length) {
            throw new IllegalArgumentException("k must be 0 to " + (bids.length - 1) + ": " + k);
        }
        return k == 0 ? bid : bids[(slotOf[bid] + k) & mask];
    }

    @Override
    public MemorySegment segment(int bid) {
        return bid >= 0 && bid < segments.length ? segments[bid] : null;
    }

    private Runnable onClose;

    @Override
    public void onClose(Runnable action) {
        this.onClose = action;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.groupClosed(this);
            Runnable r = onClose;
            onClose = null;
            if (r != null) {
                r.run(); // nothing reads into the buffers any more
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    boolean isEmpty() {
        return head == published;
    }

    int headBid() {
        return bids[(int) head & mask];
    }

    MemorySegment headSegment() {
        return segments[headBid()];
    }

    /** Where in the front buffer the next bytes go. */
    long headOffset() {
        return headUsed;
    }

    /** Room left in the front buffer. */
    int headLength() {
        return (int) (headSegment().byteSize() - headUsed);
    }

    /**
     * Records that {@code n > 0} bytes went into the front buffer: it leaves the group, or, when
     * incremental and room is left, stays at the front with its start moved on. True when it stays
     * ({@code IORING_CQE_F_BUF_MORE}).
     */
    boolean consume(int n) {
        if (incremental && n < headLength()) {
            headUsed += n;
            return true;
        }
        head++;
        headUsed = 0;
        return false;
    }

    /** How many buffers a receive may take now. */
    int available() {
        return (int) (published - head);
    }

    /** The memory of the buffer {@code k} places behind the front one ({@code k < available()}). */
    MemorySegment segmentAt(int k) {
        return segments[bids[(int) (head + k) & mask]];
    }

    /**
     * Records that {@code n > 0} bytes went into the buffers from the front on, each filled to its end
     * but the last (a bundle): every filled buffer leaves the group, the last one too unless incremental
     * with room left. True when it stays ({@code IORING_CQE_F_BUF_MORE}).
     */
    boolean consumeAcross(long n) {
        for (;;) {
            int room = headLength();
            if (n < room) {
                return consume((int) n);
            }
            n -= room;
            head++;
            headUsed = 0;
            if (n == 0) {
                return false;
            }
        }
    }

    /** The front buffer leaves the group whatever was written (a message receive never shares a buffer). */
    void consumeWhole() {
        head++;
        headUsed = 0;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("buffer group " + bgid + " is closed");
        }
    }

    @Override
    public String toString() {
        return "EpollBufferGroup[bgid " + bgid + ", " + (published - head) + " of " + bids.length + " buffers"
                + (incremental ? ", incremental" : "") + "]";
    }
}
