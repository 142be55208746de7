package io.aionet.backend.epoll;

import io.aionet.linux.Fds;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Completions posted to an engine from any thread ({@code IORING_OP_MSG_RING}'s job, and plain wake-ups):
 * a locked queue of {@code (user_data, res, flags)} and an eventfd in the engine's epoll set. A poster
 * writes the eventfd only when the queue goes from empty to not empty; the engine reads the eventfd
 * before it takes the queue, so a post that lands between the two writes it again and is never missed.
 */
final class PostBox {
    private final int eventFd;
    private final MemorySegment one;
    private long[] userData = new long[16];
    private int[] res = new int[16];
    private int[] flags = new int[16];
    private int count;
    /** Written under the lock, read without it by the engine's quick check. */
    private volatile boolean pending;
    private boolean closed;

    PostBox(int eventFd, Arena arena) {
        this.eventFd = eventFd;
        this.one = arena.allocate(ValueLayout.JAVA_LONG);
    }

    /** Queues a completion; false when the engine is closed. Thread-safe. */
    boolean post(long ud, int r, int f) {
        boolean wake;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (count == userData.length) {
                userData = java.util.Arrays.copyOf(userData, count * 2);
                res = java.util.Arrays.copyOf(res, count * 2);
                flags = java.util.Arrays.copyOf(flags, count * 2);
            }
            userData[count] = ud;
            res[count] = r;
            flags[count] = f;
            wake = count++ == 0;
            pending = true;
            if (wake) {
                signal();
            }
        }
        return true;
    }

    /** Wakes the engine out of its wait without a completion. Thread-safe. */
    void wakeup() {
        synchronized (this) {
            if (!closed) {
                signal();
            }
        }
    }

    private void signal() {
        // under the lock: write uses a segment shared by all posters
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        Fds.write(eventFd, one);
    }

    boolean pending() {
        return pending;
    }

    /** Moves the posted completions into {@code into}; the engine's thread only. */
    void drain(Completions into) {
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                into.add(userData[i], res[i], flags[i]);
            }
            count = 0;
            pending = false;
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
        }
    }
}
