package io.aionet.dma;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads release the same buffer at once (a program bug the library must catch, not race):
 * exactly one release wins the state CAS, the other gets {@link BufferOwnershipException}, and the
 * slot is free exactly once. r1: releases that succeeded, r2: releases refused, r3: free slots.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "one release won, the other was refused")
@Outcome(expect = Expect.FORBIDDEN, desc = "both released (slot handed out twice later) or neither")
@State
public class BufferDoubleReleaseStress {
    private final DmaArea area = StressAreas.oneSlot();
    private final Buffer b = area.reserve(64);
    private volatile int won1;
    private volatile int won2;

    @Actor
    public void a() {
        won1 = tryRelease();
    }

    @Actor
    public void b() {
        won2 = tryRelease();
    }

    private int tryRelease() {
        try {
            b.release();
            return 1;
        } catch (BufferOwnershipException e) {
            return 0;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = won1 + won2;
        r.r2 = 2 - won1 - won2;
        r.r3 = area.accounting().free();
        area.close();
    }
}
