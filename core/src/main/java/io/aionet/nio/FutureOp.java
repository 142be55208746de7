package io.aionet.nio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The future of one operation of a {@link FutureSocket} or {@link FutureServerSocket}: completed on the
 * channel's loop thread, or through the socket's executor; its {@link #cancel} also cancels the request
 * in the kernel. Operations of one kind run one after another ({@link Serial}): one that is cancelled
 * stays the channel's until the kernel has let go of it, and an operation started meanwhile waits for
 * that instead of failing.
 */
abstract class FutureOp<V> extends CompletableFuture<V> implements Done<Object> {
    private final Executor executor;
    private final Serial serial;
    /** The operation of the same kind started after this one while this one was still the channel's. */
    FutureOp<?> next;
    private static final int OPEN = 0, CLAIMED = 1, CANCELLED = 2;
    private static final java.lang.invoke.VarHandle STATE;

    static {
        try {
            STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(FutureOp.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@link #OPEN}, then {@link #CLAIMED} by the loop thread or {@link #CANCELLED} by a canceller (CAS). */
    private volatile int state;

    FutureOp(Serial serial, Executor executor) {
        this.serial = serial;
        this.executor = executor;
    }

    /** Hands the operation to the channel (on any thread; the channel hands it on to its loop). */
    abstract void start();

    /** Asks the kernel to cancel the operation's request. */
    abstract void cancelInKernel();

    /** The channel's outcome as this future's value (may start a continuation instead: return false). */
    abstract boolean settle(Object value, Throwable exc);

    /**
     * Cancels unless the loop thread has {@linkplain #claim() claimed} the outcome: a read whose bytes
     * are being copied into the caller's buffer is no longer cancellable (its bytes would be lost).
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!STATE.compareAndSet(this, OPEN, CANCELLED)) {
            return false; // claimed: the outcome is on its way (or cancelled already)
        }
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            cancelInKernel();
        }
        return cancelled;
    }

    @Override
    public boolean abandoned() {
        return state == CANCELLED || isDone();
    }

    @Override
    public boolean claim() {
        // pairs with cancel's CAS: exactly one of the two wins the OPEN state
        return STATE.compareAndSet(this, OPEN, CLAIMED) || (state == CLAIMED && !isDone());
    }

    @Override
    public Executor defaultExecutor() {
        return executor != null ? executor : super.defaultExecutor();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependants are plain futures: cancelling one does not reach the kernel
    }

    @Override
    public final void done(Object value, Throwable exc) {
        if (!settle(value, exc)) {
            return; // continued (a write with bytes left)
        }
        serial.finished(this);
    }

    /** Completes this future as the socket's rule says: on the calling (loop) thread, or on the executor. */
    final void deliver(Consumer<FutureOp<V>> completion) {
        if (executor == null) {
            completion.accept(this);
            return;
        }
        try {
            executor.execute(() -> completion.accept(this));
        } catch (RuntimeException rejected) {
            completion.accept(this); // the executor is shut down: the loop thread completes it
        }
    }

    @SuppressWarnings("unchecked")
    final void succeed(Object value) {
        deliver(f -> f.complete((V) value));
    }

    final void fail(Throwable exc) {
        deliver(f -> f.completeExceptionally(exc));
    }

    /**
     * One operation of a kind at a time: starting one while another is pending throws {@code pending}
     * (the JDK's {@code ReadPendingException} and the like), unless the other was cancelled and only
     * waits for the kernel — then the new one runs once it is over.
     */
    static final class Serial {
        private FutureOp<?> last;

        void begin(FutureOp<?> op, java.util.function.Supplier<RuntimeException> pending) {
            FutureOp<?> before;
            synchronized (this) {
                before = last;
                if (before != null && !before.isDone()) {
                    throw pending.get();
                }
                last = op;
                if (before != null) {
                    before.next = op;
                    return; // started by finished(before)
                }
            }
            try {
                op.start(); // misuse the channel finds (a write after a cancelled one) throws to the caller
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (last == op) {
                        last = null;
                    }
                }
                throw e;
            }
        }

        void finished(FutureOp<?> op) {
            FutureOp<?> n;
            synchronized (this) {
                n = op.next;
                op.next = null;
                if (last == op) {
                    last = null;
                }
            }
            if (n != null) {
                launch(n);
            }
        }

        /** Starts an operation that waited for a cancelled one: what it throws fails its future. */
        private static void launch(FutureOp<?> op) {
            try {
                op.start();
            } catch (RuntimeException e) {
                op.done(null, e);
            }
        }
    }
}
