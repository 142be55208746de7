package io.aionet.dma;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The area's cross-thread paths under contention: buffers released by other threads come back exactly
 * once (the lock-free returned stack), a waiting reserve is woken, and of two racing releases exactly
 * one wins.
 */
class DmaAreaConcurrencyTest {
    private static final DmaOptions OPTS = DmaOptions.defaults().withSlotSize(256).withLock(false);

    @Test
    void buffersReleasedByOtherThreadsComeBackExactlyOnce() throws Exception {
        try (DmaArea area = DmaArea.allocate(8 * 256, OPTS)) {
            BlockingQueue<Buffer> handOff = new ArrayBlockingQueue<>(16);
            ConcurrentHashMap<Integer, Boolean> held = new ConcurrentHashMap<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Buffer poison = null;
            Thread[] releasers = new Thread[2];
            for (int i = 0; i < releasers.length; i++) {
                releasers[i] = Thread.ofPlatform().start(() -> {
                    try {
                        while (true) {
                            Buffer b = handOff.take();
                            if (b.length() == 1) { // end marker
                                handOff.put(b);
                                return;
                            }
                            assertEquals((byte) b.id(), b.get(0), "the buffer's content is the owner's");
                            assertNotNull(held.remove(b.id()), "slot " + b.id() + " released twice");
                            b.release();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
            }
            int rounds = 50_000;
            for (int i = 0; i < rounds && failure.get() == null; i++) {
                Buffer b = area.reserve(64, 5, TimeUnit.SECONDS);
                assertNotNull(b, "a released buffer must wake the waiting reserve");
                assertNull(held.putIfAbsent(b.id(), Boolean.TRUE), "slot " + b.id() + " handed out while held");
                b.put(0, (byte) b.id());
                handOff.put(b);
            }
            poison = area.reserve(1, 5, TimeUnit.SECONDS);
            assertNotNull(poison);
            handOff.put(poison);
            for (Thread t : releasers) {
                t.join(10_000);
            }
            assertNull(failure.get(), () -> "releaser failed: " + failure.get());
            DmaAccounting acc = area.accounting();
            assertEquals(1, acc.heldByProgram(), "only the end marker is held");
            assertEquals(area.slots() - 1, acc.free());
        }
    }

    @Test
    void ofTwoRacingReleasesExactlyOneWins() throws Exception {
        try (DmaArea area = DmaArea.allocate(256, OPTS)) {
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger refusals = new AtomicInteger();
            AtomicReference<Buffer> current = new AtomicReference<>();
            Runnable race = () -> {
                try {
                    start.await();
                    current.get().release();
                    wins.incrementAndGet();
                } catch (BufferOwnershipException e) {
                    refusals.incrementAndGet();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            };
            int rounds = 2_000;
            for (int i = 0; i < rounds; i++) {
                Buffer b = area.reserve(8, 5, TimeUnit.SECONDS);
                assertNotNull(b, "round " + i + ": the single slot came back");
                current.set(b);
                Thread a = Thread.ofPlatform().start(race);
                Thread c = Thread.ofPlatform().start(race);
                a.join();
                c.join();
                assertEquals(i + 1, wins.get(), "round " + i + ": exactly one release wins");
                assertEquals(i + 1, refusals.get(), "round " + i + ": the other is refused");
            }
            assertEquals(1, area.accounting().free());
        }
    }
}
