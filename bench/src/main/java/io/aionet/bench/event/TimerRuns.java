package io.aionet.bench.event;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.event.EventKind;
import io.aionet.event.TimerClock;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timer workload of the {@code events} benchmark: {@link #TIMERS} one-shot timers whose delays
 * are spread evenly over {@link #SPREAD_NANOS}, armed back to back; the figure is timers fired per
 * second from the first arm to the last delivery. aionet arms them with
 * {@link EventChannel#addTimer} on the channel's owner, which also takes the events; the peer is a
 * one-thread {@link ScheduledThreadPoolExecutor} (an event loop's timer wheel in the JDK).
 */
final class TimerRuns implements AutoCloseable {
    /** Timers per run. */
    static final int TIMERS = 10_000;
    /** The delays run from 0 to this. */
    static final long SPREAD_NANOS = 1_000_000L;

    private EventChannel channel;
    private final Event event = new Event();
    private final ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);

    TimerRuns() {
        stpe.prestartAllCoreThreads();
    }

    private static long delay(int i) {
        return i * SPREAD_NANOS / TIMERS;
    }

    /** aionet: nanoseconds from the first {@code addTimer} to the last timer event. */
    long aionet() throws Exception {
        if (channel == null) {
            // the program sizes the ring (ec_create): all 10,000 expiries fit in the completion queue;
            // the calling thread owns the channel
            channel = EventChannel.create(EventChannelOptions.defaults().submissionEntries(1024)
                    .completionEntries(16384).descriptorCheckMillis(0));
        }
        EventChannel ch = channel;
        Event e = event;
        long t0 = System.nanoTime();
        for (int i = 0; i < TIMERS; i++) {
            ch.addTimer(i + 1, delay(i), 0, TimerClock.MONOTONIC, false);
        }
        int fired = 0;
        while (fired < TIMERS) {
            ch.await(1, 1_000_000_000L);
            while (ch.next(e)) {
                if (e.kind() == EventKind.TIMER) {
                    fired++;
                } else {
                    throw new IllegalStateException("unexpected event " + e);
                }
            }
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < TIMERS; i++) {
            ch.remove(i + 1); // one-shot timers stay registered until removed
        }
        return t1 - t0;
    }

    /** The JDK: nanoseconds from the first {@code schedule} to the last task run. */
    long stpe() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger fired = new AtomicInteger();
        Runnable task = () -> {
            if (fired.incrementAndGet() == TIMERS) {
                done.countDown();
            }
        };
        long t0 = System.nanoTime();
        for (int i = 0; i < TIMERS; i++) {
            stpe.schedule(task, delay(i), TimeUnit.NANOSECONDS);
        }
        done.await();
        return System.nanoTime() - t0;
    }

    @Override
    public void close() {
        stpe.shutdownNow();
        if (channel != null) {
            channel.close();
        }
    }
}
