package io.aionet.event;

import io.aionet.Errno;

import static io.aionet.uring.IoUringConstants.IORING_TIMEOUT_MULTISHOT;

/**
 * The channel's periodic check that registered descriptors are still the files they were: a closed
 * descriptor (or one whose number now names another file) gets an {@link EventKind#ERROR} event and
 * its registration is dropped, and the channel keeps working.
 */
final class SweepSource extends Source {
    private final long periodNanos;
    boolean armed;

    SweepSource(EventChannel channel, long periodNanos) {
        super(channel, 0);
        this.periodNanos = periodNanos;
    }

    @Override
    void arm() {
        generation++;
        inKernel++;
        armed = true;
        channel.sqe().prepTimeout(periodNanos, 0, channel.multishotTimeouts ? IORING_TIMEOUT_MULTISHOT : 0)
                .userData(userData());
    }

    @Override
    void cancel() {
        if (armed) {
            channel.sqe().prepTimeoutRemove(userData(), 0).userData(EventChannel.INTERNAL);
            armed = false;
        }
    }

    @Override
    void onCompletion(int res, int flags, boolean terminal, PendingEvents out) {
        if (terminal) {
            armed = false;
        }
        if (res == -Errno.ETIME) {
            channel.sweepDescriptors(out);
        }
        if (terminal && !removed && res != -Errno.ECANCELED) {
            arm();
        }
    }
}
