package io.aionet.net;

import io.aionet.Errno;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

import java.lang.foreign.MemorySegment;

/**
 * An asynchronous connect, optionally with a deadline. Refused, unreachable and timed out are distinct
 * results: {@code -ECONNREFUSED}, {@code -ENETUNREACH}/{@code -EHOSTUNREACH}, {@code -ETIMEDOUT}.
 */
final class ConnectOp extends SocketOp {
    private final int fd;
    private long tag;
    private boolean timed;
    private boolean pending;
    /** Null unless a JFR recording enables {@code io.aionet.SlowOperation}. */
    private io.aionet.internal.jfr.SlowOperationEvent slow;

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
        this.slow = io.aionet.internal.jfr.Jfr.startSlow();
        backend().connect(request(0), fd, address, length, timeoutNanos);
    }

    @Override
    protected void completed(int sub, int res, int flags, boolean more) {
        pending = false;
        // a passed deadline ends the request with -ECANCELED (the backend's contract)
        int r = res == -Errno.ECANCELED && timed ? -Errno.ETIMEDOUT : res;
        emit(EventKind.COMPLETION, tag, r, 0, null);
        io.aionet.internal.jfr.Jfr.endSlow(slow, "connect", fd, tag, r);
        slow = null;
    }
}
