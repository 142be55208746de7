package io.aionet.event;

import io.aionet.Errno;

import io.aionet.backend.Backend;

/**
 * The channel's periodic check that registered descriptors are still the files they were: a closed
 * descriptor (or one whose number now names another file) gets an {@link EventKind#ERROR} event and
 * its registration is dropped, and the channel keeps working.
 */
final class SweepSource extends Source {
    private final long periodNanos;
    boolean armed;

    SweepSource(SourceHost host, long periodNanos) {
        super(host, 0);
        this.periodNanos = periodNanos;
    }

    @Override
    void arm() {
        armed = true;
        host.backend().timeout(nextRequest(), periodNanos, host.multishotTimeouts() ? Backend.TIMEOUT_MULTISHOT : 0);
    }

    @Override
    void cancel() {
        if (armed) {
            host.backend().timeoutRemove(INTERNAL, userData());
            armed = false;
        }
    }

    @Override
    void onCompletion(int res, int flags, boolean terminal, PendingEvents out) {
        if (terminal) {
            armed = false;
        }
        if (res == -Errno.ETIME) {
            host.sweepDescriptors(out);
        }
        if (terminal && !isRemoved() && res != -Errno.ECANCELED) {
            arm();
        }
    }
}
