package io.aionet.event;

import io.aionet.Errno;

/**
 * A source that is a descriptor of its own, polled by the ring with a multishot poll: when it turns
 * readable the source reads what waits there and turns each record into events (signalfd, inotify).
 * A multishot poll the kernel ends early (e.g. on CQ overflow) is armed again.
 */
abstract class PolledSource extends Source {
    final int fd;
    boolean armed;

    PolledSource(EventChannel channel, long tag, int fd) {
        super(channel, tag);
        this.fd = fd;
    }

    @Override
    void arm() {
        generation++;
        inKernel++;
        armed = true;
        channel.sqe().prepPollMultishot(fd, Readiness.READ).userData(userData());
    }

    @Override
    void cancel() {
        if (armed) {
            channel.sqe().prepPollRemove(userData()).userData(EventChannel.INTERNAL);
            armed = false;
        }
    }

    @Override
    final void onCompletion(int res, int flags, boolean terminal, PendingEvents out) {
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
        readInto(out);
        if (terminal && !removed) {
            arm(); // the kernel ended the multishot poll (e.g. on CQ overflow): keep listening
        }
    }

    /** Reads every record waiting on {@link #fd} (non-blocking) and adds its events. */
    abstract void readInto(PendingEvents out);
}
