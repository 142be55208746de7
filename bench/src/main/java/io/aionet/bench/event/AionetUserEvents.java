package io.aionet.bench.event;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.event.EventKind;
import org.HdrHistogram.Histogram;

/**
 * aionet's user events: producers call {@link EventChannel#post(long)}; the consumer, the channel's
 * owner (the thread that constructs this), sleeps in {@link EventChannel#await(int, long)} and takes
 * events with {@link EventChannel#next(Event)}.
 */
final class AionetUserEvents implements UserEventPeer {
    private static final long SECOND = 1_000_000_000L;
    private final EventChannel channel;
    private final Event event = new Event();

    AionetUserEvents() throws Exception {
        // no descriptors are registered: the closed-descriptor sweep stays off
        channel = EventChannel.create(EventChannelOptions.defaults().descriptorCheckMillis(0));
    }

    @Override
    public Throughput throughput(long events, int producers) throws Exception {
        long per = events / producers;
        long total = per * producers;
        EventChannel ch = channel;
        Producers ps = new Producers(producers, per, n -> {
            for (long i = 0; i < n; i++) {
                ch.post(i);
            }
        });
        Event e = event;
        long c0 = Producers.threadCpuNanos();
        long t0 = System.nanoTime();
        ps.start();
        long count = 0;
        long sink = 0;
        while (count < total) {
            ch.await(1, SECOND);
            while (ch.next(e)) {
                sink += e.tag();
                count++;
            }
        }
        long t1 = System.nanoTime();
        long c1 = Producers.threadCpuNanos();
        ps.join();
        if (sink < 0) {
            throw new AssertionError("tags are not negative");
        }
        return new Throughput(total, t1 - t0, c1 - c0 + ps.cpuNanos());
    }

    @Override
    public Histogram latency(int samples) throws Exception {
        Histogram h = new Histogram(3);
        Handshake hs = new Handshake();
        EventChannel ch = channel;
        Thread producer = Thread.ofPlatform().name("events-latency-producer").daemon().start(() -> {
            for (int s = 0; s < samples; s++) {
                hs.producerTurn(s);
                ch.post(System.nanoTime());
            }
        });
        Event e = event;
        for (int s = 0; s < samples; s++) {
            hs.consumerWaits(s);
            while (true) {
                ch.await(1, SECOND);
                if (ch.next(e)) {
                    long now = System.nanoTime();
                    if (e.kind() != EventKind.USER) {
                        throw new IllegalStateException("unexpected event " + e);
                    }
                    h.recordValue(now - e.tag());
                    break;
                }
            }
        }
        producer.join();
        return h;
    }

    @Override
    public void close() {
        channel.close();
    }
}
