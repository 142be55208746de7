package io.aionet.bench.harness;

import java.util.Objects;

/**
 * One figure from one run of one implementation: {@code impl} measured {@code value} {@code unit} for
 * {@code metric} (e.g. {@code aionet}, {@code batch 16}, {@code ns/NOP}, 41.7).
 *
 * @param impl   the implementation (peer) that produced it
 * @param metric what was measured
 * @param unit   the unit of {@code value}
 * @param value  the figure
 */
public record Measurement(String impl, String metric, String unit, double value) {
    /** Checks that every name is present. */
    public Measurement {
        Objects.requireNonNull(impl, "impl");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
    }
}
