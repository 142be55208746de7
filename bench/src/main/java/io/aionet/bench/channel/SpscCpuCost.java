package io.aionet.bench.channel;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU cost per message of each net-channel implementation, measured as thread CPU time (not wall time),
 * so that it stays meaningful on a small shared machine where the two threads of a JMH group are often
 * not running at the same time. Each (round, implementation) pair runs in a fresh JVM so every call site
 * sees one implementation; implementations are interleaved round by round (A B C D E, A B C D E, ...).
 *
 * <ul>
 *   <li>{@code burst}: one thread offers 32 descriptors, then polls them one by one: CPU ns per message;</li>
 *   <li>{@code spsc}: a producer thread offers, a consumer thread drains up to 64 at a time, both
 *       busy-spinning: CPU ns per message (both threads) and wall ns per message.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp 'bench/target/classes:bench/target/lib/*' io.aionet.bench.channel.SpscCpuCost [rounds]}
 */
public final class SpscCpuCost {
    private SpscCpuCost() {}

    static final String[] IMPLS = {"SpscRing", "JCTools", "Agrona", "Disruptor", "ABQ"};
    static final int BURST = 32;
    static final long BURST_MESSAGES = 4_000_000;
    static final long SPSC_MESSAGES = 4_000_000;

    /** Parent: spawns the children round by round and prints medians. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--one")) {
            one(args[1]);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (String impl : IMPLS) {
            results.put(impl, new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (String impl : IMPLS) {
                Process p = new ProcessBuilder(java, "-Dagrona.disable.bounds.checks=true",
                        "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", cp,
                        SpscCpuCost.class.getName(), "--one", impl)
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException(impl + " failed: " + out);
                }
                String last = out.lines().reduce((a, b) -> b).orElseThrow();
                double[] v = Arrays.stream(last.split(" ")).mapToDouble(Double::parseDouble).toArray();
                results.get(impl).add(v);
                System.err.printf(Locale.ROOT, "round %d %-9s burst %.2f  spsc cpu %.2f wall %.2f%n", r, impl, v[0], v[1], v[2]);
            }
        }
        String[] metrics = {"burst poll, CPU ns/msg", "two threads, CPU ns/msg", "two threads, wall ns/msg"};
        for (int m = 0; m < metrics.length; m++) {
            double base = median(results.get("JCTools"), m);
            System.out.println("| " + metrics[m] + " | median | min | max | vs JCTools |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (String impl : IMPLS) {
                List<double[]> rs = results.get(impl);
                double med = median(rs, m);
                int k = m;
                double min = rs.stream().mapToDouble(a -> a[k]).min().orElse(0);
                double max = rs.stream().mapToDouble(a -> a[k]).max().orElse(0);
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |%n", impl, med, min, max, med / base);
            }
            System.out.println();
        }
    }

    private static double median(List<double[]> rs, int m) {
        double[] v = rs.stream().mapToDouble(a -> a[m]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Child: one implementation, warm-up then measurement; prints "burstCpu spscCpu spscWall". */
    static void one(String impl) throws Exception {
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        burst(impl, BURST_MESSAGES / 2, bh);
        double burstCpu = burst(impl, BURST_MESSAGES, bh);
        spsc(impl, SPSC_MESSAGES / 2, bh);
        double[] s = spsc(impl, SPSC_MESSAGES, bh);
        System.out.printf(Locale.ROOT, "%.3f %.3f %.3f%n", burstCpu, s[0], s[1]);
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }

    private static double burst(String impl, long messages, Blackhole bh) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Transport t = Transport.create(impl, 1024)) {
            long seq = 0;
            long cpu0 = mx.getCurrentThreadCpuTime();
            while (seq < messages) {
                for (int i = 0; i < BURST; i++) {
                    if (!t.offer(seq + i)) {
                        throw new IllegalStateException("full");
                    }
                }
                for (int i = 0; i < BURST; i++) {
                    long v = t.poll();
                    if (v == Transport.EMPTY) {
                        throw new IllegalStateException("empty");
                    }
                    bh.consume(v);
                }
                seq += BURST;
            }
            return (double) (mx.getCurrentThreadCpuTime() - cpu0) / seq;
        }
    }

    private static double[] spsc(String impl, long messages, Blackhole bh) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Transport t = Transport.create(impl, 1024)) {
            long[] producerCpu = {0};
            Thread producer = new Thread(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long seq = 0;
                while (seq < messages) {
                    if (t.offer(seq)) {
                        seq++;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                producerCpu[0] = mx.getCurrentThreadCpuTime() - cpu0;
            });
            long wall0 = System.nanoTime();
            long cpu0 = mx.getCurrentThreadCpuTime();
            producer.start();
            long got = 0;
            while (got < messages) {
                int n = t.drain(bh, 64);
                if (n == 0) {
                    Thread.onSpinWait();
                }
                got += n;
            }
            long consumerCpu = mx.getCurrentThreadCpuTime() - cpu0;
            producer.join();
            long wall = System.nanoTime() - wall0;
            return new double[] {(double) (consumerCpu + producerCpu[0]) / messages, (double) wall / messages};
        }
    }
}
