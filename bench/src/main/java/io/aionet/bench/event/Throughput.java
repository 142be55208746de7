package io.aionet.bench.event;

/**
 * The outcome of one throughput run.
 *
 * @param events  tags consumed
 * @param nanos   elapsed time on the consumer, from releasing the producers to the last tag
 * @param cpuNanos CPU time (user + kernel) of the consumer and producer threads together
 */
record Throughput(long events, long nanos, long cpuNanos) {
    /** Millions of events per second. */
    double mEventsPerSecond() {
        return events * 1e3 / nanos;
    }

    /** CPU nanoseconds per event, both sides together. */
    double cpuNanosPerEvent() {
        return (double) cpuNanos / events;
    }
}
