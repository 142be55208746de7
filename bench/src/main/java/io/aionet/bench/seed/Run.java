package io.aionet.bench.seed;

/**
 * One run of a seed experiment.
 *
 * @param mode        {@code async} or {@code sync}
 * @param bytes       bytes moved
 * @param seconds     wall time
 * @param cpuSeconds  CPU time of the measured side's thread (receiver or sender)
 * @param copiedShare for zero-copy sends: the share the kernel copied (NaN otherwise)
 */
record Run(String mode, long bytes, double seconds, double cpuSeconds, double copiedShare) {
    double megabytesPerSecond() {
        return bytes / 1e6 / seconds;
    }

    double cpuPercent() {
        return 100.0 * cpuSeconds / seconds;
    }
}
