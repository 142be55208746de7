package io.aionet.event;

import io.aionet.linux.Fds;
import io.aionet.linux.MessageQueues;
import io.aionet.linux.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static io.aionet.event.EventChannelTest.drain;
import static org.junit.jupiter.api.Assertions.*;

/** POSIX message queues: readable and writable as MQUEUE events, by name and by descriptor. */
class MessageQueueSourceTest {
    private EventChannel ch;
    private String name;
    private int peer = -1;
    private Arena arena;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
        arena = Arena.ofConfined();
        name = "/aionet-test-" + Signals.getpid() + "-" + System.nanoTime();
        peer = MessageQueues.mq_open(name, Fds.O_RDWR | Fds.O_NONBLOCK | MessageQueues.O_CREAT, 0600, MemorySegment.NULL);
        Assumptions.assumeTrue(peer >= 0, "POSIX message queues unavailable here (mq_open: " + -peer + ")");
    }

    @AfterEach
    void close() {
        ch.close();
        if (peer >= 0) {
            MessageQueues.mq_close(peer);
            MessageQueues.mq_unlink(name);
        }
        arena.close();
    }

    private int send(int mqd, String text) {
        return MessageQueues.mq_send(mqd, arena.allocateFrom(text).asSlice(0, text.length()), 0); // without the NUL
    }

    private long attr(int mqd, long offset) {
        MemorySegment a = arena.allocate(MessageQueues.SIZEOF_mq_attr, 8);
        assertEquals(0, MessageQueues.mq_getattr(mqd, a));
        return a.get(java.lang.foreign.ValueLayout.JAVA_LONG, offset);
    }

    @Test
    void aMessageMakesTheQueueReadable() {
        int mqd = ch.addMessageQueue(name, Readiness.READ, Trigger.EDGE, 21);
        assertTrue(drain(ch, 1, 50).isEmpty(), "empty queue: not readable");
        assertEquals(0, send(peer, "hello"));
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size());
        Event e = got.get(0);
        assertEquals(EventKind.MQUEUE, e.kind());
        assertEquals(21, e.tag());
        assertNotEquals(0, e.readiness() & Readiness.READ);
        MemorySegment buf = arena.allocate(attr(mqd, MessageQueues.OFFSETOF_mq_msgsize));
        assertEquals(5, MessageQueues.mq_receive(mqd, buf, MemorySegment.NULL), "the returned descriptor receives");
        assertEquals("hello", new String(buf.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE)));
    }

    @Test
    void aFullQueueIsNotWritableUntilAMessageIsTaken() {
        long max = attr(peer, MessageQueues.OFFSETOF_mq_maxmsg);
        for (long i = 0; i < max; i++) {
            assertEquals(0, send(peer, "m"));
        }
        ch.addMessageQueue(peer, Readiness.WRITE, Trigger.EDGE, 22);
        assertTrue(drain(ch, 1, 50).isEmpty(), "full queue: not writable");
        MemorySegment buf = arena.allocate(attr(peer, MessageQueues.OFFSETOF_mq_msgsize));
        assertEquals(1, MessageQueues.mq_receive(peer, buf, MemorySegment.NULL));
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size());
        assertEquals(EventKind.MQUEUE, got.get(0).kind());
        assertNotEquals(0, got.get(0).readiness() & Readiness.WRITE);
    }

    @Test
    void levelModeReportsAgainWhileAMessageWaits() {
        ch.addMessageQueue(peer, Readiness.READ, Trigger.LEVEL, 23);
        send(peer, "x");
        assertEquals(1, drain(ch, 1, 2000).size());
        assertEquals(1, drain(ch, 1, 2000).size(), "still readable: reported again");
        ch.remove(23);
        assertTrue(MessageQueues.mq_getattr(peer, arena.allocate(MessageQueues.SIZEOF_mq_attr, 8)) == 0,
                "a caller's descriptor stays open after removal");
    }

    @Test
    void oneShotReportsOnceUntilModified() {
        ch.addMessageQueue(peer, Readiness.READ, Trigger.ONESHOT, 25);
        send(peer, "a");
        assertEquals(1, drain(ch, 1, 2000).size());
        send(peer, "b");
        assertTrue(drain(ch, 1, 50).isEmpty(), "a one-shot stays disarmed");
        ch.modifyFd(25, Readiness.READ, Trigger.ONESHOT);
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size(), "re-armed: the waiting messages report");
        assertEquals(EventKind.MQUEUE, got.get(0).kind(), "a modified queue still reports MQUEUE");
    }

    @Test
    void theChannelClosesTheDescriptorItOpened() {
        int mqd = ch.addMessageQueue(name, Readiness.READ, Trigger.EDGE, 24);
        assertTrue(Fds.isOpen(mqd));
        ch.remove(24);
        drain(ch, 1, 20); // the cancellation completes, the slot is freed
        assertFalse(Fds.isOpen(mqd) && MessageQueues.mq_getattr(mqd, arena.allocate(MessageQueues.SIZEOF_mq_attr, 8)) == 0,
                "the channel's own descriptor is closed once the kernel let go of it");
    }

    @Test
    void badInputIsRefused() {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC));
        try {
            assertThrows(IllegalArgumentException.class, () -> ch.addMessageQueue(p[0], Readiness.READ, Trigger.EDGE, 1),
                    "a pipe is not a message queue");
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
        assertThrows(IllegalArgumentException.class, () -> ch.addMessageQueue(-1, Readiness.READ, Trigger.EDGE, 1));
        assertThrows(IllegalArgumentException.class, () -> ch.addMessageQueue("no-slash", Readiness.READ, Trigger.EDGE, 1));
        assertThrows(IllegalArgumentException.class, () -> ch.addMessageQueue("/a/b", Readiness.READ, Trigger.EDGE, 1));
        assertThrows(IllegalArgumentException.class, () -> ch.addMessageQueue(peer, 0, Trigger.EDGE, 1));
        assertThrows(NullPointerException.class, () -> ch.addMessageQueue(peer, Readiness.READ, null, 1));
        assertFalse(ch.isRegistered(1));
    }
}
