package io.aionet.event;

/** What an {@link Event} reports: one kind per event source of Drepper's event channel. */
public enum EventKind {
    /** A file descriptor became ready; {@link Event#readiness()} says how. */
    FD_READY,
    /** A timer expired. */
    TIMER,
    /** A user event: {@link EventChannel#post(long)} from any thread, or a message from another channel. */
    USER,
    /** A POSIX signal arrived; {@link Event#signal()} names it. */
    SIGNAL,
    /** A file-system change on a watched path; {@link Event#name()} names the entry. */
    FILE,
    /** A POSIX message queue became readable or writable. */
    MQUEUE,
    /** A futex word was woken. */
    FUTEX,
    /** An asynchronous operation completed; {@link Event#result()} is its result. */
    COMPLETION,
    /** Completions outnumbered the ring: signalled out of band, none was lost. */
    OVERFLOW,
    /** A registered source failed (e.g. its descriptor was closed); the registration is gone. */
    ERROR
}
