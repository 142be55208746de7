package io.aionet.event;

import io.aionet.linux.Fds;

import java.lang.foreign.MemorySegment;

/**
 * The channel's own wake-up: a multishot poll on an eventfd that {@link EventChannel#post(long)}
 * writes when the owner may be asleep in the kernel. It yields no event itself; the posted tags come
 * from the channel's queue.
 */
final class WakeSource extends Source {
    final int eventFd;
    private final MemorySegment scratch;
    boolean armed;

    WakeSource(EventChannel channel, int eventFd, MemorySegment scratch) {
        super(channel, 0);
        this.eventFd = eventFd;
        this.scratch = scratch;
    }

    @Override
    void arm() {
        generation++;
        inKernel++;
        armed = true;
        channel.sqe().prepPollMultishot(eventFd, Readiness.READ).userData(userData());
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
        if (res > 0) {
            Fds.read(eventFd, scratch); // reset the counter; the tags are in the queue
        }
        if (terminal) {
            armed = false;
            if (!removed) {
                arm();
            }
        }
    }
}
