package io.aionet.event;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aionet.event.EventChannelTest.drain;
import static org.junit.jupiter.api.Assertions.*;

/** Timers: one-shot and periodic; relative and absolute; three clocks; cancel and re-arm. */
class TimerTest {
    private EventChannel ch;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
    }

    @AfterEach
    void close() {
        ch.close();
    }

    private static long ms(long n) {
        return n * 1_000_000L;
    }

    @Test
    void oneShotRelativeFiresOnce() {
        ch.addTimer(1, ms(5), 0, TimerClock.MONOTONIC, false);
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size());
        assertEquals(EventKind.TIMER, got.get(0).kind());
        assertEquals(1, got.get(0).tag());
        assertEquals(1, got.get(0).result(), "one expiration");
        assertTrue(drain(ch, 1, 50).isEmpty(), "a one-shot fires once");
        assertTrue(ch.isRegistered(1), "stays registered for a re-arm");
    }

    @Test
    void periodicTicksUntilRemoved() {
        ch.addTimer(2, ms(3), ms(3), TimerClock.MONOTONIC, false);
        List<Event> got = drain(ch, 4, 3000);
        assertTrue(got.size() >= 4, "at least four ticks: " + got.size());
        got.forEach(e -> assertEquals(2, e.tag()));
        ch.remove(2);
        drain(ch, 1, 20); // a tick may have been in flight
        assertTrue(drain(ch, 1, 50).isEmpty(), "no tick after removal");
    }

    @Test
    void periodicWithADifferentFirstDelay() {
        ch.addTimer(3, ms(1), ms(4), TimerClock.BOOTTIME, false);
        List<Event> got = drain(ch, 3, 3000);
        assertTrue(got.size() >= 3, "first expiry then the period: " + got.size());
    }

    @Test
    void absoluteMonotonicAndRealtime() {
        ch.addTimer(4, System.nanoTime() + ms(5), 0, TimerClock.MONOTONIC, true);
        ch.addTimer(5, System.currentTimeMillis() * 1_000_000L + ms(5), 0, TimerClock.REALTIME, true);
        List<Event> got = drain(ch, 2, 3000);
        assertEquals(2, got.size(), got.toString());
        assertTrue(got.stream().anyMatch(e -> e.tag() == 4));
        assertTrue(got.stream().anyMatch(e -> e.tag() == 5));
    }

    @Test
    void cancelBeforeExpiryMeansNoEvent() {
        ch.addTimer(6, ms(30), 0, TimerClock.MONOTONIC, false);
        ch.next(new Event());
        ch.remove(6);
        assertTrue(drain(ch, 1, 80).isEmpty());
    }

    @Test
    void rearmMovesTheExpiry() {
        ch.addTimer(7, 60_000_000_000L, 0, TimerClock.MONOTONIC, false); // a minute away
        ch.next(new Event());
        ch.modifyTimer(7, ms(2), 0, false);
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size(), "fired at the new time");
        ch.modifyTimer(7, ms(2), 0, false); // re-arm after it fired
        assertEquals(1, drain(ch, 1, 2000).size());
    }

    @Test
    void removedPeriodicTimersReallyStop() {
        int n = 200;
        for (int i = 0; i < n; i++) {
            ch.addTimer(1000 + i, ms(1), ms(1), TimerClock.MONOTONIC, false);
        }
        drain(ch, n * 3, 3000); // all ticking
        for (int i = 0; i < n; i++) {
            ch.remove(1000 + i); // some removes race with a tick and miss it the first time
        }
        drain(ch, Integer.MAX_VALUE, 100);
        assertTrue(drain(ch, 1, 50).isEmpty(), "no tick is reported after removal");
        assertTrue(ch.inFlightRequests() <= 2,
                "the kernel holds no timeout any more (only the channel's own wake-up poll): " + ch.inFlightRequests());
    }

    @Test
    void tenThousandTimersAllFire() {
        int n = 10_000;
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            ch.addTimer(i, ms(1 + i % 10), 0, TimerClock.MONOTONIC, false);
        }
        int got = 0;
        Event e = new Event();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got < n && System.nanoTime() < deadline) {
            ch.await(1, ms(100));
            while (ch.next(e)) {
                if (e.kind() == EventKind.TIMER) {
                    assertFalse(seen[(int) e.tag()]);
                    seen[(int) e.tag()] = true;
                    got++;
                }
            }
        }
        assertEquals(n, got);
    }
}
