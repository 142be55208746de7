package io.aionet.channel.ring;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The sleeping handshake never loses a wake-up: either the consumer's re-check after announcing sleep
 * sees the record, or the producer's check after publishing sees the announcement (and clears it as it
 * wakes the consumer). r1: the consumer decided to sleep; r2 (after both): the announcement is still
 * standing, i.e. nobody woke a sleeping consumer.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "consumer saw the record and did not sleep")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "consumer slept, producer woke it")
@Outcome(id = "1, 1", expect = Expect.FORBIDDEN, desc = "lost wake-up: consumer sleeps, producer missed it")
@Outcome(expect = Expect.FORBIDDEN, desc = "inconsistent flag")
@State
public class SpscRingSleepHandshakeStress {
    private final SpscRing ring = StressRings.ring(4, WaitStrategy.parking());

    @Actor
    public void consumer(II_Result r) {
        r.r1 = ring.beginSleep() ? 1 : 0;
    }

    @Actor
    public void producer() {
        StressRings.offer(ring, 3);
    }

    @Arbiter
    public void after(II_Result r) {
        r.r2 = ring.sleepingFlag();
    }
}
