package io.aionet.nio;

import java.nio.channels.CompletionHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A completion handler that records its outcome, its attachment and the thread that ran it. */
final class Capture<V> implements CompletionHandler<V, Object> {
    final CompletableFuture<V> outcome = new CompletableFuture<>();
    volatile Thread thread;
    volatile Object attachment;

    @Override
    public void completed(V result, Object att) {
        thread = Thread.currentThread();
        attachment = att;
        outcome.complete(result);
    }

    @Override
    public void failed(Throwable exc, Object att) {
        thread = Thread.currentThread();
        attachment = att;
        outcome.completeExceptionally(exc);
    }

    /** The result, waiting at most 10 s. */
    V result() throws Exception {
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed instead of completing", e.getCause());
        }
    }

    /** The failure, waiting at most 10 s. */
    Throwable failure() throws Exception {
        try {
            V v = outcome.get(10, TimeUnit.SECONDS);
            throw new AssertionError("completed with " + v + " instead of failing");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** True when nothing arrived within {@code millis}. */
    boolean stillPending(long millis) throws Exception {
        try {
            outcome.get(millis, TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
