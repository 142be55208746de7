package io.aionet.backend.epoll;

/**
 * A binary min-heap of requests by deadline ({@code System.nanoTime()}, i.e. {@code CLOCK_MONOTONIC} on
 * Linux): pure monotonic timeouts and the deadlines of receives and connects. The engine arms its one
 * timerfd for {@link #earliest()}. A request knows its slot ({@code heapIndex}), so removal is O(log n).
 */
final class Deadlines {
    private Request[] heap = new Request[64];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The earliest deadline, or {@code Long.MAX_VALUE} when there is none. */
    long earliest() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    Request peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Request r) {
        if (r.heapIndex >= 0) {
            throw new IllegalStateException("deadline already set: " + r);
        }
        if (size == heap.length) {
            heap = java.util.Arrays.copyOf(heap, size * 2);
        }
        heap[size] = r;
        r.heapIndex = size;
        up(size++);
    }

    void remove(Request r) {
        int i = r.heapIndex;
        if (i < 0) {
            return;
        }
        r.heapIndex = -1;
        Request last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            up(i);
            down(last.heapIndex);
        }
    }

    private void up(int i) {
        Request r = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            Request q = heap[p];
            if (q.deadline - r.deadline <= 0) {
                break;
            }
            heap[i] = q;
            q.heapIndex = i;
            i = p;
        }
        heap[i] = r;
        r.heapIndex = i;
    }

    private void down(int i) {
        Request r = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int rc = c + 1;
            if (rc < size && heap[rc].deadline - heap[c].deadline < 0) {
                c = rc;
            }
            if (r.deadline - heap[c].deadline <= 0) {
                break;
            }
            heap[i] = heap[c];
            heap[i].heapIndex = i;
            i = c;
        }
        heap[i] = r;
        r.heapIndex = i;
    }
}
