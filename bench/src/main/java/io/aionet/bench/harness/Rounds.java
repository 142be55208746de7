package io.aionet.bench.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one benchmark the way {@code BENCHMARKS.md} prescribes: a warm-up round whose figures are
 * dropped (it also warms the JIT for in-process implementations), then {@code rounds} rounds that
 * each run every implementation once, in the same order (A B C … A B C …), so slow drifts of a shared
 * machine hit every peer alike. Each figure is summarized by {@link Stats} over the rounds.
 */
public final class Rounds {
    private Rounds() {}

    /**
     * Prepares, runs and closes {@code bench}.
     *
     * An implementation that throws is dropped from the rounds that follow (the failure is printed
     * and noted); the others go on.
     *
     * @throws NothingToRunException when no implementation can run here
     * @throws IllegalStateException when every implementation failed
     */
    public static BenchmarkResult run(MacroBenchmark bench, HarnessContext ctx, Map<String, Object> machine)
            throws Exception {
        PrintStream log = ctx.log();
        List<String> notes = new ArrayList<>();
        List<String> impls = new ArrayList<>(bench.impls());
        try (bench) {
            Map<String, String> skipped = bench.prepare(ctx);
            for (Map.Entry<String, String> e : skipped.entrySet()) {
                if (impls.remove(e.getKey())) {
                    String line = e.getKey() + " skipped: " + e.getValue();
                    notes.add(line);
                    log.println(bench.name() + ": " + line);
                }
            }
            if (!ctx.only().isEmpty() && impls.retainAll(ctx.only())) {
                List<String> left = new ArrayList<>(bench.impls());
                left.removeAll(ctx.only());
                notes.add("not asked for (--impl): " + String.join(", ", left));
            }
            if (impls.isEmpty()) {
                throw new NothingToRunException(bench.name() + ": no implementation can run here ("
                        + String.join("; ", notes) + ")");
            }
            log.println(bench.name() + ": warm-up round (" + String.join(", ", impls) + ")");
            for (String impl : List.copyOf(impls)) {
                runOrDrop(bench, impl, 0, impls, notes, log);
            }
            // (impl, metric) -> unit and runs, in first-seen order
            Map<List<String>, Series> series = new LinkedHashMap<>();
            for (int r = 1; r <= ctx.rounds(); r++) {
                Map<String, List<Measurement>> round = new LinkedHashMap<>();
                for (String impl : List.copyOf(impls)) {
                    List<Measurement> ms = runOrDrop(bench, impl, r, impls, notes, log);
                    if (ms == null) {
                        continue;
                    }
                    round.put(impl, ms);
                    log.println(bench.name() + ": round " + r + "/" + ctx.rounds() + " " + impl + ": " + brief(ms));
                    collect(series, ms);
                }
                List<Measurement> derived = bench.derive(round);
                if (!derived.isEmpty()) {
                    log.println(bench.name() + ": round " + r + "/" + ctx.rounds() + " derived: " + brief(derived));
                }
                collect(series, derived);
            }
            notes.addAll(bench.notes());
            List<ResultRow> rows = new ArrayList<>();
            for (Map.Entry<List<String>, Series> e : series.entrySet()) {
                Series s = e.getValue();
                double[] runs = new double[s.values.size()];
                for (int i = 0; i < runs.length; i++) {
                    runs[i] = s.values.get(i);
                }
                rows.add(new ResultRow(e.getKey().get(0), e.getKey().get(1), s.unit, Stats.of(runs)));
            }
            return new BenchmarkResult(bench.name(), bench.title(), machine, ctx.rounds(), rows, notes);
        }
    }

    /** Runs {@code impl}; when it throws, drops it from {@code impls}, notes why and returns null. */
    private static List<Measurement> runOrDrop(MacroBenchmark bench, String impl, int round, List<String> impls,
                                               List<String> notes, PrintStream log) {
        try {
            return bench.run(impl);
        } catch (Exception e) {
            impls.remove(impl);
            String line = impl + " dropped after failing in " + (round == 0 ? "the warm-up round" : "round " + round)
                    + ": " + e;
            notes.add(line);
            log.println(bench.name() + ": " + line);
            if (impls.isEmpty()) {
                throw new IllegalStateException(bench.name() + ": every implementation failed", e);
            }
            return null;
        }
    }

    private static void collect(Map<List<String>, Series> series, List<Measurement> ms) {
        for (Measurement m : ms) {
            Series s = series.computeIfAbsent(List.of(m.impl(), m.metric()), k -> new Series(m.unit()));
            if (!s.unit.equals(m.unit())) {
                throw new IllegalStateException(m.impl() + " " + m.metric() + ": unit changed from " + s.unit
                        + " to " + m.unit());
            }
            s.values.add(m.value());
        }
    }

    /** A compact one-line view of measurements for progress output. */
    static String brief(List<Measurement> ms) {
        StringBuilder b = new StringBuilder();
        for (Measurement m : ms) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(m.metric()).append(' ').append(Format.number(m.value())).append(' ').append(m.unit());
        }
        return b.toString();
    }

    private static final class Series {
        final String unit;
        final List<Double> values = new ArrayList<>();

        Series(String unit) {
            this.unit = unit;
        }
    }
}
