package io.aionet.backend.epoll;

/**
 * An intrusive FIFO of {@link Request}s (through {@code prev}/{@code next}): a descriptor's reads, writes,
 * polls or zero-copy sends awaiting notification. Removal from the middle (cancellation, a deadline) is
 * O(1); a request is in at most one queue, which it records.
 */
final class RequestQueue {
    Request head;
    Request tail;
    int size;

    boolean isEmpty() {
        return head == null;
    }

    void add(Request r) {
        if (r.queue != null) {
            throw new IllegalStateException("request already queued: " + r);
        }
        r.queue = this;
        r.prev = tail;
        r.next = null;
        if (tail == null) {
            head = r;
        } else {
            tail.next = r;
        }
        tail = r;
        size++;
    }

    void remove(Request r) {
        if (r.queue != this) {
            throw new IllegalStateException("request not in this queue: " + r);
        }
        if (r.prev == null) {
            head = r.next;
        } else {
            r.prev.next = r.next;
        }
        if (r.next == null) {
            tail = r.prev;
        } else {
            r.next.prev = r.prev;
        }
        r.prev = null;
        r.next = null;
        r.queue = null;
        size--;
    }
}
