package io.aionet.bench.event;

import org.HdrHistogram.Histogram;

/**
 * One implementation of cross-thread user events in the {@code events} macro benchmark: producer
 * threads hand 64-bit tags to one consumer loop that sleeps when there is nothing to do (the
 * measurement of issue 4, "cross-thread user events per second and wake-up latency"). The consumer is
 * the calling thread.
 */
interface UserEventPeer extends AutoCloseable {
    /**
     * {@code producers} threads post {@code events} tags in total as fast as they can; the calling
     * thread consumes them all.
     */
    Throughput throughput(long events, int producers) throws Exception;

    /**
     * {@code samples} times: the consumer announces it is about to sleep, the producer waits
     * {@link Handshake#PAUSE_NANOS} so that it is asleep, then posts its {@code System.nanoTime()} as
     * the tag; the consumer records the time from that post until its receive call returned the tag.
     *
     * @return nanoseconds from post to receive
     */
    Histogram latency(int samples) throws Exception;

    @Override
    void close() throws Exception;
}
