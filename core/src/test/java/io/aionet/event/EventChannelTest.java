package io.aionet.event;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The five calls, user events, the owner contract and bad input. */
class EventChannelTest {
    private EventChannel ch;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
    }

    @AfterEach
    void close() {
        ch.close();
    }

    static List<Event> drain(EventChannel ch, int atLeast, long timeoutMillis) {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (out.size() < atLeast && System.nanoTime() < deadline) {
            ch.await(1, Math.max(1, deadline - System.nanoTime()));
            Event e = new Event();
            while (ch.next(e)) {
                out.add(e);
                e = new Event();
            }
        }
        return out;
    }

    @Test
    void theChannelRunsOnTheBackendTheSuiteSelected() {
        // the contract suite runs twice (core/pom.xml: default-test and epoll): each run must really be on its backend
        String wanted = System.getProperty("aionet.backend", "auto");
        if (wanted.equals("epoll")) {
            assertEquals(io.aionet.BackendKind.EPOLL, ch.backend());
            assertTrue(EventChannel.backendSelection().startsWith("backend: epoll ("), EventChannel.backendSelection());
        } else if (wanted.equals("uring")) {
            assertEquals(io.aionet.BackendKind.IO_URING, ch.backend());
        } else {
            assertEquals(io.aionet.uring.IoUring.isAvailable() ? io.aionet.BackendKind.IO_URING : io.aionet.BackendKind.EPOLL,
                    ch.backend(), EventChannel.backendSelection());
        }
    }

    @Test
    void nextOnAnEmptyChannelSaysSo() {
        assertFalse(ch.next(new Event()));
        assertEquals(0, ch.await(1, 1_000_000L), "nothing arrives in 1 ms");
    }

    @Test
    void postFromAnotherThreadWakesAnAwaitingOwner() throws Exception {
        Thread poster = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            ch.post(0xFEED_0000_0000_0001L);
        });
        poster.start();
        int ready = ch.await(1, 10_000_000_000L);
        poster.join();
        assertTrue(ready >= 1, "woken by the post, not by the 10 s timeout");
        Event e = new Event();
        assertTrue(ch.next(e));
        assertEquals(EventKind.USER, e.kind());
        assertEquals(0xFEED_0000_0000_0001L, e.tag(), "all 64 bits of the tag");
        assertFalse(ch.next(e));
    }

    @Test
    void manyPostersLoseNothing() throws Exception {
        int threads = 4;
        int each = 50_000;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long base = (long) t << 32;
            ts[t] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    ch.post(base | i);
                }
            });
            ts[t].start();
        }
        long[] next = new long[threads];
        int got = 0;
        Event e = new Event();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (got < threads * each && System.nanoTime() < deadline) {
            ch.await(1, 100_000_000L);
            while (ch.next(e)) {
                assertEquals(EventKind.USER, e.kind());
                int t = (int) (e.tag() >>> 32);
                assertEquals(next[t], e.tag() & 0xffffffffL, "per-producer order kept, nothing lost or doubled");
                next[t]++;
                got++;
            }
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(threads * each, got);
    }

    @Test
    void postToAnotherChannelGoesThroughTheKernel() throws Exception {
        try (EventChannel other = EventChannel.create()) {
            ch.postTo(other, -7L, 99);
            assertFalse(ch.next(new Event()), "the sender gets no event for its message");
            List<Event> got = drain(other, 1, 2000);
            assertEquals(1, got.size());
            assertEquals(EventKind.USER, got.get(0).kind());
            assertEquals(-7L, got.get(0).tag());
            assertEquals(99, got.get(0).result());
        }
    }

    @Test
    void fdIsReadableWhileEventsArePending() throws Exception {
        int fd = ch.fd();
        assertEquals(0, Fds.poll(fd, Fds.POLLIN, 0), "nothing pending");
        ch.addTimer(1, 1_000_000L, 0, TimerClock.MONOTONIC, false);
        assertFalse(ch.next(new Event()), "submits the timer; it has not fired yet");
        assertTrue((Fds.poll(fd, Fds.POLLIN, 2000) & Fds.POLLIN) != 0, "readable once the timer fired");
        Event e = new Event();
        assertTrue(ch.next(e));
        assertEquals(EventKind.TIMER, e.kind());
        assertFalse(ch.next(e));
        assertEquals(0, Fds.poll(fd, Fds.POLLIN, 0), "quiet again after draining");
        Thread t = new Thread(() -> ch.post(5));
        t.start();
        assertTrue((Fds.poll(fd, Fds.POLLIN, 2000) & Fds.POLLIN) != 0, "a post from another thread makes it readable");
        t.join();
        assertTrue(ch.next(e));
        assertEquals(5, e.tag());
    }

    @Test
    void ownerOnlyMethodsRefuseOtherThreads() throws Exception {
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                ch.next(new Event());
            } catch (Throwable x) {
                err.set(x);
            }
        });
        t.start();
        t.join();
        assertInstanceOf(WrongThreadException.class, err.get());
        assertTrue(err.get().getMessage().contains("owned by thread"), err.get().getMessage());
    }

    @Test
    void closedChannelRefusesUse() throws Exception {
        EventChannel c = EventChannel.create();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.next(new Event()));
        assertThrows(IllegalStateException.class, () -> c.post(1));
        assertThrows(IllegalStateException.class, () -> c.addTimer(1, 1, 0, TimerClock.MONOTONIC, false));
        c.close(); // twice is harmless
    }

    @Test
    void badRegistrationsAreClearErrors() throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ch.remove(12345));
        assertTrue(unknown.getMessage().contains("12345"));
        int efd = Fds.eventfd(0, Fds.EFD_CLOEXEC);
        Fds.close(efd);
        IllegalArgumentException closed = assertThrows(IllegalArgumentException.class,
                () -> ch.addFd(efd, Readiness.READ, Trigger.EDGE, 1));
        assertTrue(closed.getMessage().contains("not open"), closed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ch.addFd(0, 0, Trigger.EDGE, 1), "no interest");
        assertThrows(IllegalArgumentException.class, () -> ch.addFd(0, 1 << 20, Trigger.EDGE, 1), "bad bits");
        ch.addTimer(7, 1_000_000_000L, 0, TimerClock.MONOTONIC, false);
        assertThrows(IllegalArgumentException.class, () -> ch.addTimer(7, 1, 0, TimerClock.MONOTONIC, false), "tag taken");
        assertThrows(IllegalArgumentException.class, () -> ch.addTimer(8, -1, 0, TimerClock.MONOTONIC, false));
        assertThrows(IllegalArgumentException.class, () -> ch.modifyFd(7, Readiness.READ, Trigger.EDGE), "a timer, not an fd");
        assertThrows(IllegalArgumentException.class, () -> ch.await(0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> EventChannel.create(EventChannelOptions.defaults().postCapacity(3)));
    }

    @Test
    void overflowIsSignalledOutOfBandAndNothingIsLost() throws Exception {
        int[] calls = {0};
        try (EventChannel small = EventChannel.create(EventChannelOptions.defaults()
                .submissionEntries(4).completionEntries(4).onOverflow(() -> calls[0]++))) {
            int n = 32;
            for (int i = 0; i < n; i++) {
                small.addTimer(100 + i, 1_000_000L, 0, TimerClock.MONOTONIC, false);
            }
            // submit everything without reaping; let all timers fire into a 4-slot CQ
            small.submitQueued();
            Thread.sleep(100);
            small.submitQueued();
            assertTrue(small.isOverflowed(), "more completions than the ring holds");
            Event e = new Event();
            assertTrue(small.next(e));
            assertEquals(EventKind.OVERFLOW, e.kind(), "the overflow is reported first");
            assertEquals(1, calls[0], "and the callback ran");
            boolean[] seen = new boolean[n];
            int timers = 0;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (timers < n && System.nanoTime() < deadline) {
                if (!small.next(e)) {
                    small.await(1, 50_000_000L);
                    continue;
                }
                if (e.kind() == EventKind.TIMER) {
                    assertFalse(seen[(int) e.tag() - 100], "no duplicate");
                    seen[(int) e.tag() - 100] = true;
                    timers++;
                }
            }
            assertEquals(n, timers, "every timer event arrived (IORING_FEAT_NODROP)");
            assertEquals(1, small.overflowCount());
        }
    }

    @Test
    void sameDescriptorOnTwoChannelsAndPollAtOnce() throws Exception {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC | Fds.O_NONBLOCK));
        try (EventChannel other = EventChannel.create(); Arena a = Arena.ofConfined()) {
            ch.addFd(p[0], Readiness.READ, Trigger.EDGE, 1);
            other.addFd(p[0], Readiness.READ, Trigger.EDGE, 2);
            ch.next(new Event());
            other.next(new Event());
            assertEquals(1, Fds.write(p[1], a.allocate(1)));
            assertTrue((Fds.poll(p[0], Fds.POLLIN, 1000) & Fds.POLLIN) != 0, "plain poll sees it too");
            assertEquals(1, drain(ch, 1, 2000).stream().filter(x -> x.tag() == 1).count());
            assertEquals(1, drain(other, 1, 2000).stream().filter(x -> x.tag() == 2).count());
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
    }

    @Test
    void descriptorClosedWhileRegisteredGivesAnErrorEventAndTheChannelGoesOn() throws Exception {
        try (EventChannel c = EventChannel.create(EventChannelOptions.defaults().descriptorCheckMillis(20))) {
            int[] p = new int[2];
            assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC | Fds.O_NONBLOCK));
            c.addFd(p[0], Readiness.READ, Trigger.EDGE, 77);
            c.next(new Event());
            Fds.close(p[0]); // the write end stays open: no hang-up, only the closed descriptor to notice
            List<Event> got = drain(c, 1, 3000);
            Fds.close(p[1]);
            assertEquals(1, got.size(), "one error event: " + got);
            assertEquals(EventKind.ERROR, got.get(0).kind());
            assertEquals(77, got.get(0).tag());
            assertEquals(Errno.EBADF, got.get(0).errno());
            assertFalse(c.isRegistered(77), "the registration is gone");
            c.post(78);
            assertEquals(78, drain(c, 1, 1000).get(0).tag(), "and the channel keeps working");
        }
    }

    @Test
    void eventToStringIsReadable() {
        Event e = new Event();
        e.set(EventKind.FILE, 3, 256, 0, "a.txt");
        assertTrue(e.toString().contains("FILE") && e.toString().contains("a.txt"));
        assertEquals("a.txt", e.name());
        assertEquals(0, e.readiness());
        MemorySegment unused = MemorySegment.NULL;
        assertNotNull(unused);
    }
}
