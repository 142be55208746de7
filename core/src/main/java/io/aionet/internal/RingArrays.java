package io.aionet.internal;

import java.lang.reflect.Array;

/**
 * Growing the parallel arrays behind the library's small FIFO rings (pending events, queued sends): a
 * ring of {@code size} entries starting at {@code head} becomes a ring twice as large starting at 0.
 * Not on any hot path — rings grow only when a burst outruns their current capacity.
 */
public final class RingArrays {
    private RingArrays() {}

    /**
     * A copy of ring {@code src} (an array of any element type, power-of-two length) with twice its
     * capacity, its {@code size} entries from {@code head} moved to the front in order.
     */
    @SuppressWarnings("unchecked")
    public static <A> A grown(A src, int head, int size) {
        int n = Array.getLength(src);
        A dst = (A) Array.newInstance(src.getClass().getComponentType(), n * 2);
        int first = Math.min(size, n - head);
        System.arraycopy(src, head, dst, 0, first);
        System.arraycopy(src, 0, dst, first, size - first);
        return dst;
    }
}
