package io.aionet.backend.uring;

import io.aionet.backend.BufferGroup;
import io.aionet.uring.BufRing;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A buffer group on io_uring: a registered provided buffer ring ({@code IORING_REGISTER_PBUF_RING}).
 * The kernel takes buffers from it itself; {@link #provide} writes ring entries and {@link #publish}
 * store-releases the tail.
 */
final class UringBufferGroup implements BufferGroup {
    private final BufRing ring;
    private final boolean incremental;
    /** Entries written past the tail, not yet published. */
    private int added;
    private MemorySegment[] segments;
    /** Entries published so far: the ring's tail as the kernel reads it, not wrapped. */
    private int published;
    /** The buffer id written at each ring slot, and each buffer id's slot: a bundle's order. */
    private final int[] bidAt;
    private int[] slotOf;

    UringBufferGroup(BufRing ring, boolean incremental) {
        this.ring = ring;
        this.incremental = incremental;
        this.segments = new MemorySegment[ring.entries()];
        this.bidAt = new int[ring.entries()];
        this.slotOf = new int[ring.entries()];
    }

    @Override
    public int bgid() {
        return ring.bgid();
    }

    @Override
    public int entries() {
        return ring.entries();
    }

    @Override
    public boolean isIncremental() {
        return incremental;
    }

    @Override
    public void provide(int bid, MemorySegment buffer) {
        if (added == ring.entries()) {
            throw new IllegalStateException("buffer group " + bgid() + " holds " + added + " unpublished buffers: its ring is full");
        }
        int slot = (published + added) & (bidAt.length - 1);
        ring.add(buffer, bid, added++); // range checks of bid and buffer are BufRing's
        if (bid >= segments.length) {
            segments = Arrays.copyOf(segments, Math.max(bid + 1, segments.length * 2));
        }
        if (bid >= slotOf.length) {
            slotOf = Arrays.copyOf(slotOf, Math.max(bid + 1, slotOf.length * 2));
        }
        segments[bid] = buffer;
        bidAt[slot] = bid;
        slotOf[bid] = slot;
    }

    @Override
    public int following(int bid, int k) {
        if (k < 0 || k >= bidAt.length) {
            throw new IllegalArgumentException("k must be 0 to " + (bidAt.length - 1) + ": " + k);
        }
        // the kernel takes a bundle's buffers from consecutive ring slots, from its head on
        return k == 0 ? bid : bidAt[(slotOf[bid] + k) & (bidAt.length - 1)];
    }

    @Override
    public void publish() {
        if (added > 0) {
            ring.advance(added); // the tail's store-release pairs with the kernel's load-acquire
            published += added;
            added = 0;
        }
    }

    @Override
    public int take() {
        throw new UnsupportedOperationException("io_uring picks buffers of group " + bgid() + " itself");
    }

    @Override
    public MemorySegment segment(int bid) {
        return bid >= 0 && bid < segments.length ? segments[bid] : null;
    }

    @Override
    public void onClose(Runnable action) {
        ring.onClose(action); // BufRing runs it when closed, by us or by the ring's own close
    }

    @Override
    public void close() {
        ring.close();
    }

    @Override
    public String toString() {
        return "UringBufferGroup[bgid " + bgid() + ", " + entries() + " entries" + (incremental ? ", incremental" : "") + "]";
    }
}
