package io.aionet.uring;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static io.aionet.uring.IoUringConstants.*;
import static io.aionet.uring.RingTestSupport.byTag;
import static io.aionet.uring.RingTestSupport.reap;
import static io.aionet.uring.RingTestSupport.sqe;
import static org.junit.jupiter.api.Assertions.*;

/** Submission, completion, full queues, overflow, waiting and timeouts. */
class IoUringSubmitTest {

    @Test
    void nopRoundTripCarriesTheTag() throws Exception {
        try (IoUring ring = IoUring.builder().entries(8).open()) {
            sqe(ring).prepNop().userData(0xCAFEBABE_12345678L);
            assertEquals(1, ring.submitAndWait(1));
            Cqe c = new Cqe();
            assertTrue(ring.peekCqe(c));
            assertEquals(0xCAFEBABE_12345678L, c.userData);
            assertEquals(0, c.res);
            assertFalse(c.hasMore());
            ring.cqeSeen();
            assertEquals(0, ring.cqReady());
            assertThrows(IllegalStateException.class, ring::cqeSeen, "nothing left to mark seen");
        }
    }

    @Test
    void everyTagComesBackExactlyOnceAcrossManyLaps() throws Exception {
        try (IoUring ring = IoUring.builder().entries(32).singleThreaded().open()) {
            int total = 10_000;
            BitSet seen = new BitSet(total);
            int[] dup = {0};
            int next = 0;
            while (next < total) {
                Sqe s;
                while (next < total && (s = ring.getSqe()) != null) {
                    s.prepNop().userData(next++);
                }
                ring.submitAndWait(1);
                ring.forEachCqe((u, r, f) -> {
                    if (seen.get((int) u)) {
                        dup[0]++;
                    }
                    seen.set((int) u);
                }, Integer.MAX_VALUE);
            }
            while (seen.cardinality() < total) {
                assertTrue(ring.submitAndWait(1, 1_000_000_000L) >= 0 || ring.cqReady() > 0, "completions stalled");
                ring.forEachCqe((u, r, f) -> seen.set((int) u), Integer.MAX_VALUE);
            }
            assertEquals(total, seen.cardinality());
            assertEquals(0, dup[0]);
            assertEquals(0, ring.inFlight());
        }
    }

    @Test
    void fullSubmissionQueueIsReportedNotLost() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            for (int i = 0; i < 4; i++) {
                Sqe s = ring.getSqe();
                assertNotNull(s);
                s.prepNop().userData(i);
            }
            assertEquals(0, ring.sqSpaceLeft());
            assertNull(ring.getSqe(), "a full SQ says so");
            assertEquals(4, ring.submit());
            Sqe s = ring.getSqe();
            assertNotNull(s, "room again after submit");
            s.prepNop().userData(4);
            List<Cqe> c = reap(ring, 5);
            BitSet tags = new BitSet();
            c.forEach(x -> tags.set((int) x.userData));
            assertEquals(5, tags.cardinality(), "no SQE was lost: " + c);
        }
    }

    @Test
    void completionQueueOverflowLosesNothing() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).cqEntries(4).open()) {
            int total = 20;
            for (int i = 0; i < total; i += 4) {
                for (int j = 0; j < 4; j++) {
                    sqe(ring).prepNop().userData(i + j);
                }
                ring.submit(); // nothing reaped: the CQ (4) fills, the rest overflows
            }
            assertTrue(ring.cqOverflowPending(), "IORING_SQ_CQ_OVERFLOW is set");
            assertEquals(0, ring.cqOverflowDropped(), "NODROP keeps every completion");
            BitSet tags = new BitSet();
            for (Cqe c : reap(ring, total)) {
                tags.set((int) c.userData);
            }
            assertEquals(total, tags.cardinality());
            assertFalse(ring.cqOverflowPending());
        }
    }

    @Test
    void waitWithTimeoutReturnsEtimeWhenNothingCompletes() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            assertEquals(-Errno.ETIME, ring.submitAndWait(1, 20_000_000L));
            Cqe c = new Cqe();
            assertFalse(ring.waitCqe(c, 10_000_000L));
            assertThrows(IllegalArgumentException.class, () -> ring.submitAndWait(1, -1));
            assertThrows(IllegalArgumentException.class, () -> ring.submitAndWait(-1));
        }
    }

    @Test
    void waitReturnsWithoutEnteringWhenCompletionsAreThere() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            sqe(ring).prepNop().userData(1);
            ring.submitAndWait(1);
            assertEquals(1, ring.cqReady());
            assertEquals(0, ring.submitAndWait(1), "already satisfied: no submission, no wait");
            Cqe c = new Cqe();
            assertTrue(ring.waitCqe(c, 1_000_000L));
            assertEquals(1, c.userData);
        }
    }

    @Test
    void timeoutFiresWithEtime() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            sqe(ring).prepTimeout(5_000_000L, 0, 0).userData(9);
            Cqe c = reap(ring, 1).get(0);
            assertEquals(9, c.userData);
            assertEquals(-Errno.ETIME, c.res);
        }
    }

    @Test
    void timeoutCompletesAfterCountCompletions() throws Exception {
        try (IoUring ring = IoUring.builder().entries(8).open()) {
            sqe(ring).prepTimeout(10_000_000_000L, 2, 0).userData(100);
            sqe(ring).prepNop().userData(1);
            sqe(ring).prepNop().userData(2);
            List<Cqe> c = reap(ring, 3);
            assertEquals(0, byTag(c, 100).res, "the count was reached before the time");
        }
    }

    @Test
    void multishotTimeoutTicksUntilRemoved() throws Exception {
        try (IoUring ring = IoUring.builder().entries(8).open()) {
            sqe(ring).prepTimeout(2_000_000L, 0, IORING_TIMEOUT_MULTISHOT).userData(7);
            List<Cqe> ticks = reap(ring, 3);
            for (Cqe t : ticks) {
                assertEquals(7, t.userData);
                assertEquals(-Errno.ETIME, t.res);
                assertTrue(t.hasMore(), "a periodic timer keeps F_MORE");
            }
            sqe(ring).prepTimeoutRemove(7, 0).userData(8);
            List<Cqe> rest = reap(ring, 1);
            while (rest.stream().noneMatch(x -> x.userData == 8)) {
                rest.addAll(reap(ring, 1));
            }
            assertEquals(0, byTag(rest, 8).res);
        }
    }

    @Test
    void timeoutUpdateRearms() throws Exception {
        try (IoUring ring = IoUring.builder().entries(8).open()) {
            sqe(ring).prepTimeout(60_000_000_000L, 0, 0).userData(1);
            ring.submit();
            sqe(ring).prepTimeoutUpdate(1, 1_000_000L, 0).userData(2);
            List<Cqe> c = reap(ring, 2);
            assertEquals(0, byTag(c, 2).res, "update accepted");
            assertEquals(-Errno.ETIME, byTag(c, 1).res, "fired at the new, near time");
        }
    }

    @Test
    void linkTimeoutCancelsASlowRequest() throws Exception {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC));
        try (IoUring ring = IoUring.builder().entries(8).open()) {
            sqe(ring).prepPollAdd(p[0], Fds.POLLIN).userData(1).flags(IOSQE_IO_LINK);
            sqe(ring).prepLinkTimeout(5_000_000L, 0).userData(2);
            List<Cqe> c = reap(ring, 2);
            assertEquals(-Errno.ECANCELED, byTag(c, 1).res);
            assertEquals(-Errno.ETIME, byTag(c, 2).res);
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
    }

    @Test
    void asyncCancelByTag() throws Exception {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC));
        try (IoUring ring = IoUring.builder().entries(8).open()) {
            sqe(ring).prepPollAdd(p[0], Fds.POLLIN).userData(11);
            ring.submit();
            sqe(ring).prepCancel(11, 0).userData(12);
            List<Cqe> c = reap(ring, 2);
            assertEquals(-Errno.ECANCELED, byTag(c, 11).res);
            assertEquals(0, byTag(c, 12).res);
            sqe(ring).prepCancel(999, 0).userData(13);
            assertEquals(-Errno.ENOENT, reap(ring, 1).get(0).res, "unknown tag");
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
    }

    @Test
    void deferredCompletionsAreFlushedByReaping() throws Exception {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC | Fds.O_NONBLOCK));
        try (IoUring ring = IoUring.builder().entries(8).singleThreaded().open();
             java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            sqe(ring).prepPollAdd(p[0], Fds.POLLIN).userData(1);
            ring.submit();
            java.lang.foreign.MemorySegment b = a.allocate(1);
            assertEquals(1, Fds.write(p[1], b));
            // With DEFER_TASKRUN the poll completes as task work the owner must run: reaping enters once.
            Cqe c = new Cqe();
            long deadline = System.nanoTime() + 2_000_000_000L;
            boolean got = false;
            while (!got && System.nanoTime() < deadline) {
                got = ring.peekCqe(c);
            }
            assertTrue(got, "peek flushed the deferred completion");
            assertEquals(1, c.userData);
            assertTrue((c.res & Fds.POLLIN) != 0);
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
    }
}
