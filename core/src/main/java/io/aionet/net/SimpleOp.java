package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

/**
 * Requests whose completion is reported as it is (shutdown and the like): each carries its own tag,
 * found again by the request's sub-request id.
 */
final class SimpleOp extends SocketOp {
    private static final int SUBS = 256;
    private final long[] tags = new long[SUBS];
    private final boolean[] busy = new boolean[SUBS];
    private int next;

    SimpleOp(EventChannel channel) {
        super(channel);
    }

    /**
     * A sub-request id for a request reported with {@code tag}.
     *
     * @throws IllegalStateException when 256 such requests are in flight already
     */
    private int claim(long tag) {
        for (int k = 0; k < SUBS; k++) {
            int sub = (next + k) & (SUBS - 1);
            if (!busy[sub]) {
                busy[sub] = true;
                tags[sub] = tag;
                next = sub + 1;
                return sub;
            }
        }
        throw new IllegalStateException("256 requests of this kind are in flight on this socket");
    }

    /** {@code shutdown(2)} of {@code fd}, reported with {@code tag}. */
    void shutdown(int fd, int how, long tag) {
        backend().shutdown(request(claim(tag)), fd, how);
    }

    /** Cancels every request on {@code fd} (the cancel's own completion is bookkeeping). */
    void cancelFd(int fd) {
        backend().cancelFd(untracked(), fd);
    }

    /** Submits what is queued now (before the socket's descriptor is closed). */
    void flush() {
        submitNow();
    }

    @Override
    protected void completed(int sub, int res, int flags, boolean more) {
        busy[sub] = false;
        emit(EventKind.COMPLETION, tags[sub], res, flags, null);
    }
}
