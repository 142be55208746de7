package io.aionet.examples.readme;

import io.aionet.LinuxException;
import io.aionet.uring.Cqe;
import io.aionet.uring.IoUring;
import io.aionet.uring.Sqe;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;

/**
 * The ring examples of the README and of the {@code io.aionet.uring} javadoc: the io_uring layer on its
 * own, the way liburing is used from C.
 */
public final class RingTaste {
    private RingTaste() {}

    /** Submits one NOP tagged 7 and prints {@code 7 -> 0} (its user data and result) to {@code out}. */
    public static void nop(PrintStream out) throws LinuxException {
        // @start region="ring"
        try (IoUring ring = IoUring.builder().entries(256).singleThreaded().open()) {
            ring.getSqe().prepNop().userData(7);
            ring.submitAndWait(1);
            ring.forEachCqe((userData, res, flags) -> out.println(userData + " -> " + res), 16);
        }
        // @end
    }

    /**
     * {@link Sqe}'s example: claims an entry (submitting first when the SQ is full), prepares a receive
     * of up to {@code buffer.byteSize()} bytes from socket {@code fd} tagged 42, submits, then waits for
     * its completion and returns its result (bytes received, or -errno).
     */
    public static int recv(IoUring ring, int fd, MemorySegment buffer) throws LinuxException {
        // @start region="sqe"
        Sqe sqe = ring.getSqe();
        if (sqe == null) {          // the SQ is full: submit, then retry
            ring.submit();
            sqe = ring.getSqe();
        }
        sqe.prepRecv(fd, buffer, 0).userData(42);
        ring.submit();
        // @end
        Cqe cqe = new Cqe();
        if (!ring.waitCqe(cqe, 5_000_000_000L) || cqe.userData != 42) {
            throw new IllegalStateException("no completion for the receive: " + cqe);
        }
        ring.cqeSeen();
        return cqe.res;
    }
}
