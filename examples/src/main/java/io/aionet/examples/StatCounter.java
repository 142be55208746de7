package io.aionet.examples;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A statistic with one writer (a server thread) and any number of readers: the writer adds with an
 * opaque store (a plain 64-bit store on x86, no fence on the per-message path), readers take an opaque
 * load — atomic and eventually up to date, with no ordering against other memory, which a counter
 * does not need. Final values are exact once the writer's thread has been joined.
 */
final class StatCounter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(StatCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Writer thread only: adds {@code n} (opaque store; pairs with the readers' opaque loads). */
    void add(long n) {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + n);
    }

    /** Any thread: the value (opaque load). */
    long get() {
        return (long) VALUE.getOpaque(this);
    }
}
