package io.aionet.net;

import io.aionet.Errno;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.linux.Sockets;

/**
 * Multishot accept: one completion per connection, result = the new descriptor. When the process runs
 * out of descriptors ({@code EMFILE}, {@code ENFILE}) the kernel ends the multishot accept; the error is
 * reported, and accepting resumes after a back-off (1 ms, doubling up to 1 s, reset by a success),
 * leaving the pending connections in the backlog meanwhile. The accept and its back-off timer are
 * sub-requests {@link #ACCEPT} and {@link #BACKOFF}.
 */
final class AcceptOp extends SocketOp {
    private static final int ACCEPT = 0;
    private static final int BACKOFF = 1;
    private static final long MIN_BACKOFF = 1_000_000L;
    private static final long MAX_BACKOFF = 1_000_000_000L;

    /**
     * Resolved when the class initializes: the back-off's log line is written when the process is out of
     * descriptors, when no class file could be opened to load a logger.
     */
    private static final System.Logger LOG = io.aionet.internal.Log.NET;

    private final int fd;
    private long tag;
    private boolean accepting;
    private boolean backingOff;
    private long backoff = MIN_BACKOFF;

    /** The errno's name, from constants alone: loading a class (Errno) needs a descriptor, and there is none. */
    private static String backoffCause(int errno) {
        return errno == Errno.EMFILE ? "EMFILE" : errno == Errno.ENFILE ? "ENFILE"
                : errno == Errno.ENOBUFS ? "ENOBUFS" : "ENOMEM";
    }

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
        backend().acceptMultishot(request(ACCEPT), fd, Sockets.SOCK_CLOEXEC);
    }

    /** Cancels the pending accept (or back-off) before the socket closes. */
    void cancelAll() {
        backend().cancelFd(untracked(), fd);
        if (backingOff) {
            backend().timeoutRemove(untracked(), userData(BACKOFF));
        }
    }

    /** Submits what is queued now. */
    void flush() {
        submitNow();
    }

    @Override
    protected void completed(int sub, int res, int flags, boolean more) {
        if (sub == BACKOFF) { // the back-off timer fired (or was removed at close)
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
            // DEBUG, not WARNING: the program gets the -errno completion and decides what to say and do (a
            // server logs it and sheds a connection, as examples' ServerWorker does): one line per event
            LOG.log(System.Logger.Level.DEBUG, "accept on descriptor {0}: {1}; accepting "
                    + "again in {2} ms", fd, backoffCause(-res), backoff / 1_000_000L);
            backend().timeout(request(BACKOFF), backoff, 0);
            backoff = Math.min(MAX_BACKOFF, backoff * 2);
        } else {
            arm();
        }
    }
}
