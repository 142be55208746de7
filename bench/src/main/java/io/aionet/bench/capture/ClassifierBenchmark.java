package io.aionet.bench.capture;

import io.aionet.channel.classifier.FlowClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Van Jacobson's flow classifier: lookups per second of {@link FlowClassifier} (open addressing over
 * primitive arrays, probed with the parsed fields, no key object), IPv4 and IPv6, hits and misses (a
 * miss also probes the listener tables when listeners exist). Peer in the same run: a
 * {@code java.util.HashMap} keyed by a record of the same fields, the way Java code usually does it
 * (one key object per lookup).
 *
 * <p>Run: {@code java -cp ... org.openjdk.jmh.Main ClassifierBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ClassifierBenchmark {
    /** Installed flows. */
    @Param({"10000"})
    public int flows;

    record V4Key(int proto, int src, int sport, int dst, int dport) {}

    record V6Key(int proto, long srcHi, long srcLo, int sport, long dstHi, long dstLo, int dport) {}

    private static final int MASK = 4095;
    private final int[] v4src = new int[MASK + 1], v4port = new int[MASK + 1];
    private final long[] v6lo = new long[MASK + 1];
    private final int[] v6port = new int[MASK + 1];
    private final int[] missSrc = new int[MASK + 1];
    private FlowClassifier<Object> classifier;
    private Map<V4Key, Object> map4;
    private Map<V6Key, Object> map6;
    private final Object channel = new Object();
    private int i;

    private static final int DST = 0x0a000001;
    private static final long PREFIX = 0x20010db800000000L;

    @Setup
    public void setup() {
        classifier = new FlowClassifier<>(new Object(), 2 * flows + 16);
        map4 = new HashMap<>();
        map6 = new HashMap<>();
        Random r = new Random(1);
        int[] src4 = new int[flows], port4 = new int[flows];
        long[] lo6 = new long[flows];
        int[] port6 = new int[flows];
        for (int k = 0; k < flows; k++) {
            src4[k] = r.nextInt();
            port4[k] = 1024 + r.nextInt(60000);
            lo6[k] = r.nextLong();
            port6[k] = 1024 + r.nextInt(60000);
            classifier.installV4(6, src4[k], port4[k], DST, 443, channel);
            classifier.installV6(6, PREFIX, lo6[k], port6[k], PREFIX, 1, 443, channel);
            map4.put(new V4Key(6, src4[k], port4[k], DST, 443), channel);
            map6.put(new V6Key(6, PREFIX, lo6[k], port6[k], PREFIX, 1, 443), channel);
        }
        classifier.installListenerV4(6, DST, 80, channel); // so that misses probe the listener table too
        for (int k = 0; k <= MASK; k++) {
            int f = r.nextInt(flows);
            v4src[k] = src4[f];
            v4port[k] = port4[f];
            v6lo[k] = lo6[f];
            v6port[k] = port6[f];
            missSrc[k] = r.nextInt();
        }
    }

    @Benchmark
    public Object v4Hit() {
        int k = i++ & MASK;
        return classifier.lookupV4(6, v4src[k], v4port[k], DST, 443);
    }

    @Benchmark
    public Object v4Miss() {
        int k = i++ & MASK;
        return classifier.lookupV4(6, missSrc[k], v4port[k], DST, 443);
    }

    @Benchmark
    public Object v6Hit() {
        int k = i++ & MASK;
        return classifier.lookupV6(6, PREFIX, v6lo[k], v6port[k], PREFIX, 1, 443);
    }

    @Benchmark
    public Object v6Miss() {
        int k = i++ & MASK;
        return classifier.lookupV6(6, PREFIX, v6lo[k] ^ 0x5555, v6port[k], PREFIX, 1, 443);
    }

    @Benchmark
    public Object hashMapV4Hit() {
        int k = i++ & MASK;
        return map4.get(new V4Key(6, v4src[k], v4port[k], DST, 443));
    }

    @Benchmark
    public Object hashMapV4Miss() {
        int k = i++ & MASK;
        return map4.get(new V4Key(6, missSrc[k], v4port[k], DST, 443));
    }

    @Benchmark
    public Object hashMapV6Hit() {
        int k = i++ & MASK;
        return map6.get(new V6Key(6, PREFIX, v6lo[k], v6port[k], PREFIX, 1, 443));
    }

    @Benchmark
    public Object hashMapV6Miss() {
        int k = i++ & MASK;
        return map6.get(new V6Key(6, PREFIX, v6lo[k] ^ 0x5555, v6port[k], PREFIX, 1, 443));
    }
}
