package io.aionet.bench.event;

import io.aionet.bench.harness.NativeBuild;
import io.aionet.uring.IoUring;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peers of the {@code events} benchmark do what they claim: every posted tag reaches the
 * consumer, every latency sample is taken, every timer fires. Small counts; nothing is timed here.
 */
class PeersDeliverEveryTagTest {
    private static void check(UserEventPeer peer) throws Exception {
        for (int producers = 1; producers <= 2; producers++) {
            Throughput t = peer.throughput(20_000, producers);
            assertEquals(20_000, t.events());
            assertTrue(t.nanos() > 0 && t.cpuNanos() > 0, t.toString());
        }
        Histogram h = peer.latency(20);
        assertEquals(20, h.getTotalCount());
        assertTrue(h.getMinValue() > 0);
    }

    @Test
    void aionet() throws Exception {
        Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring is not available");
        try (AionetUserEvents peer = new AionetUserEvents()) {
            check(peer);
        }
    }

    @Test
    void selectorGuardedAndPlain() throws Exception {
        try (SelectorUserEvents guarded = new SelectorUserEvents(true);
             SelectorUserEvents plain = new SelectorUserEvents(false)) {
            check(guarded);
            check(plain);
        }
    }

    @Test
    void cReference(@TempDir Path dir) throws Exception {
        NativeBuild.Result r = NativeBuild.compile("events_epoll.c", dir, "-lpthread");
        Assumptions.assumeTrue(r.ok(), () -> "C reference not built: " + r.problem());
        CEpollUserEvents c = new CEpollUserEvents(r.program());
        assertEquals(20_000, c.throughput(20_000, 2).events());
        long[] l = c.latency(20);
        assertTrue(l[0] > 0 && l[0] <= l[1] && l[1] <= l[2], java.util.Arrays.toString(l));
    }

    @Test
    void everyTimerFires() throws Exception {
        Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring is not available");
        try (TimerRuns runs = new TimerRuns()) {
            assertTrue(runs.aionet() > 0); // returns only once all 10,000 timers fired
            assertTrue(runs.stpe() > 0);
        }
    }
}
