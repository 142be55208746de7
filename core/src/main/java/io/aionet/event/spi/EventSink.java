package io.aionet.event.spi;

import io.aionet.event.EventKind;

/** Where slots put the events their completions become: the channel's pending events, in order. */
public interface EventSink {
    /** Queues an event; allocation-free in steady state. */
    void add(EventKind kind, long tag, int result, int flags, String name, Object attachment);
}
