package io.aionet.bench.seed;

import io.aionet.bench.harness.BenchmarkResult;
import io.aionet.bench.harness.ResultRow;
import io.aionet.bench.harness.Stats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's summary, rendered from figures: the rows, the ratios, the verdicts, one screen. */
class DemoSummaryTest {
    private static final long GB = 1_000_000_000L;

    /** Two interleaved pairs per experiment: async then sync, as SeedDemo runs them. */
    private static SeedDemo.Result seeds() {
        return new SeedDemo.Result(1L << 30,
                List.of(new Run("async", GB, 0.50, 0.20, Double.NaN), // 2000 MB/s, 0.20 CPU s/GB
                        new Run("sync", GB, 0.40, 0.30, Double.NaN), // 2500 MB/s, 0.30
                        new Run("async", GB, 0.50, 0.25, Double.NaN), // 2000, 0.25
                        new Run("sync", GB, 0.50, 0.25, Double.NaN)), // 2000, 0.25
                List.of(new Run("async", GB, 1.0, 0.5, 1.0), // 1000 MB/s, 0.5 CPU s/GB
                        new Run("sync", GB, 0.5, 0.4, Double.NaN), // 2000, 0.4
                        new Run("async", GB, 1.0, 0.5, 1.0),
                        new Run("sync", GB, 0.5, 0.4, Double.NaN)));
    }

    private static ResultRow row(String impl, String metric, String unit, double... runs) {
        return new ResultRow(impl, metric, unit, Stats.of(runs));
    }

    @Test
    void seedRowsPairRunsOfTheSameRound() {
        List<DemoSummary.Line> lines = DemoSummary.seedLines(seeds());
        assertEquals(4, lines.size());
        DemoSummary.Line speed = lines.get(0);
        assertEquals("receive 1 GiB", speed.experiment());
        assertEquals("MB/s", speed.unit());
        assertEquals(2000, speed.aionet(), 1e-9);
        assertEquals(2250, speed.peerValue(), 1e-9);
        // same-pair ratios 0.8 and 1.0: median 0.9, below the 0.95 the claim needs
        assertEquals(0.9, speed.ratio(), 1e-9);
        assertFalse(speed.held());
        DemoSummary.Line cpu = lines.get(1);
        assertEquals("CPU s/GB", cpu.unit());
        assertEquals((0.2 / 0.3 + 1.0) / 2, cpu.ratio(), 1e-9);
        assertTrue(cpu.held(), "less CPU per byte holds the receive CPU claim");
        assertEquals(0.5, lines.get(2).ratio(), 1e-9);
        assertFalse(lines.get(2).held());
        assertEquals(1.25, lines.get(3).ratio(), 1e-9);
        assertFalse(lines.get(3).held());
    }

    @Test
    void nopRowsUseTheDerivedRatiosAndOnlyPeersThatRan() {
        BenchmarkResult nop = new BenchmarkResult("nop", "NOP", Map.of(), 3, List.of(
                row("aionet", "batch 16 cpu", "ns/NOP", 60, 62, 64),
                row("aionet", "batch 64 cpu", "ns/NOP", 50, 50, 50),
                row("c-io_uring", "batch 16 cpu", "ns/NOP", 50, 55, 60),
                row("c-io_uring", "batch 64 cpu", "ns/NOP", 40, 40, 40),
                row("aionet", "batch 16 cpu / c-io_uring", "ratio", 1.2, 1.0, 1.05),
                row("aionet", "batch 64 cpu / c-io_uring", "ratio", 1.25, 1.25, 1.25)),
                List.of("c-liburing skipped: liburing is missing (apt-get install liburing-dev)"));
        List<DemoSummary.Line> lines = DemoSummary.nopLines(nop);
        assertEquals(2, lines.size(), "no batch 256 figures, no c-liburing: two rows");
        assertEquals("NOP batch 16 (CPU)", lines.get(0).experiment());
        assertEquals("c-io_uring", lines.get(0).peer());
        assertEquals(62, lines.get(0).aionet(), 1e-9);
        assertEquals(55, lines.get(0).peerValue(), 1e-9);
        assertEquals(1.05, lines.get(0).ratio(), 1e-9, "the median of the same-round ratios, not 62/55");
        assertTrue(lines.get(0).held());
        assertFalse(lines.get(1).held());
    }

    @Test
    void rendersOneScreen() {
        List<DemoSummary.Line> lines = new java.util.ArrayList<>(DemoSummary.seedLines(seeds()));
        BenchmarkResult nop = new BenchmarkResult("nop", "NOP", Map.of(), 1, List.of(
                row("aionet", "batch 16 cpu", "ns/NOP", 77.47),
                row("c-io_uring", "batch 16 cpu", "ns/NOP", 62.13),
                row("c-liburing", "batch 16 cpu", "ns/NOP", 70.0),
                row("aionet", "batch 16 cpu / c-io_uring", "ratio", 1.247),
                row("aionet", "batch 16 cpu / c-liburing", "ratio", 1.1)), List.of());
        lines.addAll(DemoSummary.nopLines(nop));
        String text = DemoSummary.render(lines, List.of("send runs on loopback."));
        String[] rows = text.split("\n");
        assertTrue(rows.length <= 24, "fits a 24-line screen:\n" + text);
        for (String r : rows) {
            assertTrue(r.length() <= 120, "at most 120 columns: " + r);
        }
        assertEquals(1 + 1 + 6 + 1 + 1, rows.length, text);
        assertTrue(rows[0].startsWith("== summary"), text);
        assertTrue(rows[1].contains("experiment") && rows[1].contains("held"), text);
        // one row: experiment, unit, aionet, peer, peer's figure, ratio, claim, condition, verdict
        assertTrue(rows[2].matches("\\s+receive 1 GiB\\s+MB/s\\s+2000\\s+recv\\(\\)\\s+2250\\s+0\\.90\\s+"
                + "keeps pace with recv\\(\\) \\(seed 003\\)\\s+≥ 0\\.95\\s+NO"), rows[2]);
        assertTrue(rows[6].matches("\\s+NOP batch 16 \\(CPU\\)\\s+ns/NOP\\s+77\\.47\\s+c-io_uring\\s+62\\.13\\s+1\\.25\\s+"
                + ".*\\(goal\\)\\s+≤ 1\\.10\\s+NO"), rows[6]);
        assertTrue(rows[7].contains("c-liburing") && rows[7].endsWith("yes"), rows[7]);
        assertEquals("  claims held: 2 of 6", rows[8]);
        assertEquals("  send runs on loopback.", rows[9]);
        // the columns line up: every row's verdict starts at the same column as the header's "held"
        int held = rows[1].indexOf("held");
        for (int i = 2; i <= 7; i++) {
            assertTrue(rows[i].substring(held).matches("yes|NO"), rows[i]);
        }
    }
}
