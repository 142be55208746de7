package io.aionet.backend.epoll;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A buffer group in user space: the epoll backend's stand-in for io_uring's provided buffer ring
 * ({@code IORING_REGISTER_PBUF_RING}). The program provides buffers {@code (bid, offset, length)} of one
 * memory region; a receive from the group takes the oldest, reads into it and completes with
 * {@code IORING_CQE_F_BUFFER} and the buffer id in {@code flags >>> 16}, exactly as the kernel does.
 *
 * <p>Drepper's ownership rules hold as with the kernel: a provided buffer belongs to the engine until a
 * completion names it (the program must not touch it), and the engine writes only buffers it holds. A
 * receive that finds no data gives the buffer back to the front of the group untouched; an empty group
 * ends a receive with {@code -ENOBUFS}.
 *
 * <p>With {@code incremental} (io_uring's {@code IOU_PBUF_RING_INC}) a buffer is consumed piece by piece:
 * a receive that leaves room keeps the buffer at the front and sets {@code IORING_CQE_F_BUF_MORE}; the
 * next receive continues after the bytes already written.
 */
public final class BufferGroup {
    private final int bgid;
    private final MemorySegment memory;
    private final boolean incremental;
    private final int[] bids;
    private final long[] offsets;
    private final int[] lengths;
    private final int mask;
    private long head;
    private long tail;

    /**
     * @param bgid        the group id the completions' users know it by
     * @param entries     the most buffers the group holds at once (a power of two, at most 32768)
     * @param memory      the region every buffer lies in
     * @param incremental consume buffers piece by piece ({@code IOU_PBUF_RING_INC})
     */
    public BufferGroup(int bgid, int entries, MemorySegment memory, boolean incremental) {
        if (entries <= 0 || entries > 32768 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("entries must be a power of two in [1, 32768]: " + entries);
        }
        if (bgid < 0 || bgid > 0xffff) {
            throw new IllegalArgumentException("bgid must be in [0, 65535]: " + bgid);
        }
        this.bgid = bgid;
        this.memory = Objects.requireNonNull(memory, "memory");
        if (!memory.isNative()) {
            throw new IllegalArgumentException("buffers must be native memory: " + memory);
        }
        this.incremental = incremental;
        this.bids = new int[entries];
        this.offsets = new long[entries];
        this.lengths = new int[entries];
        this.mask = entries - 1;
    }

    /** The group's id. */
    public int bgid() {
        return bgid;
    }

    /** True when buffers are consumed piece by piece. */
    public boolean incremental() {
        return incremental;
    }

    /** Buffers the group holds now. */
    public int available() {
        return (int) (tail - head);
    }

    /**
     * Gives buffer {@code bid} ({@code length} bytes at {@code offset} of the region) to the group: from now
     * on it is the engine's.
     *
     * @throws IllegalArgumentException for a buffer outside the region or a bid outside [0, 65535]
     * @throws IllegalStateException    when the group is full
     */
    public void provide(int bid, long offset, int length) {
        if (bid < 0 || bid > 0xffff) {
            throw new IllegalArgumentException("bid must be in [0, 65535]: " + bid);
        }
        if (length <= 0) {
            throw new IllegalArgumentException("a buffer needs at least one byte: " + length);
        }
        Objects.checkFromIndexSize(offset, length, memory.byteSize());
        if (tail - head == bids.length) {
            throw new IllegalStateException("buffer group " + bgid + " is full (" + bids.length + " buffers)");
        }
        int i = (int) tail & mask;
        bids[i] = bid;
        offsets[i] = offset;
        lengths[i] = length;
        tail++;
    }

    MemorySegment memory() {
        return memory;
    }

    boolean isEmpty() {
        return head == tail;
    }

    int headBid() {
        return bids[(int) head & mask];
    }

    long headOffset() {
        return offsets[(int) head & mask];
    }

    int headLength() {
        return lengths[(int) head & mask];
    }

    /**
     * Records that {@code n > 0} bytes went into the front buffer: the buffer leaves the group, or, when
     * incremental and room is left, stays at the front with its start moved on. Returns true when it stays
     * ({@code IORING_CQE_F_BUF_MORE}).
     */
    boolean consume(int n) {
        int i = (int) head & mask;
        if (incremental && n < lengths[i]) {
            offsets[i] += n;
            lengths[i] -= n;
            return true;
        }
        head++;
        return false;
    }

    /** The front buffer leaves the group whatever was written (message receives never share a buffer). */
    void consumeWhole() {
        head++;
    }
}
