package io.aionet.bench.harness;

import java.util.Arrays;

/**
 * Median, minimum and maximum of one metric's runs: the summary {@code BENCHMARKS.md} asks for.
 *
 * @param median the middle run (the mean of the two middle ones for an even count)
 * @param min    the smallest run
 * @param max    the largest run
 * @param runs   every run, in the order measured
 */
public record Stats(double median, double min, double max, double[] runs) {
    /**
     * Summarizes {@code runs}.
     *
     * @throws IllegalArgumentException when there are no runs or one is NaN
     */
    public static Stats of(double... runs) {
        if (runs.length == 0) {
            throw new IllegalArgumentException("no runs to summarize");
        }
        double[] sorted = runs.clone();
        for (double v : sorted) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a run is NaN: " + Arrays.toString(runs));
            }
        }
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(median, sorted[0], sorted[n - 1], runs.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stats s && Double.compare(median, s.median) == 0 && Double.compare(min, s.min) == 0
                && Double.compare(max, s.max) == 0 && Arrays.equals(runs, s.runs);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(median) + Arrays.hashCode(runs);
    }

    @Override
    public String toString() {
        return "Stats[median=" + median + ", min=" + min + ", max=" + max + ", runs=" + Arrays.toString(runs) + "]";
    }
}
