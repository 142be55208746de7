package io.aionet.event;

/** The clock a timer runs on. */
public enum TimerClock {
    /** {@code CLOCK_MONOTONIC}: steady, stops while the machine sleeps. */
    MONOTONIC,
    /** {@code CLOCK_REALTIME}: wall-clock time; absolute timers follow changes to it. */
    REALTIME,
    /** {@code CLOCK_BOOTTIME}: like MONOTONIC but keeps counting while the machine sleeps. */
    BOOTTIME
}
