package io.aionet.uring;

import io.aionet.LinuxException;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Small helpers shared by the ring tests. */
final class RingTestSupport {
    private RingTestSupport() {}

    /** Submits, then reaps until {@code n} completions arrived (5 s at most); returns them in arrival order. */
    static List<Cqe> reap(IoUring ring, int n) throws LinuxException {
        List<Cqe> out = new ArrayList<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        ring.submit();
        while (out.size() < n) {
            if (System.nanoTime() > deadline) {
                fail("expected " + n + " completions, got " + out.size() + ": " + out);
            }
            ring.submitAndWait(1, 100_000_000L);
            ring.forEachCqe((u, r, f) -> {
                Cqe c = new Cqe();
                c.userData = u;
                c.res = r;
                c.flags = f;
                out.add(c);
            }, n - out.size());
        }
        return out;
    }

    static Cqe byTag(List<Cqe> cqes, long tag) {
        for (Cqe c : cqes) {
            if (c.userData == tag) {
                return c;
            }
        }
        fail("no completion tagged " + tag + " in " + cqes);
        return null;
    }

    static Sqe sqe(IoUring ring) {
        Sqe s = ring.getSqe();
        assertTrue(s != null, "SQ unexpectedly full");
        return s;
    }
}
