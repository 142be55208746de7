package io.aionet.bench;

import io.aionet.bench.harness.BenchmarkResult;
import io.aionet.bench.harness.Benchmarks;
import io.aionet.bench.harness.HarnessArgs;
import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Machine;
import io.aionet.bench.harness.NothingToRunException;
import io.aionet.bench.harness.Reporter;
import io.aionet.bench.harness.Rounds;
import io.aionet.bench.harness.Workspace;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The macro benchmark harness behind {@code ./aionet bench NAME… [--rounds N] [--out DIR]}: runs each
 * named benchmark (registered in {@link Benchmarks}) as interleaved rounds against its peers, and
 * writes JSON, a Markdown table and a PNG chart per benchmark into {@code results/<yyyy-mm-dd>/} — the
 * method of {@code BENCHMARKS.md}: every figure is a ratio against peers measured in the same run.
 */
public final class Harness {
    private Harness() {}

    /** Prints one line per registered benchmark: its name, title and the implementations it compares. */
    public static void list(PrintStream out) throws Exception {
        for (String n : Benchmarks.names()) {
            try (MacroBenchmark b = Benchmarks.create(n)) {
                out.println(String.format("  %-9s %s  [%s]", n, b.title(), String.join(", ", b.impls())));
            }
        }
    }

    /**
     * Runs the benchmarks {@code a} names, printing progress and tables to {@code out}; returns the exit
     * status (0 when every benchmark ran or was skipped because nothing it compares can run here, 1 when
     * one failed).
     *
     * @throws IllegalArgumentException for an unknown benchmark (before anything runs)
     */
    public static int run(HarnessArgs a, PrintStream out) throws Exception {
        List<String> names = a.names();
        java.util.Set<String> known = new java.util.LinkedHashSet<>();
        for (String n : names) {
            try (MacroBenchmark b = Benchmarks.create(n)) { // unknown names fail before anything runs
                known.addAll(b.impls());
            }
        }
        for (String impl : a.impls()) {
            if (!known.contains(impl)) {
                throw new IllegalArgumentException("no benchmark named here has an implementation " + impl
                        + " (they have: " + String.join(", ", known) + ")");
            }
        }
        // XChart draws with AWT; there is no display on servers and CI.
        System.setProperty("java.awt.headless", "true");
        Path root = Workspace.root();
        Path dir = a.out() != null ? a.out() : HarnessArgs.defaultOut(root != null ? root : Path.of(""), LocalDate.now());
        Map<String, Object> machine = Machine.describe();
        out.println("aionet bench: " + String.join(", ", names) + "; " + a.rounds() + " rounds after a warm-up round; "
                + Machine.oneLine(machine));
        HarnessContext ctx = new HarnessContext(Workspace.nativeBuildDir(), dir, out, a.rounds(), a.impls());
        int status = 0;
        for (String n : names) {
            MacroBenchmark b = Benchmarks.create(n);
            try {
                BenchmarkResult r = Rounds.run(b, ctx, machine);
                Reporter.report(r, b, dir, out);
            } catch (NothingToRunException e) {
                out.println("aionet bench: " + n + " skipped: " + e.getMessage());
            } catch (Exception e) {
                System.err.println("aionet bench: " + n + " failed: " + e);
                status = 1;
            }
        }
        return status;
    }
}
