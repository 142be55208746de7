package io.aionet.bench.event;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Producer threads of a throughput run: each waits for the start signal, then runs its {@link Body}
 * (the peer's own posting loop, so that no call site is shared between peers and made megamorphic)
 * and adds its own CPU time to {@link #cpuNanos()}.
 */
final class Producers {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Thread[] threads;
    private final AtomicLong cpu = new AtomicLong();
    private volatile boolean go;

    /** A producer's loop: posts tags {@code 0 .. count - 1}. */
    interface Body {
        void produce(long count);
    }

    Producers(int count, long perThread, Body body) {
        threads = new Thread[count];
        for (int p = 0; p < count; p++) {
            threads[p] = Thread.ofPlatform().name("events-producer-" + p).daemon().start(() -> {
                while (!go) {
                    Thread.yield();
                }
                long c0 = THREADS.getCurrentThreadCpuTime();
                body.produce(perThread);
                cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
            });
        }
    }

    /** Releases the producers. */
    void start() {
        go = true;
    }

    /** Waits for every producer to finish. */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /** CPU time of all producers, valid after {@link #join()}. */
    long cpuNanos() {
        return cpu.get();
    }

    /** CPU time (user + kernel) of the calling thread. */
    static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
