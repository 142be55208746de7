package io.aionet.event;

import io.aionet.linux.Futexes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;

import static io.aionet.event.EventChannelTest.drain;
import static org.junit.jupiter.api.Assertions.*;

/** Futex words: ring FUTEX_WAIT (Linux 6.7) and the eventfd fallback, forced by the package-private switch. */
class FutexSourceTest {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private EventChannel ch;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment word = arena.allocate(4, 4);

    private void open(boolean fallback) throws Exception {
        FutexSource.forceFallback = fallback;
        ch = EventChannel.create();
        if (!fallback) {
            Assumptions.assumeTrue(ch.hasFutexOps(), ch.backend() == io.aionet.BackendKind.EPOLL
                    ? "the epoll backend has no futex waits (IORING_OP_FUTEX_WAIT is io_uring's, Linux 6.7): the eventfd fallback runs"
                    : "the kernel has no io_uring futex operations (Linux 6.7)");
        }
    }

    @AfterEach
    void close() {
        FutexSource.forceFallback = false;
        if (ch != null) {
            ch.close();
        }
        arena.close();
    }

    private void storeAndWake(int value) {
        INT.setRelease(word, 0L, value); // pairs with the source's acquire load after the wake
        EventChannel.wakeFutex(word, Integer.MAX_VALUE);
    }

    @ParameterizedTest(name = "fallback={0}")
    @ValueSource(booleans = {false, true})
    void aWakeFromAnotherThreadIsAnEvent(boolean fallback) throws Exception {
        open(fallback);
        ch.addFutex(word, 0, 31);
        assertTrue(drain(ch, 1, 50).isEmpty(), "the word holds the expected value: no event");
        Thread t = new Thread(() -> storeAndWake(1));
        t.start();
        t.join();
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size(), got.toString());
        assertEquals(EventKind.FUTEX, got.get(0).kind());
        assertEquals(31, got.get(0).tag());
        assertEquals(1, got.get(0).flags(), "the value seen after the wake");
    }

    @ParameterizedTest(name = "fallback={0}")
    @ValueSource(booleans = {false, true})
    void staysRegisteredAndReportsEveryWake(boolean fallback) throws Exception {
        open(fallback);
        ch.addFutex(word, 0, 32);
        for (int v = 1; v <= 5; v++) {
            storeAndWake(v);
            List<Event> got = drain(ch, 1, 2000);
            assertEquals(1, got.size(), "wake " + v + ": " + got);
            assertEquals(v, got.get(0).flags());
        }
        ch.remove(32);
        storeAndWake(9);
        assertTrue(drain(ch, 1, 50).isEmpty(), "no event after removal");
    }

    @ParameterizedTest(name = "fallback={0}")
    @ValueSource(booleans = {false, true})
    void aWordThatMovedOnReportsAtOnce(boolean fallback) throws Exception {
        open(fallback);
        INT.setRelease(word, 0L, 7);
        ch.addFutex(word, 0, 33);
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size(), got.toString());
        assertEquals(7, got.get(0).flags());
        assertTrue(drain(ch, 1, 50).isEmpty(), "then it waits for the next wake (no spinning)");
    }

    @Test
    void aRawFutexWakeReachesTheRingWait() throws Exception {
        open(false);
        ch.addSharedFutex(word, 0, 34);
        drain(ch, 1, 20); // submit the wait
        INT.setRelease(word, 0L, 0); // the value is unchanged: only the wake can report
        int woken = 0;
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (woken == 0 && System.nanoTime() < deadline) {
            woken = Futexes.futexWake(word, 1);
        }
        assertEquals(1, woken, "the ring's FUTEX_WAIT is a kernel waiter on the word");
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size());
        assertEquals(0, got.get(0).flags());
    }

    @Test
    void aWakeThroughAnotherMappingOfTheSamePageReachesTheWait(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Two mappings of one file page at two addresses: what another process sees. The wait is shared
        // (no FUTEX2_PRIVATE), so the kernel keys it by the page, not by this process's address.
        open(false);
        java.nio.file.Path f = dir.resolve("word");
        java.nio.file.Files.write(f, new byte[4096]);
        try (var fc = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            MemorySegment a = fc.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
            MemorySegment b = fc.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
            assertNotEquals(a.address(), b.address());
            ch.addSharedFutex(a, 0, 35);
            drain(ch, 1, 20); // submit the wait
            INT.setRelease(b, 0L, 0); // unchanged value: only the wake can report
            int woken = 0;
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (woken == 0 && System.nanoTime() < deadline) {
                woken = Futexes.futexWake(b, 1);
            }
            assertEquals(1, woken, "the wake through the other mapping found the ring's wait");
            List<Event> got = drain(ch, 1, 2000);
            assertEquals(1, got.size());
            assertEquals(35, got.get(0).tag());
            ch.remove(35);
            drain(ch, 1, 20); // the cancellation completes before the mappings go away
        }
    }

    @Test
    void aSharedFutexWhereTheBackendHasNoFutexWaitsIsRefusedNamingTheBackend() throws Exception {
        ch = EventChannel.create();
        Assumptions.assumeFalse(ch.hasFutexOps(), () -> "the " + ch.backend().label()
                + " backend has futex waits here: the refusal shows where it has none (-Daionet.backend=epoll)");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> ch.addSharedFutex(word, 0, 36));
        assertTrue(e.getMessage().contains(ch.backend().label()), e.getMessage());
        assertFalse(ch.isRegistered(36), "nothing was registered");
        ch.addFutex(word, 0, 36); // the in-process registration still works
        assertTrue(drain(ch, 1, 50).isEmpty());
        storeAndWake(1);
        assertEquals(1, drain(ch, 1, 2000).size());
    }

    @Test
    void badWordsAreRefused() throws Exception {
        ch = EventChannel.create(); // refused before any backend difference matters
        assertThrows(NullPointerException.class, () -> ch.addFutex(null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ch.addFutex(MemorySegment.ofArray(new int[1]), 0, 1), "heap");
        assertThrows(IllegalArgumentException.class, () -> ch.addFutex(arena.allocate(8, 4).asSlice(1, 4), 0, 1), "misaligned");
        assertThrows(IllegalArgumentException.class, () -> ch.addFutex(word.asSlice(0, 2), 0, 1), "short");
        Arena gone = Arena.ofConfined();
        MemorySegment dead = gone.allocate(4, 4);
        gone.close();
        assertThrows(IllegalArgumentException.class, () -> ch.addFutex(dead, 0, 1), "not alive");
        assertThrows(IllegalArgumentException.class, () -> EventChannel.wakeFutex(word, 0));
        assertFalse(ch.isRegistered(1));
    }
}
