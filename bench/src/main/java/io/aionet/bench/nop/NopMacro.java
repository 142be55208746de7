package io.aionet.bench.nop;

import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.uring.IoUring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.aionet.uring.IoUringConstants.*;

/**
 * The {@code nop} macro benchmark: nanoseconds per NOP (prepare + submit + reap) at batch sizes 1,
 * 16, 64 and 256, for aionet ({@link NopLoop}, in this JVM, JIT-warmed by the warm-up round) and two C
 * references: {@code c-liburing} ({@code bench/native/nop_bench.c}, built against liburing when
 * {@code liburing-dev} is installed) and {@code c-io_uring} ({@code bench/native/nop_raw.c}, the same
 * loop on the kernel's own {@code linux/io_uring.h} with raw system calls, which builds wherever gcc
 * does); plus the ratio of aionet to each C peer per batch, taken within each round.
 */
public final class NopMacro implements MacroBenchmark {
    /** The batch sizes measured. */
    static final int[] BATCHES = {1, 16, 64, 256};
    static final String AIONET = "aionet";
    /** aionet's loop on a ring with a kernel thread polling its submission queue, reaping by spinning. */
    static final String AIONET_SQPOLL = "aionet-sqpoll";
    /** How long the poller of {@link #AIONET_SQPOLL} spins without work before it sleeps. */
    static final int SQPOLL_IDLE_MS = 10;
    static final String C = "c-liburing";
    static final String C_RAW = "c-io_uring";
    /** The C peers: impl name → source in {@code bench/native} and its linker flags. */
    private static final Map<String, List<String>> C_PEERS = Map.of(
            C, List.of("nop_bench.c", "-luring"),
            C_RAW, List.of("nop_raw.c"));
    static final String UNIT = "ns/NOP";

    private final Map<String, List<String>> peers;
    private NopLoop loop;
    private NopLoop sqPollLoop;
    private final Map<String, Path> cPrograms = new LinkedHashMap<>();
    private final Map<String, String> cSetups = new LinkedHashMap<>();

    /** The benchmark with its two C peers. */
    public NopMacro() {
        this(C_PEERS);
    }

    /** The benchmark with other build instructions for the C peers (impl → source and linker flags), for tests. */
    NopMacro(Map<String, List<String>> peers) {
        this.peers = Map.copyOf(peers);
    }

    @Override
    public String name() {
        return "nop";
    }

    @Override
    public String title() {
        return "NOP round trip (prepare + submit + reap), ns per NOP";
    }

    @Override
    public List<String> impls() {
        return List.of(AIONET, AIONET_SQPOLL, C, C_RAW);
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) {
        Map<String, String> skipped = new LinkedHashMap<>();
        if (!IoUring.isAvailable()) {
            String why = "io_uring is not available: " + IoUring.unavailabilityCause().getMessage();
            skipped.put(AIONET, why);
            skipped.put(AIONET_SQPOLL, why);
            skipped.put(C, why);
            skipped.put(C_RAW, why);
            return skipped;
        }
        for (String peer : List.of(C, C_RAW)) {
            List<String> how = peers.get(peer);
            NativeBuild.Result r = NativeBuild.compile(how.get(0), ctx.buildDir(),
                    how.subList(1, how.size()).toArray(String[]::new));
            if (r.ok()) {
                cPrograms.put(peer, r.program());
            } else {
                skipped.put(peer, r.problem());
            }
        }
        return skipped;
    }

    /** NOPs timed per batch size in one run: about 0.1 s each on a 2-core VM. */
    static long nops(int batch) {
        return batch == 1 ? 400_000 : 2_000_000;
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        return switch (impl) {
            case AIONET -> runJava(AIONET);
            case AIONET_SQPOLL -> runJava(AIONET_SQPOLL);
            case C, C_RAW -> runC(impl);
            default -> throw new IllegalArgumentException("nop has no impl " + impl);
        };
    }

    private List<Measurement> runJava(String impl) throws Exception {
        NopLoop l;
        if (impl.equals(AIONET_SQPOLL)) {
            if (sqPollLoop == null) {
                sqPollLoop = new NopLoop(SQPOLL_IDLE_MS);
            }
            l = sqPollLoop;
        } else {
            if (loop == null) {
                loop = new NopLoop(); // on the harness thread, which stays its only submitter
            }
            l = loop;
        }
        List<Measurement> ms = new ArrayList<>();
        List<Measurement> cpu = new ArrayList<>();
        for (int b : BATCHES) {
            l.timed(b, nops(b) / 10); // as the C program: a tenth as warm-up
            NopLoop.Timing t = l.timed(b, nops(b));
            ms.add(new Measurement(impl, metric(b), UNIT, t.nsPerNop()));
            cpu.add(new Measurement(impl, cpuMetric(b), UNIT, t.cpuNsPerNop()));
        }
        ms.addAll(cpu); // elapsed figures first, then CPU figures, in every table
        return ms;
    }

    private List<Measurement> runC(String impl) throws IOException, InterruptedException {
        // Two processes: batch 1 times fewer NOPs than the larger batches, as runJava does.
        Path program = cPrograms.get(impl);
        if (program == null) {
            throw new IllegalStateException(impl + " was not built");
        }
        String exe = program.toString();
        List<Measurement> all = new ArrayList<>(runC(impl, List.of(exe, "-n", String.valueOf(nops(1)), "1")));
        all.addAll(runC(impl, List.of(exe, "-n", String.valueOf(nops(16)), "16", "64", "256")));
        List<Measurement> ms = new ArrayList<>();
        for (Measurement m : all) {
            if (!m.metric().endsWith(" cpu")) {
                ms.add(m);
            }
        }
        for (Measurement m : all) {
            if (m.metric().endsWith(" cpu")) {
                ms.add(m);
            }
        }
        return ms;
    }

    private List<Measurement> runC(String impl, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(impl + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(impl + " exited with " + p.exitValue() + ": " + out.strip());
        }
        COutput parsed = COutput.parse(out);
        cSetups.put(impl, parsed.setup());
        List<Measurement> ms = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : parsed.nsPerNop().entrySet()) {
            ms.add(new Measurement(impl, metric(e.getKey()), UNIT, e.getValue()));
        }
        for (Map.Entry<Integer, Double> e : parsed.cpuNsPerNop().entrySet()) {
            ms.add(new Measurement(impl, cpuMetric(e.getKey()), UNIT, e.getValue()));
        }
        return ms;
    }

    /** The name of the ratio of aionet's {@code metric} to {@code peer}'s. */
    static String ratioMetric(String metric, String peer) {
        return metric + " / " + peer;
    }

    static String metric(int batch) {
        return "batch " + batch;
    }

    /** CPU time (user + kernel) of the measuring thread, immune to time slices other processes take. */
    static String cpuMetric(int batch) {
        return "batch " + batch + " cpu";
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        List<Measurement> java = round.get(AIONET);
        if (java == null) {
            return List.of();
        }
        List<Measurement> ratios = new ArrayList<>();
        // ratios first for elapsed time, then for CPU time
        List<Measurement> ordered = new ArrayList<>();
        for (Measurement j : java) {
            if (!j.metric().endsWith(" cpu")) {
                ordered.add(j);
            }
        }
        for (Measurement j : java) {
            if (j.metric().endsWith(" cpu")) {
                ordered.add(j);
            }
        }
        List<Measurement> polled = round.get(AIONET_SQPOLL);
        if (polled != null) {
            // SQPOLL against the same loop without it: elapsed and CPU (the poller's included)
            for (Measurement p : polled) {
                for (Measurement j : java) {
                    if (p.metric().equals(j.metric()) && j.value() > 0) {
                        ratios.add(new Measurement(AIONET_SQPOLL, ratioMetric(p.metric(), AIONET), "ratio", p.value() / j.value()));
                    }
                }
            }
        }
        for (String peer : List.of(C, C_RAW)) {
            List<Measurement> c = round.get(peer);
            if (c == null) {
                continue;
            }
            for (Measurement j : ordered) {
                for (Measurement k : c) {
                    if (j.metric().equals(k.metric()) && k.value() > 0) {
                        ratios.add(new Measurement(AIONET, ratioMetric(j.metric(), peer), "ratio", j.value() / k.value()));
                    }
                }
            }
        }
        return ratios;
    }

    @Override
    public List<String> chartMetrics() {
        List<String> m = new ArrayList<>();
        for (int b : BATCHES) {
            m.add(metric(b));
        }
        return m;
    }

    @Override
    public String chartTitle() {
        return "elapsed ns per NOP by batch size (lower is better)";
    }

    @Override
    public String chartUnit() {
        return UNIT;
    }

    @Override
    public boolean chartLogarithmic() {
        return false;
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (loop != null) {
            notes.add("aionet ring: IoUring.builder().entries(" + NopLoop.ENTRIES + ").singleThreaded().open(), flags "
                    + setupFlagNames(loop.setupFlags()));
        }
        if (sqPollLoop != null) {
            notes.add("aionet-sqpoll ring: IoUring.builder().entries(" + NopLoop.ENTRIES + ").sqPoll(" + SQPOLL_IDLE_MS
                    + ") (SINGLE_ISSUER, NO_SQARRAY), flags " + setupFlagNames(sqPollLoop.setupFlags())
                    + "; each batch is published without a system call and reaped by spinning on the completion queue;"
                    + " CPU counts the kernel poller's on-CPU time (/proc/self/task/TID/schedstat of iou-sqp-*) with"
                    + " the submitting thread's, and elapsed time needs two cores busy at once");
        }
        for (Map.Entry<String, String> e : cSetups.entrySet()) {
            if (e.getValue() != null) {
                notes.add(e.getKey() + " ring: " + e.getValue());
            }
        }
        notes.add("NOPs per timed run: " + nops(1) + " at batch 1, " + nops(16) + " at larger batches, each after a"
                + " tenth as many untimed");
        return notes;
    }

    /** {@code IORING_SETUP_*} names of {@code flags}, joined with {@code |}. */
    static String setupFlagNames(int flags) {
        int[] bits = {IORING_SETUP_SQPOLL, IORING_SETUP_SUBMIT_ALL, IORING_SETUP_COOP_TASKRUN,
                IORING_SETUP_TASKRUN_FLAG, IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_DEFER_TASKRUN,
                IORING_SETUP_NO_SQARRAY};
        String[] names = {"SQPOLL", "SUBMIT_ALL", "COOP_TASKRUN", "TASKRUN_FLAG", "SINGLE_ISSUER", "DEFER_TASKRUN",
                "NO_SQARRAY"};
        StringBuilder b = new StringBuilder();
        int rest = flags;
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                b.append(b.isEmpty() ? "" : "|").append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            b.append(b.isEmpty() ? "" : "|").append("0x").append(Integer.toHexString(rest));
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
        if (sqPollLoop != null) {
            sqPollLoop.close();
            sqPollLoop = null;
        }
    }
}
