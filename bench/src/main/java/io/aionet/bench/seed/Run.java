package io.aionet.bench.seed;

/**
 * One run of a seed experiment (Polyakov's receive or send test of seed 003).
 *
 * @param mode        {@code async} or {@code sync}
 * @param bytes       bytes moved
 * @param seconds     wall time
 * @param cpuSeconds  CPU time of the measured side's thread (receiver or sender)
 * @param copiedShare for zero-copy sends: the share the kernel copied (NaN otherwise)
 */
public record Run(String mode, long bytes, double seconds, double cpuSeconds, double copiedShare) {
    /** {@return the throughput, 10^6 bytes per second} */
    public double megabytesPerSecond() {
        return bytes / 1e6 / seconds;
    }

    /** {@return the measured side's CPU time as a share of the wall time, in percent} */
    public double cpuPercent() {
        return 100.0 * cpuSeconds / seconds;
    }

    /** {@return CPU seconds of the measured side per 10^9 bytes moved} */
    public double cpuSecondsPerGigabyte() {
        return cpuSeconds / (bytes / 1e9);
    }
}
