package io.aionet.bench.nop;

import io.aionet.uring.IoUring;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NopLoopTest {
    @Test
    void everyNopIsReapedWithItsUserData() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        try (NopLoop l = new NopLoop()) {
            // tags 1..16, then 17..17: the checksum is the sum of every user_data reaped
            assertEquals(136, l.batch(16));
            assertEquals(153, l.batch(1));
            assertEquals(153 + (18 + 273) * 256 / 2, l.batch(256));
        }
    }

    @Test
    void theSqPollLoopReapsEveryNopAndCountsItsPollersCpu() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        try (NopLoop l = new NopLoop(10)) {
            assertEquals(136, l.batchPolled(16));
            assertEquals(153, l.batchPolled(1));
            assertEquals(153 + (18 + 273) * 256 / 2, l.batchPolled(256));
            assertTrue(NopLoop.pollerCpuNanos() > 0, "the kernel poller ran and is counted");
            NopLoop.Timing t = l.timed(16, 16_000);
            assertTrue(t.nsPerNop() > 0 && t.cpuNsPerNop() > 0, t.toString());
        }
    }

    @Test
    void batchOutsideTheRingIsRejected() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        try (NopLoop l = new NopLoop()) {
            assertThrows(IllegalArgumentException.class, () -> l.batch(0));
            assertThrows(IllegalArgumentException.class, () -> l.batch(NopLoop.ENTRIES + 1));
        }
    }

    /**
     * The hot path's promise: once the JIT has compiled it, preparing, submitting and reaping allocates
     * nothing. Before C2 compiles the loop, the downcall's interpreted path may box; so the check
     * asks that some window of 20,000 batches, within a bounded warm-up, allocates zero bytes.
     */
    @Test
    void batchAllocatesNothingOnceCompiled() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        try (NopLoop l = new NopLoop()) {
            long last = -1;
            for (int window = 0; window < 40 && last != 0; window++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    l.batch(16);
                }
                last = mx.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, last, "bytes allocated by 20,000 batches of 16 NOPs after warm-up");
        }
    }
}
