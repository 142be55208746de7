package io.aionet.uring;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.aionet.uring.IoUringConstants.*;
import static io.aionet.uring.RingTestSupport.reap;
import static io.aionet.uring.RingTestSupport.sqe;
import static org.junit.jupiter.api.Assertions.*;

/** Setup, flags, the closed-ring contract and close's drain. */
class IoUringSetupTest {

    @Test
    void availableHere() {
        assertTrue(IoUring.isAvailable(), () -> "io_uring unavailable: " + IoUring.unavailabilityCause());
        assertNull(IoUring.unavailabilityCause());
    }

    @Test
    void setupReportsSizesAndFeatures() throws Exception {
        try (IoUring ring = IoUring.builder().entries(100).cqEntries(1024).open()) {
            assertEquals(128, ring.sqEntries(), "the kernel rounds entries up to a power of two");
            assertEquals(1024, ring.cqEntries());
            assertTrue(ring.hasFeature(IORING_FEAT_SINGLE_MMAP));
            assertTrue(ring.hasFeature(IORING_FEAT_NODROP));
            assertTrue(ring.hasFeature(IORING_FEAT_EXT_ARG));
            assertEquals(128, ring.sqSpaceLeft());
            assertTrue(ring.fd() >= 0);
        }
    }

    @Test
    void singleThreadedProfileIsAcceptedAndWorks() throws Exception {
        try (IoUring ring = IoUring.builder().entries(8).singleThreaded().open()) {
            int f = ring.setupFlags();
            assertTrue((f & IORING_SETUP_SINGLE_ISSUER) != 0);
            assertTrue((f & IORING_SETUP_DEFER_TASKRUN) != 0);
            assertTrue((f & IORING_SETUP_TASKRUN_FLAG) != 0, "TASKRUN_FLAG is added with DEFER_TASKRUN");
            assertTrue((f & IORING_SETUP_NO_SQARRAY) != 0, "kernel 6.6+ accepts NO_SQARRAY");
            for (int i = 0; i < 20; i++) { // more than the SQ holds: slots are reused in ring order
                sqe(ring).prepNop().userData(i);
                List<Cqe> c = reap(ring, 1);
                assertEquals(i, c.get(0).userData);
                assertEquals(0, c.get(0).res);
            }
        }
    }

    @Test
    void coopTaskrunAndSubmitAll() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4)
                .flags(IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SUBMIT_ALL).open()) {
            sqe(ring).prepNop().userData(5);
            assertEquals(5, reap(ring, 1).get(0).userData);
        }
    }

    @Test
    void sqPollRingSubmitsWithoutEnter() throws Exception {
        try (IoUring ring = IoUring.builder().entries(16).sqPoll(50).open()) {
            assertTrue((ring.setupFlags() & IORING_SETUP_SQPOLL) != 0);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                sqe(ring).prepNop().userData(100 + i);
            }
            for (Cqe c : reap(ring, 10)) {
                seen.add(c.userData);
            }
            assertEquals(10, seen.size());
        }
    }

    @Test
    void invalidFlagsGiveEinvalNamingTheSyscall() {
        LinuxException e = assertThrows(LinuxException.class, () -> IoUring.builder().flags(1 << 30).open());
        assertEquals("io_uring_setup", e.syscall());
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("io_uring_setup") && e.getMessage().contains("EINVAL"), e.getMessage());
    }

    @Test
    void deferTaskrunWithoutSingleIssuerIsRejectedUnlessBestEffort() throws Exception {
        LinuxException e = assertThrows(LinuxException.class,
                () -> IoUring.builder().flags(IORING_SETUP_DEFER_TASKRUN).open());
        assertEquals(Errno.EINVAL, e.errno());
        try (IoUring ring = IoUring.builder().flags(IORING_SETUP_DEFER_TASKRUN).bestEffort(true).open()) {
            assertEquals(0, ring.setupFlags() & IORING_SETUP_DEFER_TASKRUN, "fell back without DEFER_TASKRUN");
        }
    }

    @Test
    void badEntriesAreRejectedBeforeTheKernel() {
        assertThrows(IllegalArgumentException.class, () -> IoUring.builder().entries(0));
        assertThrows(IllegalArgumentException.class, () -> IoUring.builder().entries(65536));
        assertThrows(IllegalArgumentException.class, () -> IoUring.builder().cqEntries(-1));
    }

    @Test
    void closedRingThrowsIllegalStateNamingIt() throws Exception {
        IoUring ring = IoUring.builder().entries(4).open();
        int fd = ring.fd();
        ring.close();
        assertTrue(ring.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, ring::getSqe);
        assertTrue(e.getMessage().contains("io_uring") && e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, ring::submit);
        assertThrows(IllegalStateException.class, () -> ring.forEachCqe((u, r, f) -> { }, 1));
        assertThrows(IllegalStateException.class, ring::cqReady);
        assertFalse(Fds.isOpen(fd), "close closed the ring fd");
        ring.close(); // twice is harmless
    }

    @Test
    void closeCancelsAndDrainsPendingRequests() throws Exception {
        int[] pipe = new int[2];
        assertEquals(0, Fds.pipe2(pipe, Fds.O_CLOEXEC));
        try {
            IoUring ring = IoUring.builder().entries(8).open();
            sqe(ring).prepPollAdd(pipe[0], Fds.POLLIN).userData(1);   // never becomes readable
            sqe(ring).prepTimeout(60_000_000_000L, 0, 0).userData(2); // a minute away
            ring.submit();
            assertEquals(2, ring.inFlight());
            long t0 = System.nanoTime();
            ring.close();
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "drain finished by cancelling, not by waiting out");
            assertTrue(ring.isClosed());
        } finally {
            Fds.close(pipe[0]);
            Fds.close(pipe[1]);
        }
    }

    @Test
    void unpreparedSqesAreNotCountedInFlight() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            sqe(ring).prepNop().userData(1);
            assertEquals(0, ring.inFlight(), "prepared but not submitted");
            assertEquals(1, ring.sqReady());
            ring.submit();
            assertEquals(1, reap(ring, 1).size());
            assertEquals(0, ring.inFlight());
        }
    }

    @Test
    void heapMemoryIsRefused() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            Sqe s = sqe(ring);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.prepSend(0, java.lang.foreign.MemorySegment.ofArray(new byte[8]), 0));
            assertTrue(e.getMessage().contains("native"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.prepTimeout(-1, 0, 0));
            s.prepNop(); // the slot is still usable
        }
    }

    @Test
    void disabledRingRefusesSubmissionsUntilEnabled() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).flags(IORING_SETUP_R_DISABLED).open()) {
            sqe(ring).prepNop().userData(3);
            LinuxException e = assertThrows(LinuxException.class, ring::submit);
            assertEquals(Errno.EBADFD, e.errno());
            ring.enableRings();
            assertEquals(3, reap(ring, 1).get(0).userData, "the entry published before is submitted now");
        }
    }
}
