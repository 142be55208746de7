package io.aionet.internal;

/**
 * The loggers of the rare events an operator must know about — never called on a hot path. Each is a
 * {@link System.Logger} named after the layer that speaks ({@code io.aionet.backend}, {@code io.aionet.dma},
 * {@code io.aionet.event}, {@code io.aionet.net}), so a deployment routes them like any other JDK logger
 * ({@code java.util.logging} by default, or whatever {@code System.LoggerFinder} the application installs).
 * {@code docs/observability.md} lists every message.
 */
public final class Log {
    /** Which backend the process chose, and why. */
    public static final System.Logger BACKEND = System.getLogger("io.aionet.backend");
    /** Memory: the memlock fallback of areas and fixed buffers, receive pools running dry. */
    public static final System.Logger DMA = System.getLogger("io.aionet.dma");
    /** Event channels: completion-queue overflow. */
    public static final System.Logger EVENT = System.getLogger("io.aionet.event");
    /** Sockets: accept back-off when the process is out of descriptors. */
    public static final System.Logger NET = System.getLogger("io.aionet.net");

    private Log() {
    }

    /**
     * At most one report per period: the caller counts occurrences, and when {@link #due(long)} says
     * so logs how many there were since the last report. Owned by one thread.
     */
    public static final class RateLimit {
        private final long periodNanos;
        private long last = Long.MIN_VALUE;
        private long count;

        /** @param periodNanos the shortest time between two reports */
        public RateLimit(long periodNanos) {
            this.periodNanos = periodNanos;
        }

        /**
         * Counts one occurrence; true when it should be reported now (the first ever, or the first after
         * the period), after which {@link #takeCount()} tells how many occurred since the last report.
         */
        public boolean due(long nowNanos) {
            count++;
            if (last == Long.MIN_VALUE || nowNanos - last >= periodNanos) {
                last = nowNanos;
                return true;
            }
            return false;
        }

        /** {@return the occurrences counted since the last report, resetting the count} */
        public long takeCount() {
            long c = count;
            count = 0;
            return c;
        }
    }
}
