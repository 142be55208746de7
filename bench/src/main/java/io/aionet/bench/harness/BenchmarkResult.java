package io.aionet.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark produced: the {@code {benchmark, machine, results}} object of
 * {@code BENCHMARKS.md}, plus notes (skipped implementations and why, setup facts).
 *
 * @param benchmark the benchmark's name
 * @param title     what it measures
 * @param machine   cores, memory, kernel, JDK … (see {@link Machine})
 * @param rounds    measured rounds
 * @param results   one row per implementation and metric, in measurement order
 * @param notes     free-form lines worth keeping with the figures
 */
public record BenchmarkResult(String benchmark, String title, Map<String, Object> machine, int rounds,
                              List<ResultRow> results, List<String> notes) {}
