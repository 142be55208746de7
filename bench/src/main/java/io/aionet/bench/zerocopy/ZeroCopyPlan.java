package io.aionet.bench.zerocopy;

import java.util.List;

/**
 * The arithmetic of the {@code zerocopy} benchmark (issue 5, choosing the size from which
 * {@link io.aionet.net.AsyncSocket#sendZeroCopy} really uses {@code SEND_ZC}): which message sizes
 * run, how many messages each connection sends at each size, how a size is named in the results, and
 * what a zero-copy send costs on top of a copying one.
 */
final class ZeroCopyPlan {
    /** The message sizes measured, in bytes. */
    static final List<Integer> SIZES = List.of(1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10);
    /** Messages per run at small sizes (all connections together). */
    static final long MESSAGES = 65_536;
    /** Bytes per run at large sizes (all connections together). */
    static final long MAX_BYTES = 256L << 20;

    private ZeroCopyPlan() {}

    /**
     * Messages each of {@code streams} connections sends at {@code size}: {@link #MESSAGES} in all, or
     * fewer so a run moves at most {@link #MAX_BYTES}; at least one.
     *
     * @throws IllegalArgumentException when {@code size} or {@code streams} is not positive
     */
    static long messagesPerStream(int size, int streams) {
        if (size <= 0 || streams <= 0) {
            throw new IllegalArgumentException("size " + size + ", streams " + streams);
        }
        long total = Math.min(MESSAGES, MAX_BYTES / size);
        return Math.max(1, total / streams);
    }

    /** The metric name of a size: {@code "1 KiB"}, {@code "256 KiB"}, {@code "1 MiB"}, or bytes below 1 KiB. */
    static String label(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size " + size);
        }
        if (size % (1 << 20) == 0) {
            return (size >> 20) + " MiB";
        }
        if (size % (1 << 10) == 0) {
            return (size >> 10) + " KiB";
        }
        return size + " B";
    }

    /** CPU microseconds per send of a run. */
    static double cpuMicrosPerSend(ZeroCopySender.Result r) {
        return r.sends() == 0 ? Double.NaN : r.cpuNanos() / 1e3 / r.sends();
    }

    /** Percent of a run's sends the kernel flagged as copied. */
    static double copiedPercent(ZeroCopySender.Result r) {
        return r.sends() == 0 ? Double.NaN : 100.0 * r.copied() / r.sends();
    }

    /**
     * The size from which zero-copy sends cost no more CPU per byte than copying ones, allowing
     * {@code tolerance} (0.05: 5 % more), for that size and every larger one; -1 when no size qualifies
     * (as on loopback, where the kernel copies every zero-copy send anyway).
     *
     * @param sizes   ascending sizes
     * @param copyCpu CPU per byte (any unit) of copying sends at each size
     * @param zcCpu   CPU per byte (same unit) of zero-copy sends at each size
     * @throws IllegalArgumentException when the arrays differ in length or the sizes are not ascending
     */
    static int breakEven(int[] sizes, double[] copyCpu, double[] zcCpu, double tolerance) {
        if (sizes.length != copyCpu.length || sizes.length != zcCpu.length) {
            throw new IllegalArgumentException("sizes and figures differ in length");
        }
        for (int i = 1; i < sizes.length; i++) {
            if (sizes[i] <= sizes[i - 1]) {
                throw new IllegalArgumentException("sizes must ascend: " + sizes[i - 1] + ", " + sizes[i]);
            }
        }
        int from = -1;
        for (int i = sizes.length - 1; i >= 0; i--) {
            if (zcCpu[i] <= copyCpu[i] * (1 + tolerance)) {
                from = sizes[i];
            } else {
                break;
            }
        }
        return from;
    }
}
