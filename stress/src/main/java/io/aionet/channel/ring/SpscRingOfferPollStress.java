package io.aionet.channel.ring;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A record written with plain stores before the tail's store-release is fully visible to a consumer
 * whose load-acquire of the tail sees it. r1: the consumer got a record; r2: all six fields intact.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "consumer ran first: empty")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "record seen, fully written")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "record seen before its fields: publish not ordered")
@State
public class SpscRingOfferPollStress {
    private final SpscRing ring = StressRings.ring(4, WaitStrategy.spin());
    private final PacketDescriptor d = new PacketDescriptor();

    @Actor
    public void producer() {
        StressRings.offer(ring, 7);
    }

    @Actor
    public void consumer(II_Result r) {
        if (ring.poll(d)) {
            r.r1 = 1;
            r.r2 = StressRings.intact(d, 7);
        }
    }
}
