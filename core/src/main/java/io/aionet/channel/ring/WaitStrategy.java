package io.aionet.channel.ring;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * How the consumer of a net channel ({@link SpscRing}) waits when the ring is empty, and how the producer
 * wakes it. Four kinds:
 *
 * <ul>
 *   <li>{@link #spin()}: busy-polls with {@link Thread#onSpinWait()}; lowest latency, burns a core;
 *       the producer never pays anything.</li>
 *   <li>{@link #yielding()}: spins a little, then {@link Thread#yield()}s; the producer pays nothing.</li>
 *   <li>{@link #parking()}: spins, then announces it sleeps and parks ({@link LockSupport#parkNanos});
 *       the producer unparks it, but only when the consumer announced it sleeps.</li>
 *   <li>{@link #eventfd()}: spins, then announces it sleeps and waits on an eventfd; the producer writes
 *       the eventfd, again only when the consumer announced it sleeps, so a busy channel costs no system
 *       call per message. The eventfd ({@link EventfdWaitStrategy#fd()}) can instead be polled by an
 *       event loop, which then uses {@link SpscRing#beginSleep()} / {@link SpscRing#endSleep()}.</li>
 * </ul>
 *
 * <p>The sleeping handshake is Dekker's: the consumer stores "sleeping" (volatile) and then re-reads the
 * tail; the producer stores the tail (release), issues a full fence and then reads "sleeping". With
 * both fences at least one side sees the other's store, so a wake-up is never lost. Only the blocking
 * kinds ({@link #parking()}, {@link #eventfd()}) make the producer pay that fence.
 *
 * <p>A strategy instance belongs to one ring, which closes it when it closes.
 */
public abstract sealed class WaitStrategy implements AutoCloseable
        permits WaitStrategy.Spin, WaitStrategy.Yield, WaitStrategy.Park, EventfdWaitStrategy {

    /** Idle steps a blocking strategy spins before it goes to sleep. */
    static final int SPINS_BEFORE_SLEEP = 256;
    /** Idle steps the yielding strategy spins before it yields. */
    static final int SPINS_BEFORE_YIELD = 64;

    private final AtomicBoolean bound = new AtomicBoolean();

    WaitStrategy() {}

    /**
     * A busy-spinning strategy (lowest latency, one core busy while waiting).
     *
     * @return a new spinning strategy
     */
    public static WaitStrategy spin() {
        return new Spin();
    }

    /**
     * A strategy that spins briefly, then yields the processor between polls.
     *
     * @return a new yielding strategy
     */
    public static WaitStrategy yielding() {
        return new Yield();
    }

    /**
     * A strategy that spins briefly, then parks the consumer until the producer unparks it.
     *
     * @return a new parking strategy
     */
    public static WaitStrategy parking() {
        return new Park();
    }

    /**
     * A strategy that spins briefly, then sleeps on an eventfd that the producer writes when (and only
     * when) the consumer announced it sleeps.
     *
     * @return a new eventfd strategy, owning its eventfd until the ring that takes it is closed
     * @throws java.io.UncheckedIOException when the kernel refuses an eventfd
     */
    public static EventfdWaitStrategy eventfd() {
        return new EventfdWaitStrategy();
    }

    /** Ties this strategy to one ring. */
    final void bind() {
        if (!bound.compareAndSet(false, true)) {
            throw new IllegalArgumentException("this wait strategy already belongs to a ring");
        }
    }

    /** True when the consumer sleeps and the producer must check the sleeping flag after publishing. */
    abstract boolean blocking();

    /**
     * One idle step of the consumer; {@code step} counts from 0 since the ring was last seen non-empty.
     * Returns true when the consumer should now announce that it sleeps and call {@link #sleep(long)}.
     */
    abstract boolean idle(int step);

    /** Consumer side, before it stores the sleeping flag: remember whom to wake. */
    void prepareSleep() {}

    /** Consumer side, after announcing and re-checking: wait at most {@code nanos} for {@link #wake()}. */
    void sleep(long nanos) {}

    /** Producer side, after seeing the sleeping flag: wake the consumer. */
    void wake() {}

    /** Releases what the strategy holds (the eventfd); closing twice is harmless. */
    @Override
    public void close() {}

    /** Busy spin. */
    static final class Spin extends WaitStrategy {
        @Override
        boolean blocking() {
            return false;
        }

        @Override
        boolean idle(int step) {
            Thread.onSpinWait();
            return false;
        }

        @Override
        public String toString() {
            return "spin";
        }
    }

    /** Spin, then yield. */
    static final class Yield extends WaitStrategy {
        @Override
        boolean blocking() {
            return false;
        }

        @Override
        boolean idle(int step) {
            if (step < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
            return false;
        }

        @Override
        public String toString() {
            return "yield";
        }
    }

    /** Spin, then park until unparked. */
    static final class Park extends WaitStrategy {
        private volatile Thread waiter;

        @Override
        boolean blocking() {
            return true;
        }

        @Override
        boolean idle(int step) {
            Thread.onSpinWait();
            return step >= SPINS_BEFORE_SLEEP;
        }

        @Override
        void prepareSleep() {
            // volatile store; happens-before the consumer's volatile store of the sleeping flag, so a
            // producer that sees the flag sees the thread too
            waiter = Thread.currentThread();
        }

        @Override
        void sleep(long nanos) {
            LockSupport.parkNanos(this, nanos);
        }

        @Override
        void wake() {
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        @Override
        public String toString() {
            return "park";
        }
    }
}
