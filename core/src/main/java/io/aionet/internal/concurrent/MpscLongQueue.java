package io.aionet.internal.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded, lock-free queue of {@code long}s: many producers, one consumer, no allocation. Each slot
 * carries a sequence number (Vyukov's bounded queue): a producer claims a position with a CAS on the
 * tail, writes the value, then store-releases the slot's sequence; the consumer load-acquires the
 * sequence before reading the value, and store-releases the slot's next-lap sequence after it.
 *
 * <p>The event channel's post queue (the "SIGEV_EC from any thread" half of the seeds' event channel):
 * any thread offers a tag, the channel's owner polls. Its memory ordering is tested with jcstress
 * ({@code stress/.../MpscLongQueue*Stress}).
 */
public final class MpscLongQueue {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MpscLongQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] values;
    private final long[] sequences;
    private final int mask;
    /** Producers' claim index, CAS-advanced. */
    @SuppressWarnings("unused")
    private volatile long tail;
    /** Consumer's index: only the consumer writes or reads it. */
    private long head;

    public MpscLongQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        values = new long[capacity];
        sequences = new long[capacity];
        mask = capacity - 1;
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i;
        }
    }

    /** Appends {@code v}; false when the queue is full. Safe from any thread. */
    public boolean offer(long v) {
        while (true) {
            long t = (long) TAIL.getVolatile(this);
            int i = (int) t & mask;
            long seq = (long) SEQ.getAcquire(sequences, i); // pairs with the consumer's release below
            long dif = seq - t;
            if (dif == 0) {
                if (TAIL.compareAndSet(this, t, t + 1)) {
                    values[i] = v;
                    SEQ.setRelease(sequences, i, t + 1); // pairs with the consumer's acquire in poll
                    return true;
                }
            } else if (dif < 0) {
                return false; // the slot still holds the previous lap's value: full
            } else {
                Thread.onSpinWait(); // another producer claimed t; reload
            }
        }
    }

    /** True when a value is ready for {@link #poll()}. Consumer only. */
    public boolean isReady() {
        int i = (int) head & mask;
        return (long) SEQ.getAcquire(sequences, i) == head + 1;
    }

    /** Consumer only: the next value; call only after {@link #isReady()} returned true. */
    public long poll() {
        int i = (int) head & mask;
        long v = values[i];
        SEQ.setRelease(sequences, i, head + mask + 1); // frees the slot for the next lap
        head++;
        return v;
    }

    /** True when no value is published; a claimed but unpublished slot counts as empty. Any thread. */
    public boolean isEmpty() {
        return (long) TAIL.getVolatile(this) == head && !isReady();
    }
}
