package io.aionet.bench.harness;

/**
 * One line of a benchmark's results: an implementation's metric over every measured round — the
 * {@code {impl, metric, unit, median, min, max, runs}} object of {@code BENCHMARKS.md}.
 *
 * @param impl   the implementation
 * @param metric what was measured
 * @param unit   the unit
 * @param stats  median, min, max and the runs
 */
public record ResultRow(String impl, String metric, String unit, Stats stats) {}
