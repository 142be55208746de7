package io.aionet.channel.ring;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;

import static io.aionet.channel.ring.SpscRingDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The net channel's memory layout: producer and consumer state never share a cache line. */
class SpscRingLayoutTest {

    @Test
    void indicesAreAtLeast128BytesApartAndAligned() {
        long[] shared = {TAIL_OFFSET, HEAD_OFFSET, SLEEPING_OFFSET, RECORDS_OFFSET};
        long prev = MAGIC_OFFSET;
        for (long off : shared) {
            assertTrue(off - prev >= 128, "offset " + off + " is only " + (off - prev) + " bytes after " + prev);
            assertEquals(0, off % 128, "offset " + off + " is not 128-aligned");
            prev = off;
        }
        assertTrue(Math.abs(HEAD_OFFSET - TAIL_OFFSET) >= 128);
        assertEquals(128, ALIGNMENT);
        // the header fields fit in the first line, before the tail
        assertTrue(RECORD_SIZE_OFFSET + 4 <= TAIL_OFFSET);
    }

    @Test
    void recordFieldsFitTheSmallestRecordAndAreNaturallyAligned() {
        long[][] fields = {{REC_HANDLE, 8}, {REC_TIMESTAMP, 8}, {REC_BUFFER_ID, 4}, {REC_OFFSET, 4},
                {REC_LENGTH, 4}, {REC_FLOW_ID, 4}};
        long covered = 0;
        for (long[] f : fields) {
            assertEquals(0, f[0] % f[1], "field at " + f[0] + " misaligned");
            assertTrue(f[0] + f[1] <= MIN_RECORD_SIZE);
            covered += f[1];
        }
        assertEquals(MIN_RECORD_SIZE, covered, "fields overlap or leave a hole");
    }

    @Test
    void recordOffsetsWrapAtCapacity() {
        assertEquals(RECORDS_OFFSET, recordOffset(0, 7, 5));
        assertEquals(RECORDS_OFFSET + 7 * 32, recordOffset(7, 7, 5));
        assertEquals(RECORDS_OFFSET, recordOffset(8, 7, 5));
        assertEquals(RECORDS_OFFSET + 3 * 64, recordOffset(8L * 1_000_003 + 3, 7, 6));
        assertEquals(RECORDS_OFFSET + 1024L * 256, byteSize(1024, 256));
    }

    /**
     * The on-heap side (JCTools-style padding classes): the producer's private fields, the consumer's
     * private fields and the shared read-only fields are at least 128 bytes apart. Field offsets come
     * from {@code sun.misc.Unsafe.objectFieldOffset}; the test is skipped where that is unavailable.
     */
    @Test
    void producerAndConsumerFieldsAreOnDifferentLines() throws Exception {
        long[] producer = offsets(SpscRingFields.Producer.class, "producerIndex", "producerLimit", "claimed");
        long[] consumer = offsets(SpscRingFields.Consumer.class, "consumerIndex", "consumerLimit");
        long[] shared = offsets(SpscRing.class, "memory", "arena", "mask", "capacity", "recordSize", "recordShift",
                "wait", "signalling", "closed");
        // HotSpot may put a small field of a subclass into the gap after the object header (the int
        // capacity lands at offset 12): what matters is the distance between groups, not their order
        assertApart(producer, consumer, "producer", "consumer");
        assertApart(producer, shared, "producer", "read-only");
        assertApart(consumer, shared, "consumer", "read-only");
    }

    private static void assertApart(long[] a, long[] b, String an, String bn) {
        for (long x : a) {
            for (long y : b) {
                assertTrue(Math.abs(x - y) >= 128, an + " field at " + x + " and " + bn + " field at " + y
                        + " are closer than 128 bytes");
            }
        }
    }

    private static long[] offsets(Class<?> c, String... names) throws Exception {
        Object unsafe;
        java.lang.reflect.Method offset;
        try {
            Class<?> u = Class.forName("sun.misc.Unsafe");
            Field f = u.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            offset = u.getMethod("objectFieldOffset", Field.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "sun.misc.Unsafe unavailable: " + e);
            return new long[0];
        }
        long[] out = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = (long) offset.invoke(unsafe, c.getDeclaredField(names[i]));
        }
        return out;
    }

    @Test
    void allocatedMemoryIsAlignedAndHeaderDescribesTheRing() throws Exception {
        try (SpscRing ring = SpscRing.allocate(64, 64, WaitStrategy.spin())) {
            Field f = SpscRing.class.getDeclaredField("memory");
            f.setAccessible(true);
            MemorySegment m = (MemorySegment) f.get(ring);
            assertEquals(0, m.address() % 128, "ring memory must be 128-aligned");
            assertEquals(byteSize(64, 64), m.byteSize());
            assertEquals(MAGIC, m.get(ValueLayout.JAVA_INT, MAGIC_OFFSET));
            assertEquals(VERSION, m.get(ValueLayout.JAVA_INT, VERSION_OFFSET));
            assertEquals(64, m.get(ValueLayout.JAVA_INT, CAPACITY_OFFSET));
            assertEquals(64, m.get(ValueLayout.JAVA_INT, RECORD_SIZE_OFFSET));
            for (int i = 0; i < 3; i++) {
                assertTrue(SpscRingTest.offerSeq(ring, i));
            }
            // the shared tail is where the descriptor says; the head has not moved
            assertEquals(3L, m.get(ValueLayout.JAVA_LONG, TAIL_OFFSET));
            assertEquals(0L, m.get(ValueLayout.JAVA_LONG, HEAD_OFFSET));
            assertEquals(2, m.get(ValueLayout.JAVA_INT, RECORDS_OFFSET + 2 * 64 + REC_BUFFER_ID));
            ring.poll(new PacketDescriptor());
            assertEquals(1L, m.get(ValueLayout.JAVA_LONG, HEAD_OFFSET));
        }
    }
}
