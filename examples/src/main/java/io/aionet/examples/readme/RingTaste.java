package io.aionet.examples.readme;

import io.aionet.LinuxException;
import io.aionet.uring.IoUring;

import java.io.PrintStream;

/** The README's ring example: the io_uring layer on its own, the way liburing is used from C. */
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
}
