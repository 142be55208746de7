package io.aionet.channel.capture;

import io.aionet.linux.Fds;
import io.aionet.uring.Cqe;
import io.aionet.uring.IoUring;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * "Wakes up the process" through an io_uring: the packet socket's descriptor, registered with a
 * one-shot {@code IORING_OP_POLL_ADD}, completes when the kernel hands a block of the mmap'd ring over,
 * so a ring can sit in the same event loop as sockets and timers. Needs root and io_uring.
 */
class PacketRingUringTest {
    @Test
    void aPollOnTheRingFdCompletesWhenABlockIsReady() throws Exception {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring unavailable: " + IoUring.unavailabilityCause());
        int port = PacketRingTest.freeUdpPort();
        try (PacketRing ring = PacketRingTest.open(PacketRing.builder("lo").ignoreOutgoing(true)
                .filter(BpfProgram.ipv4Port(17, port)).blockTimeoutMillis(2));
             IoUring uring = IoUring.builder().entries(8).open()) {
            uring.getSqe().prepPollAdd(ring.fd(), Fds.POLLIN).userData(0xcafe);
            uring.submit();
            Cqe cqe = new Cqe();
            assertFalse(uring.waitCqe(cqe, 50_000_000L), "nothing captured yet: the poll stays pending");
            PacketRingTest.send(port, 3, 100);
            assertTrue(uring.waitCqe(cqe, 5_000_000_000L), "the poll completed");
            assertEquals(0xcafe, cqe.userData);
            assertTrue((cqe.res & Fds.POLLIN) != 0, "readable: " + cqe.res);
            uring.cqeSeen();
            int n = 0;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (n < 3 && System.nanoTime() < deadline) {
                n += ring.poll((mem, off, len, wire, ts, type) -> { }, 20);
            }
            assertEquals(3, n);
        }
    }
}
