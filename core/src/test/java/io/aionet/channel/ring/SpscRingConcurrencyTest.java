package io.aionet.channel.ring;

import io.aionet.linux.Fds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two threads through the net channel: every record arrives once, in order, intact, with every wait
 * strategy; sleeping consumers are woken; the eventfd is written only for a consumer that sleeps.
 */
class SpscRingConcurrencyTest {

    /** Checks each record against the next expected sequence number; fails on loss, duplication or tearing. */
    static final class Checker implements SpscRingHandler {
        long next;
        long sum;
        volatile String error;

        @Override
        public void onPacket(int bufferId, long handle, int offset, int length, int flowId, long timestamp) {
            long i = next;
            if (bufferId != (int) i || handle != i * 31 + 7 || offset != (int) (i & 0xffff)
                    || length != (int) (i % 1500) || flowId != (int) (i % 7) || timestamp != (i ^ 0x5555L)) {
                if (error == null) {
                    error = "record " + i + " arrived as bufferId=" + bufferId + " handle=" + handle + " offset="
                            + offset + " length=" + length + " flowId=" + flowId + " timestamp=" + timestamp;
                }
            }
            sum += handle;
            next = i + 1;
        }
    }

    /** Producer alternates single offers and batches; consumer drains with the ring's wait strategy. */
    private static void transfer(Supplier<WaitStrategy> strategy, long count, int capacity, boolean slowProducer)
            throws Exception {
        try (SpscRing ring = SpscRing.allocate(capacity, 32, strategy.get())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    long i = 0;
                    while (i < count) {
                        if ((i & 1024) == 0) {
                            if (SpscRingTest.offerSeq(ring, i)) {
                                i++;
                            } else {
                                Thread.onSpinWait();
                            }
                        } else {
                            int k = ring.claim((int) Math.min(Math.min(count - i, 17), ring.capacity()));
                            for (int j = 0; j < k; j++) {
                                long s = i + j;
                                ring.set(j, (int) s, s * 31 + 7, (int) (s & 0xffff), (int) (s % 1500), (int) (s % 7),
                                        s ^ 0x5555L);
                            }
                            ring.publish();
                            i += k;
                            if (k == 0) {
                                Thread.onSpinWait();
                            }
                        }
                        if (slowProducer && (i % 4096) == 0) {
                            Thread.sleep(1); // lets a blocking consumer fall asleep now and then
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "spsc-producer");
            Checker c = new Checker();
            producer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (c.next < count && failure.get() == null && System.nanoTime() < deadline) {
                ring.drain(c, 256, TimeUnit.MILLISECONDS.toNanos(100));
            }
            producer.join(10_000);
            assertNull(failure.get(), () -> "producer failed: " + failure.get());
            assertNull(c.error);
            assertEquals(count, c.next, "records received");
            long expected = 0;
            for (long i = 0; i < count; i++) {
                expected += i * 31 + 7;
            }
            assertEquals(expected, c.sum, "checksum");
            assertEquals(0, ring.drain(c, 1), "no record delivered twice or left over");
        }
    }

    @Test
    @Timeout(120)
    void millionsOfRecordsSpin() throws Exception {
        transfer(WaitStrategy::spin, 2_000_000, 1024, false);
    }

    @Test
    @Timeout(120)
    void smallRingManyLapsYield() throws Exception {
        transfer(WaitStrategy::yielding, 1_000_000, 4, false);
    }

    @Test
    @Timeout(120)
    void parkingConsumerIsWoken() throws Exception {
        transfer(WaitStrategy::parking, 300_000, 256, true);
    }

    @Test
    @Timeout(120)
    void eventfdConsumerIsWoken() throws Exception {
        transfer(WaitStrategy::eventfd, 300_000, 256, true);
    }

    /** A consumer blocked in drain (no timeout) returns once a record is published. */
    @Test
    @Timeout(60)
    void blockedConsumerWakesOnPublish() throws Exception {
        for (Supplier<WaitStrategy> s : java.util.List.<Supplier<WaitStrategy>>of(WaitStrategy::parking,
                WaitStrategy::eventfd, WaitStrategy::yielding)) {
            try (SpscRing ring = SpscRing.allocate(8, 32, s.get())) {
                CountDownLatch started = new CountDownLatch(1);
                Checker c = new Checker();
                int[] got = {0};
                Thread consumer = new Thread(() -> {
                    started.countDown();
                    got[0] = ring.drain(c, 8, Long.MAX_VALUE);
                });
                consumer.start();
                started.await();
                Thread.sleep(50); // long past the spin phase: asleep
                assertTrue(consumer.isAlive(), "consumer must wait while the ring is empty");
                assertTrue(SpscRingTest.offerSeq(ring, 0));
                consumer.join(10_000);
                assertFalse(consumer.isAlive(), ring.waitStrategy() + ": consumer not woken");
                assertEquals(1, got[0]);
                assertNull(c.error);
            }
        }
    }

    /** Closing the ring wakes a consumer asleep in drain, which then fails cleanly instead of hanging. */
    @Test
    @Timeout(60)
    void closeWakesASleepingConsumer() throws Exception {
        for (Supplier<WaitStrategy> s : java.util.List.<Supplier<WaitStrategy>>of(WaitStrategy::parking,
                WaitStrategy::eventfd)) {
            SpscRing ring = SpscRing.allocate(8, 32, s.get());
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread consumer = new Thread(() -> {
                try {
                    ring.drain(new Checker(), 8, Long.MAX_VALUE);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            consumer.start();
            Thread.sleep(50); // past the spin phase: asleep
            ring.close();
            consumer.join(10_000);
            assertFalse(consumer.isAlive(), ring.waitStrategy() + ": consumer still asleep after close");
            assertTrue(thrown.get() instanceof IllegalStateException, () -> "got " + thrown.get());
        }
    }

    @Test
    void drainTimesOutOnAnEmptyRing() {
        try (SpscRing ring = SpscRing.allocate(8, 32, WaitStrategy.eventfd())) {
            long t0 = System.nanoTime();
            assertEquals(0, ring.drain(new Checker(), 8, TimeUnit.MILLISECONDS.toNanos(20)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(20), "returned before the timeout");
        }
    }

    /** An event loop polling the eventfd: readable after a publish only when the consumer announced sleep. */
    @Test
    void eventfdIsWrittenOnlyForASleepingConsumer() {
        EventfdWaitStrategy wait = WaitStrategy.eventfd();
        try (SpscRing ring = SpscRing.allocate(16, 32, wait)) {
            int fd = wait.fd();
            assertTrue(fd >= 0);
            // consumer awake: publishing makes no system call, the eventfd stays quiet
            for (long i = 0; i < 5; i++) {
                assertTrue(SpscRingTest.offerSeq(ring, i));
            }
            assertEquals(0, Fds.poll(fd, Fds.POLLIN, 0), "eventfd written although nobody sleeps");
            // records are waiting: the loop must not sleep
            assertFalse(ring.beginSleep());
            Checker c = new Checker();
            assertEquals(5, ring.drain(c, 16));
            // empty: the loop announces sleep, then a publish makes the eventfd readable
            assertTrue(ring.beginSleep());
            assertEquals(0, Fds.poll(fd, Fds.POLLIN, 0));
            assertTrue(SpscRingTest.offerSeq(ring, 5));
            assertTrue((Fds.poll(fd, Fds.POLLIN, 1000) & Fds.POLLIN) != 0, "eventfd not readable after publish");
            // one wake per sleep: the next publishes do not write again
            assertTrue(SpscRingTest.offerSeq(ring, 6));
            assertEquals(1, wait.clear(), "one eventfd write for one sleep");
            ring.endSleep();
            assertEquals(2, ring.drain(c, 16));
            assertNull(c.error);
            // a batch publish also wakes
            assertTrue(ring.beginSleep());
            int k = ring.claim(3);
            for (int j = 0; j < k; j++) {
                long s = 7 + j;
                ring.set(j, (int) s, s * 31 + 7, (int) (s & 0xffff), (int) (s % 1500), (int) (s % 7), s ^ 0x5555L);
            }
            assertEquals(0, Fds.poll(fd, Fds.POLLIN, 0), "claimed but unpublished records wake nobody");
            ring.publish();
            assertTrue((Fds.poll(fd, Fds.POLLIN, 1000) & Fds.POLLIN) != 0);
            assertEquals(1, wait.clear());
            ring.endSleep();
            assertEquals(3, ring.drain(c, 16));
            assertNull(c.error);
            assertEquals(10, c.next);
        }
        assertThrows(IllegalStateException.class, wait::fd, "closing the ring closes its eventfd");
        assertThrows(IllegalStateException.class, wait::clear);
    }
}
