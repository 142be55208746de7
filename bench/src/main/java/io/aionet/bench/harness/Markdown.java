package io.aionet.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's results as a Markdown table: one row per metric, one column per implementation, each
 * cell {@code median (min – max)} over the measured rounds.
 */
public final class Markdown {
    private Markdown() {}

    /** The heading, the machine line, the table and the notes. */
    public static String of(BenchmarkResult r) {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(r.benchmark()).append(": ").append(r.title()).append("\n\n");
        b.append("Machine: ").append(Machine.oneLine(r.machine())).append(". ");
        b.append("Median (min – max) of ").append(r.rounds()).append(" interleaved rounds after a warm-up round.\n\n");
        b.append(table(r.results()));
        if (!r.notes().isEmpty()) {
            b.append('\n');
            for (String n : r.notes()) {
                b.append("- ").append(n).append('\n');
            }
        }
        return b.toString();
    }

    /** Just the table. */
    public static String table(List<ResultRow> rows) {
        Set<String> impls = new LinkedHashSet<>();
        Map<List<String>, Map<String, ResultRow>> byMetric = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            impls.add(row.impl());
            byMetric.computeIfAbsent(List.of(row.metric(), row.unit()), k -> new LinkedHashMap<>()).put(row.impl(), row);
        }
        List<String> header = new ArrayList<>(List.of("metric", "unit"));
        header.addAll(impls);
        StringBuilder b = new StringBuilder();
        line(b, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add(i < 2 ? "---" : "---:");
        }
        line(b, rule);
        for (Map.Entry<List<String>, Map<String, ResultRow>> e : byMetric.entrySet()) {
            List<String> cells = new ArrayList<>(e.getKey());
            for (String impl : impls) {
                ResultRow row = e.getValue().get(impl);
                cells.add(row == null ? "" : cell(row.stats()));
            }
            line(b, cells);
        }
        return b.toString();
    }

    static String cell(Stats s) {
        return Format.number(s.median()) + " (" + Format.number(s.min()) + " – " + Format.number(s.max()) + ")";
    }

    private static void line(StringBuilder b, List<String> cells) {
        b.append('|');
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        b.append('\n');
    }
}
