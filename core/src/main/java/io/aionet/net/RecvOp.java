package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.uring.Sqe;

import java.lang.foreign.MemorySegment;

import static io.aionet.uring.IoUringConstants.IOSQE_IO_LINK;

/** A receive into memory the caller gives (one at a time), optionally with a deadline. */
final class RecvOp extends SocketOp {
    private final int fd;
    private long tag;
    private boolean pending;
    private boolean timed;

    RecvOp(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    void start(MemorySegment into, long offset, int length, long timeoutNanos, long tag) {
        if (pending) {
            throw new IllegalStateException("a receive into caller memory is already pending on this socket");
        }
        this.tag = tag;
        this.pending = true;
        this.timed = timeoutNanos > 0;
        Sqe s = track(sqe().prepRecv(fd, into, offset, length, 0));
        if (timed) {
            s.addFlags(IOSQE_IO_LINK);
            untracked(sqe().prepLinkTimeout(timeoutNanos, 0));
        }
    }

    boolean isPending() {
        return pending;
    }

    @Override
    protected void completed(int res, int flags, boolean more) {
        pending = false;
        int r = res == -Errno.ECANCELED && timed ? -Errno.ETIMEDOUT : res;
        emit(EventKind.COMPLETION, tag, r, flags, null);
    }
}
