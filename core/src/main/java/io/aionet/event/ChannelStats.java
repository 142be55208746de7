package io.aionet.event;

import io.aionet.BackendKind;

/**
 * A snapshot of one event channel's counters ({@link EventChannel#stats()}): how busy the queue of
 * Drepper's event channel is, and whether its ring ever overflowed. Counters run from the channel's
 * creation; taking a snapshot costs a few field reads and one small allocation, and the counting itself
 * is a field increment per event.
 *
 * @param backend          the backend the channel runs on
 * @param events           events taken with {@link EventChannel#next(Event)}
 * @param waits            times {@link EventChannel#await(int, long)} blocked in the kernel
 * @param overflows        times the completion ring overflowed ({@link EventKind#OVERFLOW} events)
 * @param sources          sources registered now
 * @param requestsInFlight requests of this channel the kernel has not finished now
 */
public record ChannelStats(BackendKind backend, long events, long waits, long overflows, int sources,
                           long requestsInFlight) {
    /** Checks that the backend is named. */
    public ChannelStats {
        java.util.Objects.requireNonNull(backend, "backend");
    }
}
