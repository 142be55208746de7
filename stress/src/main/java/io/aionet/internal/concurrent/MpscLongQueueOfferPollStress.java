package io.aionet.internal.concurrent;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The event channel's post queue: a foreign thread offers 1 while the owner offers 2 (the tail CAS
 * decides their order) and then polls what is ready; the arbiter takes what is left. (Two actors:
 * jcstress runs a test only with a CPU per actor.) Each value arrives exactly once, and a slot the consumer sees as ready holds its
 * value (the producer's plain write before its sequence store-release, read after the consumer's
 * load-acquire). r1: values the consumer got (bit mask), r2: those the arbiter got, r3: polls in all.
 */
@JCStressTest
@Outcome(id = "0, 3, 2", expect = Expect.ACCEPTABLE, desc = "foreign offer claimed the first slot, not yet published: the owner waits for it")
@Outcome(id = "2, 1, 2", expect = Expect.ACCEPTABLE, desc = "owner's offer first, the foreign one came after its polls")
@Outcome(id = "3, 0, 2", expect = Expect.ACCEPTABLE, desc = "owner got both")
@Outcome(expect = Expect.FORBIDDEN, desc = "a value lost, duplicated or read before it was written")
@State
public class MpscLongQueueOfferPollStress {
    private final MpscLongQueue q = new MpscLongQueue(4);
    private int polls;

    @Actor
    public void producer1() {
        q.offer(1);
    }

    @Actor
    public void ownerOffersThenPolls(III_Result r) {
        q.offer(2);
        for (int i = 0; i < 2 && q.isReady(); i++) {
            r.r1 |= mask(q.poll());
            polls++;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        while (q.isReady()) {
            r.r2 |= mask(q.poll());
            polls++;
        }
        r.r3 = polls;
    }

    /** 1 → 1, 2 → 2; anything else (0: an unwritten slot) → 4, which no accepted outcome has. */
    private static int mask(long v) {
        return v == 1 || v == 2 ? (int) v : 4;
    }
}
