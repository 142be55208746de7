package io.aionet.nio;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Future} of an operation started without a handler. {@code cancel} follows the JDK: the
 * channel disallows further operations of that kind (the I/O may have happened), and
 * {@code cancel(true)} also closes the channel.
 */
final class IoFuture<V> implements Future<V>, Done<V> {
    /** What a cancel tells the channel. */
    interface Cancellable {
        void onCancel(int op);

        void close() throws IOException;
    }

    private final Cancellable channel;
    private final int op;
    private boolean finished;
    private boolean cancelled;
    private V value;
    private Throwable exc;

    IoFuture(Cancellable channel, int op) {
        this.channel = channel;
        this.op = op;
    }

    static <V> IoFuture<V> of(V value, Throwable exc) {
        IoFuture<V> f = new IoFuture<>(null, 0);
        f.done(value, exc);
        return f;
    }

    @Override
    public synchronized void done(V v, Throwable e) {
        if (finished) {
            return;
        }
        finished = true;
        value = v;
        exc = e;
        notifyAll();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        synchronized (this) {
            if (finished) {
                return false;
            }
            if (channel != null) {
                channel.onCancel(op);
            }
            finished = true;
            cancelled = true;
            notifyAll();
        }
        if (mayInterruptIfRunning && channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the cancel stands
            }
        }
        return true;
    }

    @Override
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public synchronized boolean isDone() {
        return finished;
    }

    @Override
    public synchronized V get() throws InterruptedException, ExecutionException {
        while (!finished) {
            wait();
        }
        return result();
    }

    @Override
    public synchronized V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
            TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!finished) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return result();
    }

    private V result() throws ExecutionException {
        if (cancelled) {
            throw new CancellationException();
        }
        if (exc != null) {
            throw new ExecutionException(exc);
        }
        return value;
    }
}
