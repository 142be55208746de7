package io.aionet.uring;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static io.aionet.uring.IoUringConstants.*;
import static io.aionet.uring.RingTestSupport.byTag;
import static io.aionet.uring.RingTestSupport.reap;
import static io.aionet.uring.RingTestSupport.sqe;
import static org.junit.jupiter.api.Assertions.*;

/** Registration: fixed buffers and files, eventfd, the ring fd, worker limits, the probe. */
class IoUringRegisterTest {

    @Test
    void fixedBuffersCarryASend() throws Exception {
        try (LoopbackPair tcp = LoopbackPair.open(); IoUring ring = IoUring.builder().entries(8).open();
             Arena a = Arena.ofConfined()) {
            MemorySegment fixed = a.allocate(4096, 4096).fill((byte) 7);
            ring.registerBuffers(fixed);
            sqe(ring).prepSendZcFixed(tcp.client, fixed.asSlice(0, 100), 0, 0, 0).userData(1);
            List<Cqe> sent = reap(ring, 2);
            Cqe result = sent.get(0).isNotification() ? sent.get(1) : sent.get(0);
            assertEquals(100, result.res);
            MemorySegment in = a.allocate(128);
            long n = 0;
            while (n < 100) {
                n += io.aionet.linux.Sockets.recv(tcp.server, in.asSlice(n), 0);
            }
            assertEquals(7, in.get(ValueLayout.JAVA_BYTE, 99));
            // a slice outside the registered buffer is refused by the kernel
            MemorySegment other = a.allocate(64);
            sqe(ring).prepSendZcFixed(tcp.client, other, 0, 0, 0).userData(2);
            assertEquals(-Errno.EFAULT, resultOf(ring, 2).res);
            ring.unregisterBuffers();
            sqe(ring).prepSendZcFixed(tcp.client, fixed.asSlice(0, 10), 0, 0, 0).userData(3);
            assertTrue(resultOf(ring, 3).res < 0, "no fixed buffers after unregister");
            int[] p = new int[2];
            assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC));
            try {
                ring.registerBuffers(fixed);
                sqe(ring).prepWriteFixed(p[1], fixed.asSlice(10, 20), -1, 0).userData(4).flags(IOSQE_IO_LINK);
                MemorySegment back = fixed.asSlice(2048, 20);
                sqe(ring).prepReadFixed(p[0], back, -1, 0).userData(5);
                ring.submit();
                assertEquals(20, resultOf(ring, 4).res);
                assertEquals(20, resultOf(ring, 5).res);
                assertEquals(7, back.get(ValueLayout.JAVA_BYTE, 19));
            } finally {
                Fds.close(p[0]);
                Fds.close(p[1]);
            }
        }
    }

    /** The send result (not the notification) of the request tagged {@code tag}. */
    private static Cqe resultOf(IoUring ring, long tag) throws LinuxException {
        while (true) {
            Cqe c = reap(ring, 1).get(0);
            if (c.userData == tag && !c.isNotification()) { // zero-copy notifications of earlier sends are skipped
                return c;
            }
        }
    }

    @Test
    void fixedFilesAreUsedByIndex() throws Exception {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC));
        try (IoUring ring = IoUring.builder().entries(8).open(); Arena a = Arena.ofConfined()) {
            ring.registerFiles(p[0], p[1]);
            MemorySegment out = a.allocate(3).fill((byte) 'q');
            MemorySegment in = a.allocate(3);
            sqe(ring).prepWrite(1, out, -1).userData(1).flags(IOSQE_FIXED_FILE | IOSQE_IO_LINK);
            sqe(ring).prepRead(0, in, -1).userData(2).flags(IOSQE_FIXED_FILE);
            List<Cqe> c = reap(ring, 2);
            assertEquals(3, byTag(c, 1).res);
            assertEquals(3, byTag(c, 2).res);
            assertEquals('q', in.get(ValueLayout.JAVA_BYTE, 2));
            ring.unregisterFiles();
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
    }

    @Test
    void registeredEventFdBecomesReadableOnCompletion() throws Exception {
        int efd = Fds.eventfd(0, Fds.EFD_CLOEXEC | Fds.EFD_NONBLOCK);
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            ring.registerEventFd(efd, false);
            assertEquals(0, Fds.poll(efd, Fds.POLLIN, 0), "quiet before any completion");
            sqe(ring).prepNop().userData(1);
            reap(ring, 1);
            assertTrue((Fds.poll(efd, Fds.POLLIN, 1000) & Fds.POLLIN) != 0, "signalled by the completion");
            ring.unregisterEventFd();
        } finally {
            Fds.close(efd);
        }
    }

    @Test
    void registeredRingFdIsUsedForEnter() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            ring.registerRingFd();
            assertTrue(ring.isRingFdRegistered());
            for (int i = 0; i < 10; i++) {
                sqe(ring).prepNop().userData(i);
                assertEquals(i, reap(ring, 1).get(0).userData);
            }
            ring.unregisterRingFd();
            assertFalse(ring.isRingFdRegistered());
            sqe(ring).prepNop().userData(42);
            assertEquals(42, reap(ring, 1).get(0).userData);
        }
    }

    @Test
    void probeKnowsTheOpcodesWeUse() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            Probe p = ring.probe();
            assertTrue(p.lastOp() >= IORING_OP_SENDMSG_ZC, "kernel 6.1+: " + p.lastOp());
            for (int op : new int[] {IORING_OP_NOP, IORING_OP_POLL_ADD, IORING_OP_TIMEOUT, IORING_OP_ACCEPT,
                    IORING_OP_CONNECT, IORING_OP_SEND, IORING_OP_RECV, IORING_OP_SPLICE, IORING_OP_MSG_RING,
                    IORING_OP_SEND_ZC}) {
                assertTrue(p.isSupported(op), IoUringConstants.opName(op));
            }
            assertFalse(p.isSupported(255));
            assertTrue(p.supportedNames().contains("SEND_ZC"));
        }
    }

    @Test
    void iowqWorkerLimitsRoundTrip() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            ring.registerIowqMaxWorkers(4, 8);
            int[] prev = ring.registerIowqMaxWorkers(0, 0); // 0 reads without changing
            assertArrayEquals(new int[] {4, 8}, prev);
            assertThrows(IllegalArgumentException.class, () -> ring.registerIowqMaxWorkers(-1, 1));
        }
    }

    @Test
    void badRegistrationsAreClearErrors() throws Exception {
        try (IoUring ring = IoUring.builder().entries(4).open()) {
            assertThrows(IllegalArgumentException.class, () -> ring.registerBuffers());
            assertThrows(IllegalArgumentException.class, () -> ring.registerBuffers(MemorySegment.ofArray(new byte[4])));
            assertThrows(IllegalArgumentException.class, () -> ring.registerFiles());
            LinuxException e = assertThrows(LinuxException.class, ring::unregisterBuffers);
            assertEquals(Errno.ENXIO, e.errno(), "nothing registered");
            assertEquals("io_uring_register", e.syscall());
            assertThrows(IllegalArgumentException.class, () -> ring.registerBufRing(3, 1, 0), "not a power of two");
            assertThrows(IllegalArgumentException.class, () -> ring.registerBufRing(4, 70000, 0), "bgid > 16 bits");
            ring.registerBufRing(4, 1, 0);
            LinuxException dup = assertThrows(LinuxException.class, () -> ring.registerBufRing(4, 1, 0));
            assertEquals(Errno.EEXIST, dup.errno(), "group 1 already has a ring");
        }
    }
}
