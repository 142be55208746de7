package io.aionet.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one benchmark's results into the output folder — {@code NAME.json}, {@code NAME.md},
 * {@code NAME.png} — and prints the Markdown table.
 */
public final class Reporter {
    private Reporter() {}

    /** Writes the three files and prints the table to {@code out}. */
    public static void report(BenchmarkResult r, MacroBenchmark bench, Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(r.benchmark() + ".json");
        Path md = dir.resolve(r.benchmark() + ".md");
        Path png = dir.resolve(r.benchmark() + ".png");
        Files.writeString(json, Json.of(r));
        String table = Markdown.of(r);
        Files.writeString(md, table);
        boolean charted;
        try {
            charted = Chart.write(r, Chart.Spec.of(bench), png);
        } catch (RuntimeException | Error e) {
            // a chart is a convenience: a missing font or AWT problem must not lose the figures
            out.println(r.benchmark() + ": no chart (" + e + ")");
            charted = false;
        }
        out.println();
        out.print(table);
        out.println();
        out.println(r.benchmark() + ": wrote " + json + ", " + md + (charted ? ", " + png : ""));
    }
}
