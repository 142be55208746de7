package io.aionet.internal.concurrent;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A full queue refuses exactly the surplus: two producers race for the last free slot of a queue of
 * capacity 2 that holds one value already (the tail CAS decides); the accepted values are the ones
 * found in it.
 * r1: offers accepted, r2: 1 when the queue then holds exactly the accepted values.
 */
@JCStressTest
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "two accepted, one refused as full, both kept")
@Outcome(expect = Expect.FORBIDDEN, desc = "a slot given twice, or a full queue accepted a third value")
@State
public class MpscLongQueueFullStress {
    private final MpscLongQueue q = new MpscLongQueue(2);
    private volatile boolean a;
    private volatile boolean b;
    private final boolean c = q.offer(4);

    @Actor
    public void p1() {
        a = q.offer(1);
    }

    @Actor
    public void p2() {
        b = q.offer(2);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        int accepted = (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0);
        int want = (a ? 1 : 0) | (b ? 2 : 0) | (c ? 4 : 0);
        int got = 0;
        int n = 0;
        while (q.isReady() && n < 3) {
            got |= (int) q.poll();
            n++;
        }
        r.r1 = accepted;
        r.r2 = got == want && n == accepted ? 1 : 0;
    }
}
