package io.aionet.event;

import io.aionet.Errno;

import static io.aionet.uring.IoUringConstants.IORING_TIMEOUT_ABS;
import static io.aionet.uring.IoUringConstants.IORING_TIMEOUT_BOOTTIME;
import static io.aionet.uring.IoUringConstants.IORING_TIMEOUT_MULTISHOT;
import static io.aionet.uring.IoUringConstants.IORING_TIMEOUT_REALTIME;

/**
 * A timer ({@code IORING_OP_TIMEOUT} with no completion count): one-shot or periodic, relative or
 * absolute, on one of three clocks. A periodic timer whose first expiry differs from its period starts
 * with a one-shot; the period then runs as a multishot timeout (Linux 6.4), or as a chain of one-shots
 * where multishot timeouts are missing.
 */
final class TimerSource extends Source {
    long delayNanos;
    long periodNanos;
    final TimerClock clock;
    boolean absolute;
    /** The current request is the first expiry of a periodic timer. */
    private boolean first;
    /** The current request is a multishot periodic timeout. */
    private boolean multishot;
    boolean armed;

    TimerSource(EventChannel channel, long tag, long delayNanos, long periodNanos, TimerClock clock, boolean absolute) {
        super(channel, tag);
        this.delayNanos = delayNanos;
        this.periodNanos = periodNanos;
        this.clock = clock;
        this.absolute = absolute;
    }

    private int clockFlags() {
        return switch (clock) {
            case MONOTONIC -> 0;
            case REALTIME -> IORING_TIMEOUT_REALTIME;
            case BOOTTIME -> IORING_TIMEOUT_BOOTTIME;
        };
    }

    @Override
    void arm() {
        if (periodNanos > 0 && !absolute && delayNanos == periodNanos && channel.multishotTimeouts) {
            submit(periodNanos, IORING_TIMEOUT_MULTISHOT, false, true);
        } else {
            submit(delayNanos, absolute ? IORING_TIMEOUT_ABS : 0, periodNanos > 0, false);
        }
    }

    private void submit(long nanos, int flags, boolean isFirst, boolean isMultishot) {
        generation++;
        inKernel++;
        armed = true;
        first = isFirst;
        multishot = isMultishot;
        channel.sqe().prepTimeout(nanos, 0, flags | clockFlags()).userData(userData());
    }

    private void armPeriod() {
        if (channel.multishotTimeouts) {
            submit(periodNanos, IORING_TIMEOUT_MULTISHOT, false, true);
        } else {
            submit(periodNanos, 0, false, false);
        }
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
        if (res == -Errno.ECANCELED) {
            return;
        }
        if (res != -Errno.ETIME && res < 0) {
            out.add(EventKind.ERROR, tag, res, 0, null);
            return;
        }
        out.add(EventKind.TIMER, tag, 1, 0, null);
        if (terminal && !removed && periodNanos > 0 && (first || !multishot)) {
            armPeriod();
        }
    }
}
