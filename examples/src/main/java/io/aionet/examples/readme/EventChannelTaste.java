package io.aionet.examples.readme;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.Readiness;
import io.aionet.event.TimerClock;
import io.aionet.event.Trigger;
import io.aionet.LinuxException;

import java.io.PrintStream;

/**
 * The README's first example: one event channel (Drepper's {@code ec_create}) waits for a periodic
 * timer, a descriptor's readiness and user events posted from another thread, all as one
 * {@link Event} type.
 */
public final class EventChannelTaste {
    private EventChannelTaste() {}

    /**
     * Watches {@code socketFd} (any pollable descriptor), a 10 ms timer and one posted event until
     * {@code events} events arrived, printing {@code KIND TAG} per event to {@code out}.
     */
    public static void watch(int socketFd, int events, PrintStream out) throws LinuxException {
        // @start region="taste"
        try (EventChannel ch = EventChannel.create()) {
            ch.addTimer(1, 10_000_000L, 10_000_000L, TimerClock.MONOTONIC, false); // every 10 ms
            ch.addFd(socketFd, Readiness.READ, Trigger.EDGE, 2);
            new Thread(() -> ch.post(3)).start();                                  // from any thread
            Event e = new Event();                                                 // reused: no allocation
            for (int seen = 0; seen < events; ) {
                ch.await(1, 1_000_000_000L);                                       // ec_delay
                while (ch.next(e)) {                                               // ec_next_event
                    out.println(e.kind() + " " + e.tag());
                    seen++;
                }
            }
        }
        // @end
    }
}
