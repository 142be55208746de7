package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.uring.Sqe;

import java.lang.foreign.MemorySegment;

import static io.aionet.uring.IoUringConstants.IOSQE_IO_LINK;

/**
 * An asynchronous connect, optionally with a deadline (a linked timeout). Refused, unreachable and
 * timed out are distinct results: {@code -ECONNREFUSED}, {@code -ENETUNREACH}/{@code -EHOSTUNREACH},
 * {@code -ETIMEDOUT}.
 */
final class ConnectOp extends SocketOp {
    private final int fd;
    private long tag;
    private boolean timed;
    private boolean pending;

    ConnectOp(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    void start(MemorySegment address, int length, long timeoutNanos, long tag) {
        if (pending) {
            throw new IllegalStateException("a connect is already pending");
        }
        this.tag = tag;
        this.timed = timeoutNanos > 0;
        this.pending = true;
        Sqe s = track(sqe().prepConnect(fd, address, length));
        if (timed) {
            s.addFlags(IOSQE_IO_LINK);
            // the timeout's own completion is bookkeeping: the connect's result says what happened
            untracked(sqe().prepLinkTimeout(timeoutNanos, 0));
        }
    }

    @Override
    protected void completed(int res, int flags, boolean more) {
        pending = false;
        int r = res == -Errno.ECANCELED && timed ? -Errno.ETIMEDOUT : res;
        emit(EventKind.COMPLETION, tag, r, 0, null);
    }
}
