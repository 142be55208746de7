package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.linux.Sockets;

import java.lang.foreign.MemorySegment;

/**
 * Multishot accept: one completion per connection, result = the new descriptor. When the process runs
 * out of descriptors ({@code EMFILE}, {@code ENFILE}) the kernel ends the multishot accept; the error is
 * reported, and accepting resumes after a back-off (1 ms, doubling up to 1 s, reset by a success),
 * leaving the pending connections in the backlog meanwhile.
 */
final class AcceptOp extends SocketOp {
    private static final long MIN_BACKOFF = 1_000_000L;
    private static final long MAX_BACKOFF = 1_000_000_000L;

    private final int fd;
    private long tag;
    private boolean accepting;
    private boolean backingOff;
    private long backoff = MIN_BACKOFF;

    AcceptOp(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    void start(long tag) {
        if (accepting || backingOff) {
            throw new IllegalStateException("already accepting");
        }
        this.tag = tag;
        arm();
    }

    private void arm() {
        accepting = true;
        track(sqe().prepMultishotAccept(fd, MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC));
    }

    /** Cancels the pending accept (or back-off) before the socket closes. */
    void cancelAll() {
        untracked(sqe().prepCancelFd(fd, io.aionet.uring.IoUringConstants.IORING_ASYNC_CANCEL_ALL));
    }

    @Override
    protected void completed(int res, int flags, boolean more) {
        if (backingOff) { // the back-off timer fired (or was cancelled at close)
            backingOff = false;
            if (!isDetached()) {
                arm();
            }
            return;
        }
        if (res >= 0) {
            backoff = MIN_BACKOFF;
            if (isDetached()) {
                SocketFds.closeQuietly(res);
            } else {
                emit(EventKind.COMPLETION, tag, res, 0, null);
            }
        } else if (res != -Errno.ECANCELED) {
            emit(EventKind.COMPLETION, tag, res, 0, null);
        }
        if (more) {
            return;
        }
        accepting = false;
        if (isDetached() || res == -Errno.ECANCELED || res == -Errno.EBADF || res == -Errno.EINVAL) {
            return;
        }
        if (res == -Errno.EMFILE || res == -Errno.ENFILE || res == -Errno.ENOBUFS || res == -Errno.ENOMEM) {
            backingOff = true;
            track(sqe().prepTimeout(backoff, 0, 0));
            backoff = Math.min(MAX_BACKOFF, backoff * 2);
        } else {
            arm();
        }
    }
}
