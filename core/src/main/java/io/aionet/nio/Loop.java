package io.aionet.nio;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread of a channel group: it owns one {@link EventChannel} (one io_uring) and runs its loop —
 * Drepper's {@code ec_delay} / {@code ec_next_event} — dispatching each completion to the channel whose
 * slot its tag names. Other threads hand work over with {@link #execute(Runnable)}: a lock-free queue
 * and one {@link EventChannel#post(long)} per batch (no post while one is already on its way).
 *
 * <p>Tags: {@code slot << 8 | op}; slots are reused only after their channel closed, and a closed
 * socket reports no completion afterwards, so a tag never reaches the wrong channel.
 */
final class Loop implements Runnable {
    /** The tag of the posted "tasks are queued" event (slot tags are never negative). */
    private static final long TASKS = Long.MIN_VALUE;
    /** The longest sleep when nothing is due, so that a stop request is seen even without a post. */
    private static final long IDLE_WAIT_NANOS = 1_000_000_000L;

    /** The loop the current thread runs, or {@code null}. */
    private static final ThreadLocal<Loop> CURRENT = new ThreadLocal<>();

    /** What a channel does with its completions. */
    interface Slot {
        /** A completion of operation {@code op} with the kernel's {@code result} ({@code -errno} on failure). */
        void onCompletion(int op, int result, int flags);
    }

    /** A deadline on the loop's own clock (write timeouts); cancelled ones stay queued until due. */
    static final class Deadline implements Comparable<Deadline> {
        final long at;
        final Runnable action;
        boolean cancelled;

        Deadline(long at, Runnable action) {
            this.at = at;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Deadline o) {
            return Long.compare(at, o.at);
        }
    }

    final AionetChannelGroup group;
    final int index;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    private volatile EventChannel channel;
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile boolean ended;
    private Slot[] slots = new Slot[64];
    private int[] freeSlots = new int[64];
    private int freeTop;
    private int nextSlot;

    Loop(AionetChannelGroup group, int index) {
        this.group = group;
        this.index = index;
    }

    /** The loop of the calling thread, or {@code null} when it runs none. */
    static Loop current() {
        return CURRENT.get();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The event channel this loop owns (for code running on the loop). */
    EventChannel channel() {
        return channel;
    }

    /** Waits until the loop's channel exists; rethrows why it could not be made. */
    void awaitStarted() throws java.io.IOException {
        try {
            started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the channel group starts");
        } catch (ExecutionException e) {
            throw new java.io.IOException("a channel group thread could not create its event channel", e.getCause());
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        CURRENT.set(this);
        AionetChannelGroup.enterGroupThread(group);
        EventChannel ch;
        try {
            ch = EventChannel.create();
        } catch (Throwable t) {
            ended = true;
            started.completeExceptionally(t);
            group.loopEnded(this);
            return;
        }
        channel = ch;
        started.complete(null);
        Event e = new Event();
        try {
            while (true) {
                runTasks();
                if (stopping && tasks.isEmpty()) {
                    break;
                }
                ch.await(1, nextWait());
                while (ch.next(e)) {
                    dispatch(e);
                }
                runDeadlines();
            }
        } catch (Throwable t) {
            Thread.UncaughtExceptionHandler h = thread.getUncaughtExceptionHandler();
            h.uncaughtException(thread, t);
        } finally {
            ended = true;
            runTasks(); // close requests that raced with the stop
            ch.close();
            CURRENT.remove();
            group.loopEnded(this);
        }
    }

    private void dispatch(Event e) {
        if (e.kind() == EventKind.USER && e.tag() == TASKS) {
            wakePending.set(false); // before draining: a task queued from now on posts again
            runTasks();
            return;
        }
        if (e.kind() != EventKind.COMPLETION) {
            return; // overflow reports and the like: the completions themselves are not lost
        }
        long tag = e.tag();
        int id = (int) (tag >>> 8);
        if (tag < 0 || id >= nextSlot) {
            return;
        }
        Slot s = slots[id];
        if (s != null) {
            s.onCompletion((int) (tag & 0xff), e.result(), e.flags());
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (Throwable t) {
                thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
            }
        }
    }

    private long nextWait() {
        Deadline d;
        while ((d = deadlines.peek()) != null && d.cancelled) {
            deadlines.poll();
        }
        if (d == null) {
            return IDLE_WAIT_NANOS;
        }
        return Math.max(1, Math.min(IDLE_WAIT_NANOS, d.at - System.nanoTime()));
    }

    private void runDeadlines() {
        if (deadlines.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Deadline d;
        while ((d = deadlines.peek()) != null && (d.cancelled || d.at - now <= 0)) {
            deadlines.poll();
            if (!d.cancelled) {
                d.action.run();
            }
        }
    }

    /** Runs {@code action} on the loop after {@code nanos}; loop thread only. */
    Deadline schedule(long nanos, Runnable action) {
        Deadline d = new Deadline(System.nanoTime() + nanos, action);
        deadlines.add(d);
        return d;
    }

    /** Gives {@code s} a slot; loop thread only. Its completions carry tags made by {@link #tag}. */
    int register(Slot s) {
        int id;
        if (freeTop > 0) {
            id = freeSlots[--freeTop];
        } else {
            id = nextSlot++;
            if (id >= slots.length) {
                slots = java.util.Arrays.copyOf(slots, slots.length * 2);
                freeSlots = java.util.Arrays.copyOf(freeSlots, slots.length);
            }
        }
        slots[id] = s;
        return id;
    }

    /** Frees a slot of a channel that closed (its socket reports nothing more); loop thread only. */
    void unregister(int id) {
        if (id >= 0 && slots[id] != null) {
            slots[id] = null;
            freeSlots[freeTop++] = id;
        }
    }

    static long tag(int slot, int op) {
        return ((long) slot << 8) | op;
    }

    /**
     * Runs {@code r} on the loop: at once when called there, else queued and the loop woken.
     *
     * @throws RejectedExecutionException when the loop has ended
     */
    void run(Runnable r) {
        if (inLoop()) {
            r.run();
        } else {
            execute(r);
        }
    }

    /** Queues {@code r} for the loop (always queued, even from the loop itself). */
    void execute(Runnable r) {
        if (ended) {
            throw new RejectedExecutionException("the channel group thread has ended");
        }
        tasks.add(r);
        if (!wakePending.getAndSet(true)) {
            try {
                channel.post(TASKS);
            } catch (IllegalStateException closed) {
                if (tasks.remove(r)) {
                    throw new RejectedExecutionException("the channel group thread has ended");
                }
            }
        }
    }

    /** Runs {@code c} on the loop and waits for its result (at once when called on the loop). */
    <T> T call(Callable<T> c) throws java.io.IOException {
        if (inLoop()) {
            try {
                return c.call();
            } catch (java.io.IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the channel group thread");
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof java.io.IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new java.io.IOException(t);
        }
    }

    /** Asks the loop to end once its queued tasks ran. */
    void stop() {
        stopping = true;
        try {
            execute(() -> { });
        } catch (RejectedExecutionException alreadyEnded) {
            // nothing to wake
        }
    }

    boolean isEnded() {
        return ended;
    }
}
