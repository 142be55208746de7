package io.aionet.bench.event;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.event.EventKind;
import io.aionet.event.TimerClock;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timer workload of the {@code events} benchmark: {@link #TIMERS} one-shot timers whose delays
 * are spread evenly over {@link #SPREAD_NANOS}, armed back to back; the figure is timers fired per
 * second from the first arm to the last delivery. aionet arms them with
 * {@link EventChannel#addTimer} on the channel's owner, which also takes the events; the peer is a
 * one-thread {@link ScheduledThreadPoolExecutor} (an event loop's timer queue in the JDK).
 *
 * <p>The steady state is measured too: {@link #TIMERS} periodic timers with period {@link #PERIOD_NANOS}
 * and phases spread over one period, counted over {@link #WINDOW_NANOS} after a warm-up of one
 * period, with the CPU time of the thread that takes the events (aionet: the channel's owner, which
 * sleeps in {@code await}; the JDK: the pool's thread).
 */
final class TimerRuns implements AutoCloseable {
    /** Timers per run. */
    static final int TIMERS = 10_000;
    /** The delays run from 0 to this. */
    static final long SPREAD_NANOS = 1_000_000L;

    /** Period of the steady-state timers: 10,000 per 10 ms offers one million events per second. */
    static final long PERIOD_NANOS = 10_000_000L;
    /** Length of the steady-state count. */
    static final long WINDOW_NANOS = 300_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * A steady-state count.
     *
     * @param events   timer events counted in the window
     * @param nanos    the window's length
     * @param cpuNanos CPU time of the thread taking the events during the window
     */
    record Periodic(long events, long nanos, long cpuNanos) {
        double mEventsPerSecond() {
            return events * 1e3 / nanos;
        }

        double cpuNanosPerEvent() {
            return (double) cpuNanos / events;
        }
    }

    private EventChannel channel;
    private volatile Thread stpeThread;
    /** Written by the pool's one thread only. */
    private volatile long stpeCount;
    private final Event event = new Event();
    private final ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);

    TimerRuns() {
        stpe.setThreadFactory(r -> {
            Thread t = new Thread(r, "events-stpe");
            t.setDaemon(true);
            stpeThread = t;
            return t;
        });
        stpe.setRemoveOnCancelPolicy(true);
        stpe.prestartAllCoreThreads();
    }

    private EventChannel channel() throws Exception {
        if (channel == null) {
            // the program sizes the ring (ec_create): all 10,000 expiries fit in the completion queue;
            // the calling thread owns the channel
            channel = EventChannel.create(EventChannelOptions.defaults().submissionEntries(1024)
                    .completionEntries(16384).descriptorCheckMillis(0));
        }
        return channel;
    }

    private static long delay(int i) {
        return i * SPREAD_NANOS / TIMERS;
    }

    /** aionet: nanoseconds from the first {@code addTimer} to the last timer event. */
    long aionet() throws Exception {
        EventChannel ch = channel();
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

    private static long phase(int i) {
        return PERIOD_NANOS * (i + 1) / TIMERS;
    }

    /**
     * aionet, steady state: periodic timers on a fresh channel, counted by its owner. A fresh channel
     * per run, closed at the end, so that no run inherits another's timers or completion-queue state
     * (removed periodic timers do stop: the channel removes again one whose remove raced a tick).
     */
    Periodic aionetPeriodic() throws Exception {
        try (EventChannel ch = EventChannel.create(EventChannelOptions.defaults().submissionEntries(1024)
                .completionEntries(16384).descriptorCheckMillis(0))) {
            Event e = event;
            for (int i = 0; i < TIMERS; i++) {
                ch.addTimer(i + 1, phase(i), PERIOD_NANOS, TimerClock.MONOTONIC, false);
            }
            long warm = System.nanoTime() + PERIOD_NANOS;
            countTimers(ch, e, warm);
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long n = countTimers(ch, e, t0 + WINDOW_NANOS);
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            return new Periodic(n, t1 - t0, c1 - c0);
        }
    }

    private static long countTimers(EventChannel ch, Event e, long until) {
        long n = 0;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            ch.await(1, left);
            while (ch.next(e)) {
                if (e.kind() == EventKind.TIMER) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The JDK, steady state: {@code scheduleAtFixedRate} tasks counting on the pool's thread. */
    Periodic stpePeriodic() throws InterruptedException {
        Runnable task = () -> stpeCount++; // the pool's one thread is the only writer
        ScheduledFuture<?>[] fs = new ScheduledFuture<?>[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            fs[i] = stpe.scheduleAtFixedRate(task, phase(i), PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }
        Thread.sleep(PERIOD_NANOS / 1_000_000L);
        long id = stpeThread.threadId();
        long n0 = stpeCount;
        long c0 = THREADS.getThreadCpuTime(id);
        long t0 = System.nanoTime();
        Thread.sleep(WINDOW_NANOS / 1_000_000L);
        long n1 = stpeCount;
        long c1 = THREADS.getThreadCpuTime(id);
        long t1 = System.nanoTime();
        for (ScheduledFuture<?> f : fs) {
            f.cancel(false);
        }
        return new Periodic(n1 - n0, t1 - t0, c1 - c0);
    }

    @Override
    public void close() {
        stpe.shutdownNow();
        if (channel != null) {
            channel.close();
        }
    }
}
