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
import java.util.ArrayList;
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

    /**
     * Redraws the chart of every result in {@code dir} from its JSON ({@code NAME.json} →
     * {@code NAME.png}, as the benchmark of that name charts it), without running anything; prints a
     * line per file. Returns the exit status: 0 when every JSON file was a benchmark result that was
     * drawn or had nothing to draw, 1 when one could not be read.
     *
     * @throws IllegalArgumentException when {@code dir} is not a folder
     */
    public static int render(Path dir, PrintStream out) throws Exception {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a results folder: " + dir);
        }
        System.setProperty("java.awt.headless", "true");
        List<Path> files;
        try (var s = java.nio.file.Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            out.println("aionet bench: no .json results in " + dir);
            return 1;
        }
        int status = 0;
        for (Path f : files) {
            String base = f.getFileName().toString().replaceFirst("\\.json$", "");
            BenchmarkResult r;
            try {
                r = io.aionet.bench.harness.Json.parse(java.nio.file.Files.readString(f));
            } catch (IllegalArgumentException e) {
                out.println(f + ": not a harness result, left alone (" + e.getMessage() + ")");
                continue;
            }
            if (!Benchmarks.names().contains(r.benchmark())) {
                out.println(f + ": benchmark " + r.benchmark() + " is not registered, so its chart is unknown; left alone");
                continue;
            }
            Path png = dir.resolve(base + ".png");
            try (MacroBenchmark b = Benchmarks.create(r.benchmark())) {
                if (io.aionet.bench.harness.Chart.write(r, io.aionet.bench.harness.Chart.Spec.of(b), png)) {
                    out.println(f + ": drew " + png);
                } else {
                    out.println(f + ": nothing of " + r.benchmark() + "'s chart in it, no chart");
                }
            } catch (java.io.IOException | RuntimeException e) {
                out.println(f + ": could not draw: " + e);
                status = 1;
            }
        }
        return status;
    }

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
        return run(a, out, new ArrayList<>());
    }

    /**
     * As {@link #run(HarnessArgs, PrintStream)}, and adds each benchmark's result (those that ran) to
     * {@code results}, for callers that go on with the figures (the demo's summary).
     */
    public static int run(HarnessArgs a, PrintStream out, List<BenchmarkResult> results) throws Exception {
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
        // the charts draw with Java2D; there is no display on servers and CI.
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
                results.add(r);
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
