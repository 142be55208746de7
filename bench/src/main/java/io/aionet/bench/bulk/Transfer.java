package io.aionet.bench.bulk;

/**
 * One measured bulk transfer (seed 003's streaming receive and send): bytes moved, wall time and the
 * CPU time the measured process spent over the same window (every thread, user + kernel, io_uring
 * workers included).
 *
 * @param bytes    bytes moved
 * @param nanos    wall time of the window
 * @param cpuNanos process CPU time over the window
 */
public record Transfer(long bytes, long nanos, long cpuNanos) {
    private static final double GIB = 1L << 30;

    /** Checks the figures are possible. */
    public Transfer {
        if (bytes < 0 || nanos <= 0 || cpuNanos < 0) {
            throw new IllegalArgumentException("bytes " + bytes + ", nanos " + nanos + ", cpu " + cpuNanos);
        }
    }

    /** Megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        return bytes / 1e6 / (nanos / 1e9);
    }

    /** CPU seconds per GiB moved; infinite when nothing moved. */
    public double cpuSecondsPerGiB() {
        return bytes == 0 ? Double.POSITIVE_INFINITY : (cpuNanos / 1e9) / (bytes / GIB);
    }

    /** Parses the C peer's {@code result BYTES SECONDS CPU_SECONDS} line. */
    public static Transfer parseResult(String line) {
        String[] f = line == null ? new String[0] : line.strip().split("\\s+");
        if (f.length != 4 || !f[0].equals("result")) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        try {
            long nanos = Math.max(1, Math.round(Double.parseDouble(f[2]) * 1e9));
            return new Transfer(Long.parseLong(f[1]), nanos, Math.round(Double.parseDouble(f[3]) * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a result line: " + line, e);
        }
    }
}
