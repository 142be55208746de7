package io.aionet.bench.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The turn-taking of a wake-up latency run: before waiting for sample {@code s}, the consumer
 * publishes {@code 2s + 1}; the producer waits for that value, pauses {@link #PAUSE_NANOS} so the
 * consumer is asleep in the kernel, and posts. Every sample thus measures a wake-up from sleep, not a
 * hand-off to a spinning consumer.
 */
final class Handshake {
    /** How long the producer lets the consumer fall asleep (the timer slack adds about 50 µs). */
    static final long PAUSE_NANOS = 20_000;
    private static final VarHandle TURN;

    static {
        try {
            TURN = MethodHandles.lookup().findVarHandle(Handshake.class, "turn", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private volatile long turn;

    /** Consumer: about to wait for sample {@code s}. */
    void consumerWaits(int s) {
        TURN.setVolatile(this, 2L * s + 1); // pairs with the producer's volatile read in producerTurn
    }

    /** Producer: returns when the consumer waits for sample {@code s} and has had time to fall asleep. */
    void producerTurn(int s) {
        long want = 2L * s + 1;
        while ((long) TURN.getVolatile(this) != want) {
            Thread.yield(); // two cores: give the consumer the CPU
        }
        LockSupport.parkNanos(PAUSE_NANOS);
    }
}
