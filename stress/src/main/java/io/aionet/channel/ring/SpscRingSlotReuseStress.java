package io.aionet.channel.ring;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The consumer's loads of a record complete before its store-release of the head, so a producer whose
 * load-acquire of the head sees the slot free never overwrites a record still being read. The ring
 * (capacity 2) starts full with records 0 and 1; the producer's offer reuses slot 0. r1: bufferId the
 * consumer read from slot 0 (always 0, never the new 99); r2: the producer's offer succeeded.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "producer saw the ring full")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "slot reused after the consumer read it")
@Outcome(id = "-1, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "impossible: ring starts full")
@Outcome(expect = Expect.FORBIDDEN, desc = "consumer read a record the producer overwrote")
@State
public class SpscRingSlotReuseStress {
    private final SpscRing ring = StressRings.ring(2, WaitStrategy.spin());
    private final PacketDescriptor d = new PacketDescriptor();

    public SpscRingSlotReuseStress() {
        StressRings.offer(ring, 0);
        StressRings.offer(ring, 1);
    }

    @Actor
    public void consumer(II_Result r) {
        r.r1 = ring.poll(d) ? (StressRings.intact(d, d.bufferId) == 1 ? d.bufferId : -2) : -1;
    }

    @Actor
    public void producer(II_Result r) {
        r.r2 = StressRings.offer(ring, 99) ? 1 : 0;
    }
}
