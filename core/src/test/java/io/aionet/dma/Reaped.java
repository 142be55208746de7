package io.aionet.dma;

import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.CompletionHandler;

import java.util.concurrent.TimeUnit;

/**
 * One completion at a time from whichever {@link Backend} the test runs on ({@code -Daionet.backend}),
 * with the fields the dma tests read: {@code (userData, res, flags)} as {@link Backend} defines them.
 */
final class Reaped implements CompletionHandler {
    long userData;
    int res;
    int flags;

    @Override
    public void complete(long userData, int res, int flags) {
        this.userData = userData;
        this.res = res;
        this.flags = flags;
    }

    /** Submits, then takes the next completion within {@code timeoutMillis}; false when none came. */
    boolean next(Backend backend, long timeoutMillis) throws LinuxException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        backend.submit();
        while (true) {
            if (backend.reap(this, 1) == 1) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            int rc = backend.submitAndWait(1, left);
            if (rc < 0 && rc != -Errno.ETIME && rc != -Errno.EINTR) {
                throw new LinuxException("submit and wait", -rc);
            }
        }
    }

    boolean hasMore() {
        return (flags & Backend.CQE_F_MORE) != 0;
    }

    boolean isNotification() {
        return (flags & Backend.CQE_F_NOTIF) != 0;
    }

    @Override
    public String toString() {
        return "completion(ud " + userData + ", res " + res + ", flags 0x" + Integer.toHexString(flags) + ")";
    }
}
