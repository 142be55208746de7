package io.aionet.backend.epoll;

import io.aionet.backend.Backend;
import io.aionet.backend.CompletionHandler;

/**
 * The emulated completion queue: {@code (user_data, res, flags)} records in user space, in the order the
 * engine produced them, read in that order. It grows instead of dropping (io_uring's
 * {@code IORING_FEAT_NODROP}: nothing is lost). Like io_uring's completion ring it has a size (the
 * configured completion entries, rounded up to a power of two): records that come while the ring is full
 * wait on an overflow list behind it (here: the same array, past {@code ringEnd}), {@link #drain} hands
 * out only the ring's, and {@link #flush} (the owner's next entry into the backend) moves the overflow
 * into the room drained, so an owner sees overflow exactly as on io_uring. Single-threaded (the engine's owner); handlers may append while
 * {@link #drain} runs: each record is copied out before its handler is called.
 */
final class Completions {
    private long[] userData;
    private int[] res;
    private int[] flags;
    private int mask;
    private long head;
    private long tail;
    /** Records {@code [head, ringEnd)} are in the ring, {@code [ringEnd, tail)} on the overflow list. */
    private long ringEnd;
    /** The completion ring's size as io_uring would make it: more than this waiting is an overflow. */
    private final int ringSize;
    private long overflowed;
    /** Records in the queue that end their request (no {@code F_MORE}, not posted from elsewhere). */
    private int terminal;

    Completions(int capacity) {
        int c = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        userData = new long[c];
        res = new int[c];
        flags = new int[c];
        mask = c - 1;
        ringSize = Math.max(1, Integer.highestOneBit(Math.max(1, capacity) - 1) << 1);
    }

    void add(long ud, int r, int f) {
        if (tail - head == userData.length) {
            grow();
        }
        int i = (int) tail & mask;
        userData[i] = ud;
        res[i] = r;
        flags[i] = f;
        if (ringEnd == tail && tail - head < ringSize) {
            ringEnd++;
        } else {
            overflowed++;
        }
        tail++;
        if (isTerminal(f)) {
            terminal++;
        }
    }

    private void grow() {
        int n = userData.length;
        long[] u = new long[n * 2];
        int[] r = new int[n * 2];
        int[] f = new int[n * 2];
        for (int k = 0; k < n; k++) {
            int from = (int) (head + k) & mask;
            u[k] = userData[from];
            r[k] = res[from];
            f[k] = flags[from];
        }
        userData = u;
        res = r;
        flags = f;
        mask = n * 2 - 1;
        ringEnd -= head;
        tail = n;
        head = 0;
    }

    private static boolean isTerminal(int f) {
        return (f & (Backend.CQE_F_MORE | Backend.CQE_F_POSTED)) == 0;
    }

    /** Queued records that end their request. */
    int terminal() {
        return terminal;
    }

    int size() {
        return (int) (tail - head);
    }

    boolean isEmpty() {
        return tail == head;
    }

    /** Completions that arrived while the queue already held a ring's worth (kept, never dropped). */
    long overflowed() {
        return overflowed;
    }

    /**
     * True while records wait on the overflow list: more came than a completion ring of the configured
     * size holds (io_uring's {@code IORING_SQ_CQ_OVERFLOW}), none lost.
     */
    boolean overflowing() {
        return tail != ringEnd;
    }

    /** True when the ring holds no record (the overflow list may). */
    boolean ringEmpty() {
        return head == ringEnd;
    }

    /** Moves overflowed records into the ring's free room, oldest first. */
    void flush() {
        ringEnd = Math.min(tail, head + ringSize);
    }

    /** Hands up to {@code max} of the ring's records to {@code handler}, oldest first; returns how many. */
    int drain(CompletionHandler handler, int max) {
        int n = 0;
        while (n < max && head != ringEnd) {
            int i = (int) head & mask;
            long u = userData[i];
            int r = res[i];
            int f = flags[i];
            head++;
            n++;
            if (isTerminal(f)) {
                terminal--;
            }
            handler.complete(u, r, f);
        }
        return n;
    }
}
