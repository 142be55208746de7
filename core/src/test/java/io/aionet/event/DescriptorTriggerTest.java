package io.aionet.event;

import io.aionet.linux.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One-shot, edge and level readiness on a pipe. Each test would fail under the other modes: the pipe
 * is left readable (nothing is read), and only level reports again.
 */
class DescriptorTriggerTest {
    private EventChannel ch;
    private final int[] p = new int[2];
    private Arena arena;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC | Fds.O_NONBLOCK));
        arena = Arena.ofConfined();
    }

    @AfterEach
    void close() {
        ch.close();
        Fds.close(p[0]);
        Fds.close(p[1]);
        arena.close();
    }

    private void writeByte() {
        MemorySegment b = arena.allocate(1);
        assertEquals(1, Fds.write(p[1], b));
    }

    /** Counts FD_READY events for tag 1 over {@code rounds} wait-and-drain rounds of {@code millis} each. */
    private int readyEvents(int rounds, long millis) {
        int n = 0;
        Event e = new Event();
        for (int r = 0; r < rounds; r++) {
            ch.await(1, millis * 1_000_000L);
            while (ch.next(e)) {
                if (e.kind() == EventKind.FD_READY && e.tag() == 1) {
                    assertTrue((e.readiness() & Readiness.READ) != 0);
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void levelReportsAgainWhileTheDescriptorStaysReady() {
        ch.addFd(p[0], Readiness.READ, Trigger.LEVEL, 1);
        writeByte();
        int n = readyEvents(5, 50);
        assertTrue(n >= 5, "level keeps reporting an unread pipe: " + n);
    }

    @Test
    void edgeReportsOncePerNewArrival() {
        ch.addFd(p[0], Readiness.READ, Trigger.EDGE, 1);
        ch.next(new Event());
        writeByte();
        assertEquals(1, readyEvents(5, 30), "edge: one event for one arrival, though the pipe stays readable");
        writeByte();
        assertEquals(1, readyEvents(3, 30), "a new arrival is a new edge");
    }

    @Test
    void oneShotReportsOnceUntilRearmed() {
        ch.addFd(p[0], Readiness.READ, Trigger.ONESHOT, 1);
        ch.next(new Event());
        writeByte();
        assertEquals(1, readyEvents(3, 30));
        writeByte();
        assertEquals(0, readyEvents(3, 30), "disarmed after its one event, even on new arrivals");
        ch.modifyFd(1, Readiness.READ, Trigger.ONESHOT);
        assertEquals(1, readyEvents(3, 30), "modify re-arms it");
    }

    @Test
    void removeStopsEvents() {
        ch.addFd(p[0], Readiness.READ, Trigger.LEVEL, 1);
        writeByte();
        assertTrue(readyEvents(1, 100) >= 1);
        ch.remove(1);
        assertEquals(0, readyEvents(3, 30));
        assertFalse(ch.isRegistered(1));
        ch.addFd(p[0], Readiness.READ, Trigger.EDGE, 1); // the tag is free again
        assertTrue(ch.isRegistered(1));
    }

    @Test
    void writeInterestOnAnEmptyPipe() {
        ch.addFd(p[1], Readiness.WRITE, Trigger.ONESHOT, 1);
        Event e = new Event();
        ch.await(1, 1_000_000_000L);
        assertTrue(ch.next(e));
        assertEquals(EventKind.FD_READY, e.kind());
        assertTrue((e.readiness() & Readiness.WRITE) != 0, "an empty pipe has room");
    }

    @Test
    void modifyChangesTheMode() {
        ch.addFd(p[0], Readiness.READ, Trigger.EDGE, 1);
        ch.next(new Event());
        writeByte();
        assertEquals(1, readyEvents(3, 30));
        ch.modifyFd(1, Readiness.READ, Trigger.LEVEL);
        assertTrue(readyEvents(4, 30) >= 3, "now level: the unread byte keeps reporting");
    }
}
