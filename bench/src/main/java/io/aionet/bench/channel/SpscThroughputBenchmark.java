package io.aionet.bench.channel;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
 * Net channel throughput: one producer thread and one consumer thread (a JMH group), packet descriptors
 * through {@code SpscRing} and its peers in the same run. The score that counts is the aux counter
 * {@code polled} (messages received per microsecond; ns/msg = 1000 / polled). Failed offers (full) and
 * empty polls are counted, never waited on, as JCTools' own throughput benchmark does.
 *
 * <ul>
 *   <li>group {@code single}: one offer / one poll per call;</li>
 *   <li>group {@code batch}: one offer per call, the consumer drains up to 64 per call (one head release
 *       per batch where the implementation supports it).</li>
 * </ul>
 *
 * <p>Run: {@code java -cp 'bench/target/classes:bench/target/lib/*' org.openjdk.jmh.Main SpscThroughput}
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dagrona.disable.bounds.checks=true", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SpscThroughputBenchmark {
    /** Consumer batch limit of the {@code batch} group. */
    static final int BATCH = 64;

    @Param({"SpscRing", "JCTools", "Agrona", "Disruptor", "ABQ"})
    public String impl;

    @Param({"1024"})
    public int capacity;

    private Transport transport;

    /** Producer-side counters. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Offers {
        /** Descriptors accepted. */
        public long offered;
        /** Offers refused because the channel was full. */
        public long offerFull;
        long seq;

        /** Clears the counters before each iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            offered = 0;
            offerFull = 0;
        }
    }

    /** Consumer-side counters. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Polls {
        /** Descriptors received. */
        public long polled;
        /** Polls that found the channel empty. */
        public long pollEmpty;

        /** Clears the counters before each iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            polled = 0;
            pollEmpty = 0;
        }
    }

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

    private void offer0(Offers c) {
        if (transport.offer(c.seq)) {
            c.seq++;
            c.offered++;
        } else {
            c.offerFull++;
        }
    }

    /** Producer of the single group. */
    @Benchmark
    @Group("single")
    @GroupThreads(1)
    public void offer(Offers c) {
        offer0(c);
    }

    /** Consumer of the single group. */
    @Benchmark
    @Group("single")
    @GroupThreads(1)
    public void poll(Polls c, Blackhole bh) {
        long s = transport.poll();
        if (s == Transport.EMPTY) {
            c.pollEmpty++;
        } else {
            c.polled++;
            bh.consume(s);
        }
    }

    /** Producer of the batch group. */
    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void offerOne(Offers c) {
        offer0(c);
    }

    /** Consumer of the batch group. */
    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void drain(Polls c, Blackhole bh) {
        int n = transport.drain(bh, BATCH);
        if (n == 0) {
            c.pollEmpty++;
        } else {
            c.polled += n;
        }
    }
}
