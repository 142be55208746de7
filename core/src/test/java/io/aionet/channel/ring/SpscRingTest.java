package io.aionet.channel.ring;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-thread contract of the net channel: order, wraparound, batches, full/empty, bad input, close. */
class SpscRingTest {

    /** The descriptor the tests write for sequence number {@code i}; every field depends on i. */
    static boolean offerSeq(SpscRing ring, long i) {
        return ring.offer((int) i, i * 31 + 7, (int) (i & 0xffff), (int) (i % 1500), (int) (i % 7), i ^ 0x5555L);
    }

    static void assertSeq(long i, PacketDescriptor d) {
        assertEquals((int) i, d.bufferId, "bufferId");
        assertEquals(i * 31 + 7, d.handle, "handle");
        assertEquals((int) (i & 0xffff), d.offset, "offset");
        assertEquals((int) (i % 1500), d.length, "length");
        assertEquals((int) (i % 7), d.flowId, "flowId");
        assertEquals(i ^ 0x5555L, d.timestamp, "timestamp");
    }

    @Test
    void fifoOrderAndAllFieldsRoundTrip() {
        try (SpscRing ring = SpscRing.allocate(16)) {
            for (long i = 0; i < 10; i++) {
                assertTrue(offerSeq(ring, i));
            }
            assertEquals(10, ring.size());
            PacketDescriptor d = new PacketDescriptor();
            for (long i = 0; i < 10; i++) {
                assertTrue(ring.poll(d));
                assertSeq(i, d);
            }
            assertFalse(ring.poll(d));
            assertTrue(ring.isEmpty());
        }
    }

    @Test
    void extremeValuesSurvive() {
        try (SpscRing ring = SpscRing.allocate(4)) {
            assertTrue(ring.offer(Integer.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, -1, Integer.MIN_VALUE, Long.MIN_VALUE));
            PacketDescriptor d = new PacketDescriptor();
            assertTrue(ring.poll(d));
            assertEquals(Integer.MIN_VALUE, d.bufferId);
            assertEquals(Long.MAX_VALUE, d.handle);
            assertEquals(Integer.MAX_VALUE, d.offset);
            assertEquals(-1, d.length);
            assertEquals(Integer.MIN_VALUE, d.flowId);
            assertEquals(Long.MIN_VALUE, d.timestamp);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void wrapsAroundOverManyLaps() {
        for (int recordSize : new int[] {32, 64, 256}) {
            try (SpscRing ring = SpscRing.allocate(8, recordSize, WaitStrategy.spin())) {
                PacketDescriptor d = new PacketDescriptor();
                long produced = 0;
                long consumed = 0;
                // 1000 laps with a varying fill level so head and tail meet every slot in every phase
                for (int round = 0; consumed < 8000; round++) {
                    assertTrue(round < 100_000, "no progress");
                    int burst = round % 10;
                    for (int k = 0; k < burst && offerSeq(ring, produced); k++) {
                        produced++;
                    }
                    int take = round % 4 + 1;
                    for (int k = 0; k < take && ring.poll(d); k++) {
                        assertSeq(consumed, d);
                        consumed++;
                    }
                    assertEquals(produced - consumed, ring.size());
                }
            }
        }
    }

    @Test
    void fullRingRefusesThenAcceptsAfterPoll() {
        try (SpscRing ring = SpscRing.allocate(4)) {
            for (long i = 0; i < 4; i++) {
                assertTrue(offerSeq(ring, i));
            }
            assertFalse(offerSeq(ring, 4), "a full ring refuses");
            assertEquals(4, ring.size());
            assertEquals(0, ring.claim(2), "a full ring claims nothing");
            ring.publish();
            PacketDescriptor d = new PacketDescriptor();
            assertTrue(ring.poll(d));
            assertSeq(0, d);
            assertTrue(offerSeq(ring, 4));
            assertFalse(offerSeq(ring, 5));
            for (long i = 1; i <= 4; i++) {
                assertTrue(ring.poll(d));
                assertSeq(i, d);
            }
            assertFalse(ring.poll(d));
            assertEquals(0, ring.drain((a, b, c, e, f, g) -> { throw new AssertionError("empty"); }, 8));
        }
    }

    @Test
    void batchClaimPublishAndDrain() {
        try (SpscRing ring = SpscRing.allocate(16)) {
            assertTrue(offerSeq(ring, 0));
            int k = ring.claim(10);
            assertEquals(10, k);
            for (int i = 0; i < k; i++) {
                long s = 1 + i;
                ring.set(i, (int) s, s * 31 + 7, (int) (s & 0xffff), (int) (s % 1500), (int) (s % 7), s ^ 0x5555L);
            }
            assertEquals(1, ring.size(), "claimed records are invisible until publish");
            assertThrows(IllegalStateException.class, () -> offerSeq(ring, 99), "offer during a claim");
            assertThrows(IllegalStateException.class, () -> ring.claim(1), "claim during a claim");
            ring.publish();
            assertEquals(11, ring.size());
            // only 5 slots left: a claim of 8 gets 5
            assertEquals(5, ring.claim(8));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.set(5, 0, 0, 0, 0, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.set(-1, 0, 0, 0, 0, 0, 0));
            for (int i = 0; i < 5; i++) {
                long s = 11 + i;
                ring.set(i, (int) s, s * 31 + 7, (int) (s & 0xffff), (int) (s % 1500), (int) (s % 7), s ^ 0x5555L);
            }
            ring.publish();
            ring.publish(); // nothing pending: no-op
            assertEquals(16, ring.size());

            List<long[]> seen = new ArrayList<>();
            SpscRingHandler h = (id, handle, off, len, flow, ts) -> seen.add(new long[] {id, handle, off, len, flow, ts});
            assertEquals(6, ring.drain(h, 6));
            assertEquals(10, ring.drain(h, 100));
            assertEquals(0, ring.drain(h, 100));
            assertEquals(16, seen.size());
            PacketDescriptor d = new PacketDescriptor();
            for (int i = 0; i < 16; i++) {
                long[] r = seen.get(i);
                d.set((int) r[0], r[1], (int) r[2], (int) r[3], (int) r[4], r[5]);
                assertSeq(i, d);
            }
        }
    }

    @Test
    void handlerExceptionConsumesTheRecordsHandedOver() {
        try (SpscRing ring = SpscRing.allocate(8)) {
            for (long i = 0; i < 5; i++) {
                assertTrue(offerSeq(ring, i));
            }
            int[] calls = {0};
            assertThrows(IllegalStateException.class, () -> ring.drain((id, h, o, l, f, t) -> {
                if (calls[0]++ == 2) {
                    throw new IllegalStateException("handler failed");
                }
            }, 8));
            assertEquals(3, calls[0]);
            assertEquals(2, ring.size(), "records 0..2 consumed, 3..4 remain");
            PacketDescriptor d = new PacketDescriptor();
            assertTrue(ring.poll(d));
            assertSeq(3, d);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        for (int cap : new int[] {0, 1, 3, 100, -8, 1 << 25, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> SpscRing.allocate(cap), "capacity " + cap);
        }
        for (int rs : new int[] {0, 8, 16, 48, 512, -32}) {
            assertThrows(IllegalArgumentException.class, () -> SpscRing.allocate(8, rs, WaitStrategy.spin()),
                    "record size " + rs);
        }
        assertThrows(NullPointerException.class, () -> SpscRing.allocate(8, 32, null));
        try (SpscRing ring = SpscRing.allocate(8)) {
            assertThrows(IllegalArgumentException.class, () -> ring.claim(0));
            assertThrows(IllegalArgumentException.class, () -> ring.claim(9));
            assertThrows(IllegalArgumentException.class, () -> ring.drain((a, b, c, d, e, f) -> { }, 0));
            assertThrows(IllegalArgumentException.class, () -> ring.drain((a, b, c, d, e, f) -> { }, -1, 10));
        }
        WaitStrategy used = WaitStrategy.spin();
        try (SpscRing ring = SpscRing.allocate(8, 32, used)) {
            assertThrows(IllegalArgumentException.class, () -> SpscRing.allocate(8, 32, used),
                    "a strategy serves one ring");
            assertThrows(IllegalStateException.class, ring::beginSleep, "spin never sleeps");
        }
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceIsHarmless() {
        SpscRing ring = SpscRing.allocate(8);
        assertTrue(offerSeq(ring, 0));
        ring.close();
        ring.close();
        assertTrue(ring.isClosed());
        PacketDescriptor d = new PacketDescriptor();
        assertThrows(IllegalStateException.class, () -> offerSeq(ring, 1));
        assertThrows(IllegalStateException.class, () -> ring.poll(d));
        assertThrows(IllegalStateException.class, () -> ring.claim(1));
        assertThrows(IllegalStateException.class, ring::publish);
        assertThrows(IllegalStateException.class, () -> ring.drain((a, b, c, e, f, g) -> { }, 1));
        assertThrows(IllegalStateException.class, ring::size);
    }

    @Test
    void callerMemoryCreateAndAttach() {
        try (Arena arena = Arena.ofShared()) {
            long size = SpscRing.byteSize(64, 64);
            assertEquals(SpscRingDescriptor.RECORDS_OFFSET + 64 * 64, size);
            MemorySegment mem = arena.allocate(size, 4096);
            SpscRing producer = SpscRing.create(mem, 64, 64, WaitStrategy.spin());
            for (long i = 0; i < 40; i++) {
                assertTrue(offerSeq(producer, i));
            }
            PacketDescriptor d = new PacketDescriptor();
            SpscRing consumer = SpscRing.attach(mem, WaitStrategy.spin());
            assertEquals(64, consumer.capacity());
            assertEquals(64, consumer.recordSize());
            for (long i = 0; i < 30; i++) {
                assertTrue(consumer.poll(d));
                assertSeq(i, d);
            }
            // the producer learns of the consumer's progress through the shared head
            for (long i = 40; i < 94; i++) {
                assertTrue(offerSeq(producer, i));
            }
            assertFalse(offerSeq(producer, 94));
            for (long i = 30; i < 94; i++) {
                assertTrue(consumer.poll(d));
                assertSeq(i, d);
            }
            producer.close();
            consumer.close();
            // caller memory survives close
            assertEquals(SpscRingDescriptor.MAGIC, mem.get(java.lang.foreign.ValueLayout.JAVA_INT, 0));

            assertThrows(IllegalArgumentException.class,
                    () -> SpscRing.create(arena.allocate(size - 1, 4096), 64, 64, WaitStrategy.spin()), "too small");
            assertThrows(IllegalArgumentException.class,
                    () -> SpscRing.create(mem.asSlice(8), 8, 32, WaitStrategy.spin()), "misaligned");
            assertThrows(IllegalArgumentException.class,
                    () -> SpscRing.create(MemorySegment.ofArray(new long[1024]), 8, 32, WaitStrategy.spin()), "heap");
            assertThrows(IllegalArgumentException.class,
                    () -> SpscRing.create(mem.asReadOnly(), 8, 32, WaitStrategy.spin()), "read-only");
            assertThrows(IllegalArgumentException.class,
                    () -> SpscRing.attach(arena.allocate(4096, 4096), WaitStrategy.spin()), "no ring there");
        }
    }

    @Test
    void pollAndDrainAgree() {
        try (SpscRing ring = SpscRing.allocate(32)) {
            long[] sum = {0};
            for (long i = 0; i < 20; i++) {
                assertTrue(offerSeq(ring, i));
            }
            PacketDescriptor d = new PacketDescriptor();
            assertTrue(ring.poll(d));
            assertSeq(0, d);
            assertEquals(19, ring.drain((id, h, o, l, f, t) -> sum[0] += id, 64));
            assertEquals(19L * 20 / 2, sum[0]);
            assertEquals(0, ring.size());
        }
    }
}
