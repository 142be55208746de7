package io.aionet.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * A macro benchmark: a workload that several implementations (aionet and its peers) run in turn, so
 * every figure is read as a ratio against peers measured in the same run (the method of
 * {@code BENCHMARKS.md}). The {@link Rounds runner} calls {@link #prepare}, then one warm-up round
 * and N measured rounds of {@link #run} for each implementation in order (A B C … A B C …), and
 * {@link #derive} after each measured round; finally {@link #close}.
 *
 * <p>Register a new benchmark with one line in {@link Benchmarks}.
 */
public interface MacroBenchmark extends AutoCloseable {
    /** The name used on the command line and in file names ({@code nop}, {@code echo} …). */
    String name();

    /** One line saying what is measured. */
    String title();

    /** The implementations it compares, in the order each round runs them. */
    List<String> impls();

    /**
     * Builds or checks what the implementations need (a C program, a peer library, a kernel feature).
     *
     * @return the implementations that cannot run here, each with the reason (printed and reported);
     *         the others still run
     */
    default Map<String, String> prepare(HarnessContext ctx) throws Exception {
        return Map.of();
    }

    /** Runs {@code impl} once and returns its figures; called on the harness's main thread. */
    List<Measurement> run(String impl) throws Exception;

    /**
     * Figures computed from one round's measurements of every implementation that ran (e.g. the ratio
     * of aionet to the C reference); they get median, min and max over rounds like the others.
     */
    default List<Measurement> derive(Map<String, List<Measurement>> round) {
        return List.of();
    }

    /** The metrics the chart shows, in order; {@code null}: every metric in {@link #chartUnit()}. */
    default List<String> chartMetrics() {
        return null;
    }

    /** The unit whose metrics the chart shows; {@code null}: the unit of the first figure. */
    default String chartUnit() {
        return null;
    }

    /**
     * What the chart's bars show, for its title ("server CPU per request, lower is better"): the
     * quantity of {@link #chartUnit()}, not the whole benchmark; {@code null}: the unit alone.
     */
    default String chartTitle() {
        return null;
    }

    /** True when the chart's value axis should be logarithmic (figures spanning decades). */
    default boolean chartLogarithmic() {
        return false;
    }

    /** Facts worth keeping with the figures (setup flags, versions), asked for after the last round. */
    default List<String> notes() {
        return List.of();
    }

    /** Releases what {@link #prepare} or {@link #run} opened. */
    @Override
    default void close() throws Exception {}
}
