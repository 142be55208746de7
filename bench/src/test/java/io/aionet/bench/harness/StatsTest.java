package io.aionet.bench.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsTest {
    @Test
    void oddCountTakesTheMiddleRun() {
        Stats s = Stats.of(5, 1, 9, 3, 7);
        assertEquals(5, s.median());
        assertEquals(1, s.min());
        assertEquals(9, s.max());
    }

    @Test
    void evenCountAveragesTheTwoMiddleRuns() {
        Stats s = Stats.of(4, 1, 10, 2);
        assertEquals(3, s.median());
        assertEquals(1, s.min());
        assertEquals(10, s.max());
    }

    @Test
    void oneRunIsItsOwnSummary() {
        Stats s = Stats.of(42.5);
        assertEquals(42.5, s.median());
        assertEquals(42.5, s.min());
        assertEquals(42.5, s.max());
    }

    @Test
    void runsKeepTheirMeasuredOrderAndAreCopied() {
        double[] in = {3, 1, 2};
        Stats s = Stats.of(in);
        in[0] = 99;
        assertArrayEquals(new double[] {3, 1, 2}, s.runs());
    }

    @Test
    void outliersMoveMinAndMaxButNotTheMedian() {
        Stats s = Stats.of(100, 101, 102, 5000, 99);
        assertEquals(101, s.median());
        assertEquals(5000, s.max());
    }

    @Test
    void emptyOrNaNIsRejected() {
        assertThrows(IllegalArgumentException.class, Stats::of);
        assertThrows(IllegalArgumentException.class, () -> Stats.of(1, Double.NaN));
    }
}
