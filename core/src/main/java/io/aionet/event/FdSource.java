package io.aionet.event;

import io.aionet.Errno;

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
    /** A poll of this source is pending in the kernel. */
    boolean armed;
    /** What a readiness report is: {@link EventKind#FD_READY}, or {@link EventKind#MQUEUE} for a message queue. */
    EventKind kind = EventKind.FD_READY;
    /** The channel opened {@link #fd} itself (a message queue opened by name) and closes it when retired. */
    boolean ownsFd;

    FdSource(EventChannel channel, long tag, int fd, int interest, Trigger trigger, long dev, long ino) {
        super(channel, tag);
        this.fd = fd;
        this.interest = interest;
        this.trigger = trigger;
        this.dev = dev;
        this.ino = ino;
    }

    @Override
    void arm() {
        generation++;
        inKernel++;
        armed = true;
        var sqe = channel.sqe();
        if (trigger == Trigger.EDGE) {
            sqe.prepPollMultishot(fd, interest);
        } else {
            sqe.prepPollAdd(fd, interest);
        }
        sqe.userData(userData());
    }

    @Override
    void cancel() {
        if (armed) {
            channel.sqe().prepPollRemove(userData()).userData(EventChannel.INTERNAL);
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
        if (terminal && !removed) {
            if (trigger == Trigger.LEVEL) {
                // Poll again once the program has taken this round's events (next() returned false, or
                // the next await()): a descriptor it drained meanwhile stays quiet, one it left ready
                // reports again — epoll's level semantics, one report per wait.
                channel.rearmLater(this);
            } else if (trigger == Trigger.EDGE) {
                arm(); // the kernel ended the multishot poll (e.g. on CQ overflow): keep the stream going
            }
        }
    }

    @Override
    void retired() {
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
