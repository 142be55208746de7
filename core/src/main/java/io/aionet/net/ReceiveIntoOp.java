package io.aionet.net;

import io.aionet.Errno;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

import java.lang.foreign.MemorySegment;

/**
 * A receive into memory the caller gives (one at a time), optionally with a deadline — as opposed to
 * {@link PoolReceiveOp}, which receives into buffers the kernel picks from a pool.
 */
final class ReceiveIntoOp extends SocketOp {
    private final int fd;
    private long tag;
    private boolean pending;
    /** Null unless a JFR recording enables {@code io.aionet.SlowOperation}. */
    private io.aionet.internal.jfr.SlowOperationEvent slow;
    private boolean timed;

    ReceiveIntoOp(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    void start(MemorySegment into, long offset, int length, long timeoutNanos, long tag) {
        if (pending) {
            throw new IllegalStateException("a receive into caller memory is already pending on this socket");
        }
        this.tag = tag;
        this.pending = true;
        this.slow = io.aionet.internal.jfr.Jfr.startSlow();
        this.timed = timeoutNanos > 0;
        backend().recv(request(0), fd, into, offset, length, 0, timeoutNanos);
    }

    /** Asks the kernel to cancel the pending receive; it completes with {@code -ECANCELED}, or with its bytes if they came first. */
    void cancel() {
        if (pending) {
            backend().cancel(untracked(), userData(0));
        }
    }

    boolean isPending() {
        return pending;
    }

    @Override
    protected void completed(int sub, int res, int flags, boolean more) {
        pending = false;
        int r = res == -Errno.ECANCELED && timed ? -Errno.ETIMEDOUT : res;
        emit(EventKind.COMPLETION, tag, r, flags, null);
        io.aionet.internal.jfr.Jfr.endSlow(slow, "receive", fd, tag, r);
        slow = null;
    }
}
