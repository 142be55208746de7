package io.aionet.channel.ring;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A batch claimed, written and published with one store-release becomes visible all at once: the
 * consumer sees none or both records, both intact. r1: records drained; r2: records intact.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "consumer ran first: empty")
@Outcome(id = "2, 2", expect = Expect.ACCEPTABLE, desc = "whole batch seen, fully written")
@Outcome(expect = Expect.FORBIDDEN, desc = "partial batch or torn record")
@State
public class SpscRingBatchPublishStress {
    private final SpscRing ring = StressRings.ring(4, WaitStrategy.spin());
    private final PacketDescriptor d = new PacketDescriptor();
    private int intact;

    @Actor
    public void producer() {
        int k = ring.claim(2);
        for (int i = 0; i < k; i++) {
            int id = 10 + i;
            ring.set(i, id, id * 3L + 1, id + 2, id + 3, id + 4, id * 5L + 6);
        }
        ring.publish();
    }

    @Actor
    public void consumer(II_Result r) {
        intact = 0;
        r.r1 = ring.drain((id, h, o, l, f, t) -> {
            d.set(id, h, o, l, f, t);
            intact += StressRings.intact(d, id) * (id == 10 || id == 11 ? 1 : 0);
        }, 4);
        r.r2 = intact;
    }
}
