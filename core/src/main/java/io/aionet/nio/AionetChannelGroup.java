package io.aionet.nio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ShutdownChannelGroupException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link AsynchronousChannelGroup} of aionet loops: N group threads, each owning one event channel
 * (one io_uring) and running its loop; channels are spread across them round-robin and every
 * operation of a channel is submitted on its loop's channel (Drepper's {@code SIGEV_EC}: completions
 * go to a named channel). Work from other threads is handed over with {@code post}.
 *
 * <p>Handlers: in a group made from a thread count and a {@link ThreadFactory} the loop threads run
 * the completion handlers themselves, as the JDK's fixed thread pool groups do; in a group made from
 * an {@link ExecutorService} the handlers run on that executor, and the group shuts it down when it
 * terminates. A handler whose operation completes at once (a closed channel, nothing to read) runs
 * directly when the initiating thread is a thread of the group (at most {@value #MAX_DIRECT_DEPTH}
 * deep), otherwise on a group thread.
 */
final class AionetChannelGroup extends AsynchronousChannelGroup {
    /** How deep handlers that complete at once may nest on one thread before they are queued instead. */
    static final int MAX_DIRECT_DEPTH = 16;

    /** The group of the current thread and how deep direct handler calls nest on it. */
    private static final class Identity {
        AionetChannelGroup group;
        int depth;
    }

    private static final ThreadLocal<Identity> IDENTITY = ThreadLocal.withInitial(Identity::new);

    private final Loop[] loops;
    private final ExecutorService executor;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Set<Closeable> channels = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicInteger loopsRunning;
    private volatile boolean shutdown;
    private boolean terminating;

    /**
     * @param loopCount     group threads (event channels)
     * @param factory       makes the group threads
     * @param executor      runs the handlers, or {@code null} for the loop threads
     */
    AionetChannelGroup(AionetAsynchronousChannelProvider provider, int loopCount, ThreadFactory factory,
                       ExecutorService executor) throws IOException {
        super(provider);
        this.executor = executor;
        this.loops = new Loop[loopCount];
        this.loopsRunning = new AtomicInteger(loopCount);
        List<Thread> threads = new ArrayList<>(loopCount);
        for (int i = 0; i < loopCount; i++) {
            loops[i] = new Loop(this, i);
            Thread t = factory.newThread(loops[i]);
            if (t == null) {
                throw new IOException("the thread factory made no thread");
            }
            if (t.isVirtual()) {
                // the kernel ties a SINGLE_ISSUER ring to one OS thread; a virtual thread moves between carriers
                throw new IllegalArgumentException("group threads must be platform threads: each owns an io_uring");
            }
            threads.add(t);
        }
        for (Thread t : threads) {
            t.start();
        }
        IOException failure = null;
        for (Loop l : loops) {
            try {
                l.awaitStarted();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            shutdownNow();
            throw failure;
        }
    }

    /** Marks the current thread as a thread of {@code g} (a loop thread, or a handler task on its executor). */
    static void enterGroupThread(AionetChannelGroup g) {
        IDENTITY.get().group = g;
    }

    private boolean onGroupThread() {
        return IDENTITY.get().group == this;
    }

    /** The loop a new channel goes to: round-robin. */
    Loop nextLoop() {
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    int loopCount() {
        return loops.length;
    }

    /**
     * Adds an open channel, so that {@link #shutdownNow()} can close it and termination waits for it.
     *
     * @throws ShutdownChannelGroupException when the group is shut down
     */
    void register(Closeable channel) {
        synchronized (lock) {
            if (shutdown) {
                throw new ShutdownChannelGroupException();
            }
            channels.add(channel);
        }
    }

    /** A channel closed: the group may now terminate. */
    void deregister(Closeable channel) {
        synchronized (lock) {
            channels.remove(channel);
        }
        maybeTerminate();
    }

    private void maybeTerminate() {
        synchronized (lock) {
            if (!shutdown || !channels.isEmpty() || terminating) {
                return;
            }
            terminating = true;
        }
        for (Loop l : loops) {
            l.stop();
        }
    }

    void loopEnded(Loop l) {
        if (loopsRunning.decrementAndGet() == 0) {
            if (executor != null) {
                executor.shutdown();
            }
            terminated.countDown();
        }
    }

    // ---------------------------------------------------------------- handler invocation

    /** Invokes a handler for an operation that completed on loop {@code from} (called on that loop). */
    <V, A> void complete(CompletionHandler<V, ? super A> h, A att, V value, Throwable exc) {
        if (executor == null) {
            invokeDirect(h, att, value, exc);
            return;
        }
        try {
            executor.execute(() -> {
                enterGroupThread(this);
                invokeDirect(h, att, value, exc);
            });
        } catch (RejectedExecutionException e) {
            invokeDirect(h, att, value, exc); // the executor is shutting down: the loop thread runs it
        }
    }

    /**
     * Invokes a handler for an operation that completed at once, on the initiating thread: directly on a
     * group thread (bounded depth), else on a group thread.
     *
     * @throws ShutdownChannelGroupException when no group thread is left to run it
     */
    <V, A> void invokeImmediate(Loop preferred, CompletionHandler<V, ? super A> h, A att, V value, Throwable exc) {
        Identity id = IDENTITY.get();
        if (id.group == this && id.depth < MAX_DIRECT_DEPTH) {
            invokeDirect(h, att, value, exc);
            return;
        }
        try {
            if (executor != null) {
                executor.execute(() -> {
                    enterGroupThread(this);
                    invokeDirect(h, att, value, exc);
                });
            } else {
                preferred.execute(() -> invokeDirect(h, att, value, exc));
            }
        } catch (RejectedExecutionException e) {
            if (id.group == this) {
                invokeDirect(h, att, value, exc);
            } else {
                throw new ShutdownChannelGroupException();
            }
        }
    }

    private static <V, A> void invokeDirect(CompletionHandler<V, ? super A> h, A att, V value, Throwable exc) {
        Identity id = IDENTITY.get();
        id.depth++;
        try {
            if (exc == null) {
                h.completed(value, att);
            } else {
                h.failed(exc, att);
            }
        } catch (Throwable t) {
            Thread me = Thread.currentThread();
            me.getUncaughtExceptionHandler().uncaughtException(me, t);
        } finally {
            id.depth--;
        }
    }

    // ---------------------------------------------------------------- AsynchronousChannelGroup

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** No new channels; the group terminates once every channel of it is closed. */
    @Override
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
        }
        maybeTerminate();
    }

    /** Shuts down and closes every open channel: their pending operations fail with {@code AsynchronousCloseException}. */
    @Override
    public void shutdownNow() throws IOException {
        synchronized (lock) {
            shutdown = true;
        }
        for (Closeable c : List.copyOf(channels)) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing regardless
            }
        }
        maybeTerminate();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    @Override
    public String toString() {
        return "AionetChannelGroup[loops=" + loops.length + (executor != null ? ", executor" : "")
                + (isTerminated() ? ", terminated" : shutdown ? ", shutdown" : "") + "]";
    }
}
