package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

/**
 * Requests whose completion is reported as it is (shutdown and the like): each carries its own tag,
 * found again by the request's sub-request id.
 */
final class SimpleOp extends SocketOp {
    /** Sub-request ids: at most this many such requests in flight on one socket. */
    private static final int SUBS = 256;
    // Grown on demand (a power of two up to SUBS): most sockets never have more than one such request,
    // and 10,000 idle connections must not hold 2 KiB of tag table each.
    private long[] tags = new long[2];
    private boolean[] busy = new boolean[2];
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
        int n = busy.length;
        for (int k = 0; k < n; k++) {
            int sub = (next + k) & (n - 1);
            if (!busy[sub]) {
                return take(sub, tag);
            }
        }
        if (n == SUBS) {
            throw new IllegalStateException(SUBS + " requests of this kind are in flight on this socket");
        }
        tags = java.util.Arrays.copyOf(tags, n * 2);
        busy = java.util.Arrays.copyOf(busy, n * 2);
        return take(n, tag);
    }

    private int take(int sub, long tag) {
        busy[sub] = true;
        tags[sub] = tag;
        next = sub + 1;
        return sub;
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
