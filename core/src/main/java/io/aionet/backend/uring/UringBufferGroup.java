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

    UringBufferGroup(BufRing ring, boolean incremental) {
        this.ring = ring;
        this.incremental = incremental;
        this.segments = new MemorySegment[ring.entries()];
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
        ring.add(buffer, bid, added++); // range checks of bid and buffer are BufRing's
        if (bid >= segments.length) {
            segments = Arrays.copyOf(segments, Math.max(bid + 1, segments.length * 2));
        }
        segments[bid] = buffer;
    }

    @Override
    public void publish() {
        if (added > 0) {
            ring.advance(added); // the tail's store-release pairs with the kernel's load-acquire
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
