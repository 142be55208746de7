package io.aionet.bench.seed;

import io.aionet.bench.harness.BenchmarkResult;
import io.aionet.bench.harness.Format;
import io.aionet.bench.harness.ResultRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's last screen: for each experiment, aionet's figure, its peer's, the ratio, and whether
 * the claim behind the experiment held. The claims are those of the seeds — Polyakov's network AIO
 * receive and zero-copy send tests (seed 003), Drepper's kernel-chosen buffers that spare the copy
 * (seeds 000, 001) — and, for the NOP round trips, the project's own goal of being within 1.10 × of C.
 * Built from figures alone, so it can be rendered (and tested) without running anything.
 */
public final class DemoSummary {
    private DemoSummary() {}

    /**
     * What a seed (or the project) expects of a ratio aionet / peer.
     *
     * @param text           the claim in a few words
     * @param source         where it comes from ({@code seed 003}, {@code goal})
     * @param higherIsBetter true when the ratio must reach {@code bound}, false when it must stay below it
     * @param bound          the ratio the claim needs
     */
    public record Claim(String text, String source, boolean higherIsBetter, double bound) {
        /** {@return true when {@code ratio} satisfies the claim (false for NaN)} */
        public boolean heldBy(double ratio) {
            return higherIsBetter ? ratio >= bound : ratio <= bound;
        }

        /** {@return the condition on the ratio, e.g. {@code ≥ 0.95}} */
        public String condition() {
            return (higherIsBetter ? "≥ " : "≤ ") + String.format(Locale.ROOT, "%.2f", bound);
        }
    }

    /**
     * One row of the summary.
     *
     * @param experiment what was run
     * @param unit       the unit of both figures
     * @param aionet     aionet's median
     * @param peer       the peer's name
     * @param peerValue  the peer's median
     * @param ratio      the median of the same-round ratios aionet / peer
     * @param claim      the claim the ratio is held against
     */
    public record Line(String experiment, String unit, double aionet, String peer, double peerValue, double ratio,
                       Claim claim) {
        /** {@return true when the ratio satisfies the claim} */
        public boolean held() {
            return !Double.isNaN(ratio) && claim.heldBy(ratio);
        }
    }

    /** Polyakov's receive test: asynchronous receive into kernel-chosen buffers keeps pace with recv(). */
    static final Claim RECEIVE_SPEED = new Claim("keeps pace with recv()", "seed 003", true, 0.95);
    /** Drepper: kernel-chosen buffers spare a copy, so the receiver spends no more CPU per byte. */
    static final Claim RECEIVE_CPU = new Claim("no more CPU per byte", "seed 001", false, 1.00);
    /** Polyakov's send test: zero-copy asynchronous sending outruns synchronous send(). */
    static final Claim SEND_SPEED = new Claim("outruns send()", "seed 003", true, 1.00);
    /** Zero-copy sending spares the copy into the socket buffer: less CPU per byte. */
    static final Claim SEND_CPU = new Claim("less CPU per byte", "seed 003", false, 1.00);
    /** The NOP benchmark's goal (docs/benchmarks.md): aionet within 1.10 × of C at batch ≥ 16. */
    static final Claim NOP_GOAL = new Claim("close to C", "goal", false, 1.10);

    /** The NOP metrics the summary shows: CPU time per NOP (immune to time slices others take). */
    static final List<String> NOP_METRICS = List.of("batch 16 cpu", "batch 64 cpu", "batch 256 cpu");

    /** The seed-003 rows: throughput and CPU per byte, receive and send, async against sync. */
    public static List<Line> seedLines(SeedDemo.Result r) {
        List<Line> lines = new ArrayList<>();
        String recv = "receive " + (r.receiveBytes() >= 1L << 30 ? (r.receiveBytes() >> 30) + " GiB"
                : (r.receiveBytes() >> 20) + " MiB");
        lines.add(line(recv, "MB/s", r.receive(), "recv()", Run::megabytesPerSecond, RECEIVE_SPEED));
        lines.add(line(recv, "CPU s/GB", r.receive(), "recv()", Run::cpuSecondsPerGigabyte, RECEIVE_CPU));
        String send = "send, " + SeedSend.SOCKETS + " sockets";
        lines.add(line(send, "MB/s", r.send(), "send()", Run::megabytesPerSecond, SEND_SPEED));
        lines.add(line(send, "CPU s/GB", r.send(), "send()", Run::cpuSecondsPerGigabyte, SEND_CPU));
        return lines;
    }

    private static Line line(String experiment, String unit, List<Run> runs, String peer,
                             java.util.function.ToDoubleFunction<Run> figure, Claim claim) {
        List<Run> async = runs.stream().filter(x -> x.mode().equals("async")).toList();
        List<Run> sync = runs.stream().filter(x -> x.mode().equals("sync")).toList();
        int pairs = Math.min(async.size(), sync.size());
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratios[i] = figure.applyAsDouble(async.get(i)) / figure.applyAsDouble(sync.get(i));
        }
        return new Line(experiment, unit, SeedDemo.median(async.stream().mapToDouble(figure).toArray()), peer,
                SeedDemo.median(sync.stream().mapToDouble(figure).toArray()), SeedDemo.median(ratios), claim);
    }

    /**
     * The NOP rows: aionet's CPU time per NOP at batch 16, 64 and 256 against each C peer that ran
     * ({@code c-io_uring}, {@code c-liburing}), with the same-round ratios the benchmark derived.
     */
    public static List<Line> nopLines(BenchmarkResult nop) {
        List<Line> lines = new ArrayList<>();
        for (String peer : List.of("c-io_uring", "c-liburing")) {
            for (String metric : NOP_METRICS) {
                ResultRow a = row(nop, "aionet", metric);
                ResultRow c = row(nop, peer, metric);
                ResultRow ratio = row(nop, "aionet", metric + " / " + peer);
                if (a == null || c == null) {
                    continue;
                }
                double q = ratio != null ? ratio.stats().median() : a.stats().median() / c.stats().median();
                lines.add(new Line("NOP " + metric.replace(" cpu", "") + " (CPU)", a.unit(), a.stats().median(), peer,
                        c.stats().median(), q, NOP_GOAL));
            }
        }
        return lines;
    }

    private static ResultRow row(BenchmarkResult r, String impl, String metric) {
        for (ResultRow row : r.results()) {
            if (row.impl().equals(impl) && row.metric().equals(metric)) {
                return row;
            }
        }
        return null;
    }

    /**
     * The summary as text: a heading, one row per line, the count of claims that held, and the notes
     * (skipped peers, caveats), each on its own line.
     */
    public static String render(List<Line> lines, List<String> notes) {
        String[] head = {"experiment", "unit", "aionet", "peer", "peer's", "ratio", "claim (source)", "", "held"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        int held = 0;
        for (Line l : lines) {
            boolean h = l.held();
            held += h ? 1 : 0;
            rows.add(new String[] {l.experiment(), l.unit(), Format.number(l.aionet()), l.peer(),
                    Format.number(l.peerValue()),
                    Double.isNaN(l.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", l.ratio()),
                    l.claim().text() + " (" + l.claim().source() + ")", l.claim().condition(), h ? "yes" : "NO"});
        }
        boolean[] right = {false, false, true, false, true, true, false, false, false};
        int[] width = new int[head.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("== summary: aionet against its peers (medians; ratio: aionet / peer, median over the rounds) ==\n");
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                String cell = r[i];
                String pad = " ".repeat(width[i] - cell.length());
                line.append(right[i] ? pad + cell : cell + pad);
                line.append(i == r.length - 1 ? "" : i == 6 ? " " : "  ");
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "  claims held: %d of %d%n", held, lines.size()));
        for (String n : notes) {
            b.append("  ").append(n).append('\n');
        }
        return b.toString();
    }
}
