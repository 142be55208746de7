package io.aionet.bench.channel;

import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code spsc} macro benchmark: CPU cost per message of Van Jacobson's net channel ({@code SpscRing},
 * as {@code aionet}) against JCTools {@code SpscArrayQueue}, Agrona {@code OneToOneRingBuffer}, the LMAX
 * Disruptor and {@code ArrayBlockingQueue}. Each run is one fresh JVM per implementation
 * ({@link SpscCpuCost}'s child mode), so every call site sees one implementation; thread CPU time, not
 * wall time, is the steady figure on a small shared machine.
 */
public final class SpscMacro implements MacroBenchmark {
    private static final String[][] IMPLS = {
        {"aionet", "SpscRing"}, {"jctools", "JCTools"}, {"agrona", "Agrona"}, {"disruptor", "Disruptor"}, {"abq", "ABQ"},
    };
    private static final String[] METRICS = {"burst poll cpu", "two threads cpu", "two threads wall"};

    @Override
    public String name() {
        return "spsc";
    }

    @Override
    public String title() {
        return "Single-producer single-consumer rings: CPU ns per message (burst of 32, and two spinning threads)";
    }

    @Override
    public List<String> impls() {
        return Arrays.stream(IMPLS).map(i -> i[0]).toList();
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        String internal = null;
        for (String[] i : IMPLS) {
            if (i[0].equals(impl)) {
                internal = i[1];
            }
        }
        if (internal == null) {
            throw new IllegalArgumentException("unknown impl " + impl);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Dagrona.disable.bounds.checks=true",
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SpscCpuCost.class.getName(), "--one", internal)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(impl + " failed: " + out);
        }
        return parse(impl, out);
    }

    /** Reads the child's last line, {@code "burstCpu spscCpu spscWall"}. */
    static List<Measurement> parse(String impl, String out) {
        String last = out.lines().reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("no output"));
        String[] f = last.trim().split(" ");
        if (f.length != METRICS.length) {
            throw new IllegalStateException("unexpected output: " + last);
        }
        List<Measurement> m = new ArrayList<>();
        for (int i = 0; i < METRICS.length; i++) {
            m.add(new Measurement(impl, METRICS[i], "ns/msg", Double.parseDouble(f[i])));
        }
        return m;
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        List<Measurement> a = round.get("aionet");
        List<Measurement> j = round.get("jctools");
        if (a == null || j == null) {
            return List.of();
        }
        List<Measurement> out = new ArrayList<>();
        for (Measurement x : a) {
            for (Measurement y : j) {
                if (x.metric().equals(y.metric()) && y.value() > 0) {
                    out.add(new Measurement("aionet", x.metric() + " / jctools", "ratio", x.value() / y.value()));
                }
            }
        }
        return out;
    }

    @Override
    public String chartTitle() {
        return "ns per message (lower is better)";
    }

    @Override
    public String chartUnit() {
        return "ns/msg";
    }
}
