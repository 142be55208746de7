package io.aionet.backend.uring;

import io.aionet.linux.Fds;

import java.util.Arrays;

/**
 * Requests in flight that run on a duplicate descriptor the backend made when they were asked for (an
 * fsync, which io_uring always hands to an io-wq worker that looks its descriptor up late): per slot the
 * caller's {@code user_data} and the duplicate, closed when the request completes. Slots are reused; the
 * arrays grow only when more such requests are in flight than ever before. Owner thread only.
 */
final class PinnedFiles {
    private long[] userData = new long[4];
    private int[] fds = new int[4];
    private int[] free = {3, 2, 1, 0};
    private int freeTop = 4;

    /** A slot holding {@code ud} and the duplicate {@code fd}. */
    int take(long ud, int fd) {
        if (freeTop == 0) {
            int n = fds.length;
            userData = Arrays.copyOf(userData, n * 2);
            fds = Arrays.copyOf(fds, n * 2);
            free = Arrays.copyOf(free, n * 2);
            for (int i = n * 2 - 1; i >= n; i--) {
                free[freeTop++] = i;
            }
        }
        int slot = free[--freeTop];
        userData[slot] = ud;
        fds[slot] = fd;
        return slot;
    }

    long userData(int slot) {
        return userData[slot];
    }

    /** The slot of the request the caller tagged {@code ud}, or -1. */
    int slotOf(long ud) {
        for (int i = 0; i < fds.length; i++) {
            if (userData[i] == ud && fds[i] >= 0 && isTaken(i)) {
                return i;
            }
        }
        return -1;
    }

    /** Frees {@code slot}; returns its duplicate, for the caller to close. */
    int release(int slot) {
        int fd = fds[slot];
        fds[slot] = -1;
        free[freeTop++] = slot;
        return fd;
    }

    /** Closes the duplicates of requests that never completed (the backend is closing). */
    void closeAll() {
        for (int i = 0; i < fds.length; i++) {
            if (fds[i] >= 0 && isTaken(i)) {
                Fds.close(fds[i]);
                fds[i] = -1;
            }
        }
    }

    private boolean isTaken(int slot) {
        for (int k = 0; k < freeTop; k++) {
            if (free[k] == slot) {
                return false;
            }
        }
        return true;
    }
}
