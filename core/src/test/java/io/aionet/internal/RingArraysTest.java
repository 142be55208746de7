package io.aionet.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RingArraysTest {

    @Test
    void wrappedRingComesOutInOrderAtTwiceTheCapacity() {
        // capacity 4, head 2, full: logical order 10, 11, 12, 13 stored as [12, 13, 10, 11]
        long[] ring = {12, 13, 10, 11};
        long[] g = RingArrays.grown(ring, 2, 4);
        assertEquals(8, g.length);
        assertArrayEquals(new long[] {10, 11, 12, 13, 0, 0, 0, 0}, g);
        String[] names = {"c", "d", "a", "b"};
        assertArrayEquals(new String[] {"a", "b", "c", "d", null, null, null, null}, RingArrays.grown(names, 2, 4));
    }

    @Test
    void partialRingWithoutWrap() {
        int[] ring = {0, 5, 6, 0};
        assertArrayEquals(new int[] {5, 6, 0, 0, 0, 0, 0, 0}, RingArrays.grown(ring, 1, 2));
    }
}
