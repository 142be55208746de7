package io.aionet.bench.zerocopy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZeroCopyPlanTest {
    @Test
    void smallSizesSendTheMessageCountLargeOnesTheByteCap() {
        assertEquals(ZeroCopyPlan.MESSAGES / 4, ZeroCopyPlan.messagesPerStream(1 << 10, 4));
        assertEquals(ZeroCopyPlan.MAX_BYTES / (256 << 10) / 4, ZeroCopyPlan.messagesPerStream(256 << 10, 4));
        assertEquals(1, ZeroCopyPlan.messagesPerStream(Integer.MAX_VALUE, 4));
        assertThrows(IllegalArgumentException.class, () -> ZeroCopyPlan.messagesPerStream(0, 4));
        assertThrows(IllegalArgumentException.class, () -> ZeroCopyPlan.messagesPerStream(1024, 0));
    }

    @Test
    void labelsNameTheLargestWholeUnit() {
        assertEquals("1 KiB", ZeroCopyPlan.label(1024));
        assertEquals("256 KiB", ZeroCopyPlan.label(256 << 10));
        assertEquals("2 MiB", ZeroCopyPlan.label(2 << 20));
        assertEquals("1500 B", ZeroCopyPlan.label(1500));
        assertThrows(IllegalArgumentException.class, () -> ZeroCopyPlan.label(0));
    }

    @Test
    void perSendFigures() {
        ZeroCopySender.Result r = new ZeroCopySender.Result(4096, 1_000, 8_000, 4, 1);
        assertEquals(2.0, ZeroCopyPlan.cpuMicrosPerSend(r), 1e-9);
        assertEquals(25.0, ZeroCopyPlan.copiedPercent(r), 1e-9);
        assertEquals(Double.NaN, ZeroCopyPlan.copiedPercent(new ZeroCopySender.Result(0, 1, 0, 0, 0)));
    }

    @Test
    void breakEvenIsTheSmallestSizeFromWhichZeroCopyNeverCostsMore() {
        int[] sizes = {1, 4, 16, 64};
        assertEquals(16, ZeroCopyPlan.breakEven(sizes, new double[] {1, 1, 1, 1}, new double[] {3, 2, 1.0, 0.5}, 0.0));
        assertEquals(4, ZeroCopyPlan.breakEven(sizes, new double[] {1, 1, 1, 1}, new double[] {3, 1.04, 1.0, 0.5}, 0.05));
        // a dearer size above a cheaper one: the cheap small size does not count
        assertEquals(64, ZeroCopyPlan.breakEven(sizes, new double[] {1, 1, 1, 1}, new double[] {0.5, 0.5, 2, 0.5}, 0.0));
        assertEquals(-1, ZeroCopyPlan.breakEven(sizes, new double[] {1, 1, 1, 1}, new double[] {2, 2, 2, 2}, 0.05));
        assertThrows(IllegalArgumentException.class,
                () -> ZeroCopyPlan.breakEven(new int[] {4, 1}, new double[] {1, 1}, new double[] {1, 1}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ZeroCopyPlan.breakEven(sizes, new double[] {1}, new double[] {1, 1, 1, 1}, 0));
    }
}
