package io.aionet.bench.event;

import org.HdrHistogram.Histogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The JDK peer: producers offer tags to a {@link ConcurrentLinkedQueue} and wake a consumer that
 * blocks in {@link Selector#select(long)} (on Linux an epoll set holding the selector's wake-up
 * eventfd) and drains the queue when it returns.
 *
 * <p>Two ways to wake, both measured: {@code guarded} is how Netty's NIO event loop does it — the
 * consumer announces that it is about to block, and only a producer that finds the announcement (and
 * clears it with a CAS) calls {@link Selector#wakeup()}; {@code plain} calls {@code wakeup()} after
 * every offer, which the JDK turns into an eventfd write once per select cycle under its lock.
 */
final class SelectorUserEvents implements UserEventPeer {
    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(SelectorUserEvents.class, "sleeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean guarded;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Long> queue = new ConcurrentLinkedQueue<>();
    /** 1 while the consumer may block in select (guarded mode). */
    @SuppressWarnings("unused")
    private volatile int sleeping;

    SelectorUserEvents(boolean guarded) throws Exception {
        this.guarded = guarded;
        this.selector = Selector.open();
    }

    private void post(long tag) {
        queue.offer(tag);
        if (!guarded) {
            selector.wakeup();
        } else if ((int) SLEEPING.getVolatile(this) != 0 && SLEEPING.compareAndSet(this, 1, 0)) {
            // the offer (a CAS in the queue) precedes this read; pairs with the consumer's volatile
            // store of sleeping = 1 followed by its re-check of the queue
            selector.wakeup();
        }
    }

    /** Blocks in select until woken (or a second passed), unless the queue already holds something. */
    private void await() throws Exception {
        if (!queue.isEmpty()) {
            return;
        }
        if (guarded) {
            SLEEPING.setVolatile(this, 1);
            if (!queue.isEmpty()) {
                SLEEPING.setVolatile(this, 0);
                return;
            }
            selector.select(1000);
            SLEEPING.setVolatile(this, 0);
        } else {
            selector.select(1000);
        }
    }

    @Override
    public Throughput throughput(long events, int producers) throws Exception {
        long per = events / producers;
        long total = per * producers;
        Producers ps = new Producers(producers, per, n -> {
            for (long i = 0; i < n; i++) {
                post(i);
            }
        });
        long c0 = Producers.threadCpuNanos();
        long t0 = System.nanoTime();
        ps.start();
        long count = 0;
        long sink = 0;
        while (count < total) {
            await();
            Long v;
            while ((v = queue.poll()) != null) {
                sink += v;
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
        Thread producer = Thread.ofPlatform().name("events-latency-producer").daemon().start(() -> {
            for (int s = 0; s < samples; s++) {
                hs.producerTurn(s);
                post(System.nanoTime());
            }
        });
        for (int s = 0; s < samples; s++) {
            hs.consumerWaits(s);
            while (true) {
                await();
                Long v = queue.poll();
                if (v != null) {
                    h.recordValue(System.nanoTime() - v);
                    break;
                }
            }
        }
        producer.join();
        return h;
    }

    @Override
    public void close() throws Exception {
        selector.close();
    }
}
