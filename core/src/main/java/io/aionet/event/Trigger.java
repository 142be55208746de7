package io.aionet.event;

/** When a readiness interest reports: kevent's one-shot, edge and level modes. */
public enum Trigger {
    /** Reports once, then stays registered but disarmed until {@link EventChannel#modifyFd} re-arms it. */
    ONESHOT,
    /** Reports each time the descriptor becomes ready anew (new data, new room), not while it stays ready. */
    EDGE,
    /** Reports again after every {@link EventChannel#next(Event)} for as long as the descriptor stays ready. */
    LEVEL
}
