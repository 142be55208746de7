package io.aionet.bench.channel;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Net channel cost per message on one thread: offer a burst of {@value #BURST} descriptors, then take
 * them back ({@code pollEach}: one poll per message; {@code drainAll}: one batch drain). No cache line
 * moves between cores, so this is the instruction cost of each implementation's offer and poll paths,
 * and it stays meaningful on a loaded 2-core machine where two-thread figures are bound by scheduling.
 * Score: ns per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dagrona.disable.bounds.checks=true", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SpscBurstBenchmark {
    /** Messages per burst. */
    static final int BURST = 32;

    @Param({"SpscRing", "JCTools", "Agrona", "Disruptor", "ABQ"})
    public String impl;

    @Param({"1024"})
    public int capacity;

    private Transport transport;
    private long seq;

    /** Creates the channel under test. */
    @Setup(Level.Trial)
    public void setup() {
        transport = Transport.create(impl, capacity);
    }

    /** Frees it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        transport.close();
    }

    /** Burst of offers, then one poll per message. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public void pollEach(Blackhole bh) {
        Transport t = transport;
        long s = seq;
        for (int i = 0; i < BURST; i++) {
            if (!t.offer(s + i)) {
                throw new IllegalStateException("full");
            }
        }
        seq = s + BURST;
        for (int i = 0; i < BURST; i++) {
            bh.consume(t.poll());
        }
    }

    /** Burst of offers, then one batch drain. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int drainAll(Blackhole bh) {
        Transport t = transport;
        long s = seq;
        for (int i = 0; i < BURST; i++) {
            if (!t.offer(s + i)) {
                throw new IllegalStateException("full");
            }
        }
        seq = s + BURST;
        // Agrona's read stops at the end of its buffer, so a burst may take two drains
        int n = 0;
        while (n < BURST) {
            int k = t.drain(bh, BURST - n);
            if (k == 0) {
                throw new IllegalStateException("drained " + n);
            }
            n += k;
        }
        return n;
    }
}
