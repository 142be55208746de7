package io.aionet.event;

import io.aionet.Errno;
import io.aionet.backend.Backend;
import io.aionet.linux.Stat;

/**
 * Readiness of a file descriptor ({@code IORING_OP_POLL_ADD}): edge is a multishot poll, level is a
 * one-shot poll re-armed after each event, one-shot is a single poll left disarmed.
 */
final class FdSource extends Source {
    final int fd;
    int interest;
    Trigger trigger;
    final long dev;
    final long ino;
    private final long[] identity = new long[2];
    /** A poll of this source is pending in the kernel. */
    boolean armed;
    /** What a readiness report is: {@link EventKind#FD_READY}, or {@link EventKind#MQUEUE} for a message queue. */
    EventKind kind = EventKind.FD_READY;
    /** The channel opened {@link #fd} itself (a message queue opened by name) and closes it when retired. */
    boolean ownsFd;

    FdSource(SourceHost host, long tag, int fd, int interest, Trigger trigger, long dev, long ino) {
        super(host, tag);
        this.fd = fd;
        this.interest = interest;
        this.trigger = trigger;
        this.dev = dev;
        this.ino = ino;
    }

    @Override
    void arm() {
        armed = true;
        // level: a one-shot poll re-armed after the program took the round's events (see onCompletion)
        host.backend().pollAdd(nextRequest(), fd, interest, trigger == Trigger.EDGE ? Backend.POLL_EDGE : Backend.POLL_ONESHOT);
    }

    @Override
    void cancel() {
        if (armed) {
            host.backend().pollRemove(INTERNAL, userData());
            armed = false;
        }
    }

    @Override
    void onCompletion(int res, int flags, boolean terminal, PendingEvents out) {
        if (terminal) {
            armed = false;
        }
        if (res == -Errno.ECANCELED) {
            return;
        }
        if (res < 0) {
            out.add(EventKind.ERROR, tag, res, 0, null);
            return;
        }
        out.add(kind, tag, res, 0, null);
        if (terminal && !isRemoved()) {
            if (trigger == Trigger.LEVEL) {
                // Poll again once the program has taken this round's events (next() returned false, or
                // the next await()): a descriptor it drained meanwhile stays quiet, one it left ready
                // reports again — epoll's level semantics, one report per wait.
                host.rearmLater(this);
            } else if (trigger == Trigger.EDGE) {
                arm(); // the kernel ended the multishot poll (e.g. on CQ overflow): keep the stream going
            }
        }
    }

    /** True while {@link #fd} still names the file it named at registration ({@code fstat}: device and inode). */
    boolean stillSameFile() {
        return Stat.identity(fd, identity) >= 0 && identity[0] == dev && identity[1] == ino;
    }

    @Override
    protected void retired() {
        if (ownsFd) {
            ownsFd = false;
            io.aionet.linux.Fds.close(fd);
        }
    }

    @Override
    boolean watchesDescriptor() {
        return true;
    }

    @Override
    int descriptor() {
        return fd;
    }

    static int pollMask(int interest) {
        if ((interest & ~Readiness.VALID) != 0) {
            throw new IllegalArgumentException("unknown readiness bits: 0x" + Integer.toHexString(interest & ~Readiness.VALID));
        }
        if (interest == 0) {
            throw new IllegalArgumentException("interest must name at least one readiness bit");
        }
        return interest;
    }

}
