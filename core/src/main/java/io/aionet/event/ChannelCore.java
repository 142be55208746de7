package io.aionet.event;

import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.CompletionHandler;
import io.aionet.backend.Feature;
import io.aionet.event.spi.EventSink;
import io.aionet.event.spi.OperationHost;
import io.aionet.event.spi.SlotTable;
import io.aionet.internal.Owner;
import io.aionet.internal.concurrent.MpscLongQueue;

import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The machinery behind an {@link EventChannel}: its backend, the registry of sources by tag, the slot
 * table, and the completion pump that turns what the backend reaps into pending events. Sources see it
 * as their {@link SourceHost}, the socket layer's operations as their {@link OperationHost}.
 */
final class ChannelCore implements SourceHost, OperationHost, CompletionHandler {
    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(ChannelCore.class, "sleeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Resolved at class initialization: an overflow may come while the process is out of descriptors. */
    private static final System.Logger LOG = io.aionet.internal.Log.EVENT;

    final EventChannel channel;
    final Backend backend;
    final Thread owner;
    final PendingEvents pending = new PendingEvents();
    final SlotTable table = new SlotTable(pending);
    final MpscLongQueue posted;
    final Map<Long, Source> byTag = new HashMap<>();
    private final ArrayDeque<FdSource> rearms = new ArrayDeque<>();
    private final Runnable overflowHandler;
    private final boolean multishotTimeouts;
    /** Inside {@link #pump()}: completions are being decoded. */
    private boolean pumping;
    /** {@code user_data} of periodic timeouts that ticked after being removed or re-armed. */
    private long[] staleTimers = new long[16];
    private int staleTimerCount;
    private boolean overflowReported;
    long overflows;
    /** Events taken with next(); owner thread, read racily by the JFR hook. */
    long events;
    /** Times await() blocked in the kernel. */
    long waits;
    /** The JFR hook's view of this channel, registered while the channel is open. */
    final io.aionet.internal.jfr.Jfr.ChannelCounters counters = this::fill;
    SweepSource sweep;
    /** 1 while the owner may block: a post must then wake the backend. */
    @SuppressWarnings("unused")
    private volatile int sleeping;
    volatile boolean closed;
    /** Open-resource accounting and the opt-in leak detector; set once the channel exists. */
    io.aionet.internal.Resources.Handle tracker;

    ChannelCore(EventChannel channel, Backend backend, EventChannelOptions o) {
        this.channel = channel;
        this.backend = backend;
        this.owner = Thread.currentThread();
        this.posted = new MpscLongQueue(o.postCapacity);
        this.overflowHandler = o.overflowHandler;
        this.multishotTimeouts = backend.supports(Feature.MULTISHOT_TIMEOUT);
    }

    // ================================================================ SourceHost / OperationHost

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public SlotTable table() {
        return table;
    }

    @Override
    public EventSink sink() {
        return pending;
    }

    @Override
    public PendingEvents pending() {
        return pending;
    }

    @Override
    public boolean multishotTimeouts() {
        return multishotTimeouts;
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public void rearmLater(FdSource s) {
        rearms.add(s);
    }

    @Override
    public void removeTimerAgain(long userData) {
        if (staleTimerCount == staleTimers.length) {
            staleTimers = java.util.Arrays.copyOf(staleTimers, staleTimers.length * 2);
        }
        staleTimers[staleTimerCount++] = userData;
    }

    @Override
    public void sweepDescriptors(PendingEvents out) {
        List<Source> gone = null;
        for (Source s : byTag.values()) {
            if (s.watchesDescriptor() && s instanceof FdSource f && !f.stillSameFile()) {
                if (gone == null) {
                    gone = new ArrayList<>();
                }
                gone.add(s);
            }
        }
        if (gone != null) {
            for (Source s : gone) {
                byTag.remove(s.tag);
                retire(s);
                out.add(EventKind.ERROR, s.tag, -Errno.EBADF, 0, null);
            }
        }
    }

    @Override
    public void submitNow() {
        submitQuietly();
    }

    @Override
    public void checkOwner() {
        Owner.check(owner, "this EventChannel");
        if (closed) {
            throw new IllegalStateException("EventChannel is closed");
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private final Map<Class<?>, Object> extensions = new HashMap<>(4);

    @Override
    public <T> T extension(Class<T> type, java.util.function.Function<EventChannel, T> make) {
        Object x = extensions.get(type);
        if (x == null) {
            x = java.util.Objects.requireNonNull(make.apply(channel), "extension");
            extensions.put(type, x);
        }
        return type.cast(x);
    }

    @Override
    public void waitForCompletions(long timeoutNanos) {
        if (pumping) {
            throw new IllegalStateException("cannot wait for completions inside a completion handler");
        }
        rearmLevel();
        submitQuietly();
        long before = dispatched;
        pump();
        if (dispatched != before || timeoutNanos <= 0) {
            return;
        }
        waits++;
        try {
            backend.submitAndWait(1, timeoutNanos);
        } catch (LinuxException ex) {
            throw new UncheckedIOException(ex);
        }
        pump();
    }

    @Override
    public String toString() {
        return channel.toString();
    }

    // ================================================================ registry

    void register(Source s) {
        table.attach(s);
        byTag.put(s.tag, s);
    }

    void retire(Source s) {
        s.markRemoved();
        s.cancel();
        table.remove(s);
    }

    // ================================================================ the pump

    /**
     * Decodes every completion the backend holds into pending events. Not re-entrant: sources may
     * make new requests while it runs (re-arms), and those must not reap underneath it.
     */
    void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            backend.reap(this, Integer.MAX_VALUE);
        } catch (LinuxException e) {
            throw new UncheckedIOException(e);
        } finally {
            pumping = false;
        }
        while (staleTimerCount > 0) {
            // A periodic timeout the program removed or re-armed ticked again: the kernel takes a
            // multishot timeout off its list while it fires, so a remove that arrived in that window
            // found nothing (-ENOENT). Remove it again now that it is back on the list.
            backend.timeoutRemove(SlotTable.INTERNAL, staleTimers[--staleTimerCount]);
        }
    }

    @Override
    public void complete(long userData, int res, int flags) {
        dispatched++;
        table.dispatch(userData, res, flags);
    }

    /** Completions dispatched so far (tells {@link #waitForCompletions} whether a round brought any). */
    private long dispatched;

    void submitQuietly() {
        try {
            int r = backend.submit();
            if ((r == -Errno.EAGAIN || r == -Errno.EBUSY) && !pumping) {
                pump(); // the kernel wants room in the completion queue first
                backend.submit();
            }
        } catch (LinuxException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Arms the level-triggered sources that reported in the round that just ended; true if any. */
    boolean rearmLevel() {
        boolean any = false;
        FdSource s;
        while ((s = rearms.poll()) != null) {
            if (!s.isRemoved() && !s.armed) {
                s.arm();
                any = true;
            }
        }
        return any;
    }

    // ================================================================ next / await

    boolean next(Event e) {
        if ((int) SLEEPING.getOpaque(this) != 0) {
            SLEEPING.setVolatile(this, 0);
        }
        if (checkOverflow(e)) {
            return true;
        }
        if (pending.isEmpty()) {
            pump();
        }
        if (take(e)) {
            return true;
        }
        // nothing without the kernel: submit what is queued and collect what it holds (one system call)
        submitQuietly();
        pump();
        if (take(e)) {
            return true;
        }
        // announce that the owner may now wait elsewhere (fd()); a post after this wakes it
        SLEEPING.setVolatile(this, 1);
        if (posted.isReady()) {
            SLEEPING.setVolatile(this, 0);
            return take(e);
        }
        if (rearmLevel()) {
            submitQuietly();
        }
        return false;
    }

    /** Hands out a decoded event, else a posted tag (straight from the queue, no copy); false if neither. */
    private boolean take(Event e) {
        if (!pending.isEmpty()) {
            pending.pollInto(e);
            return true;
        }
        if (posted.isReady()) {
            e.set(EventKind.USER, posted.poll(), 0, 0, null);
            return true;
        }
        return false;
    }

    int await(int min, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            rearmLevel();
            submitQuietly();
            pump();
            int ready = pending.size() + (overflowDue() ? 1 : 0);
            if (ready < min && posted.isReady()) {
                while (posted.isReady()) { // count them: they join the decoded events, in order
                    pending.add(EventKind.USER, posted.poll(), 0, 0, null);
                }
                ready = pending.size() + (overflowDue() ? 1 : 0);
            } else if (posted.isReady()) {
                ready++;
            }
            if (ready >= min) {
                return ready;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return ready;
            }
            SLEEPING.setVolatile(this, 1);
            if (!posted.isEmpty()) { // a post raced with the announcement: don't sleep
                SLEEPING.setVolatile(this, 0);
                continue;
            }
            waits++;
            try {
                backend.submitAndWait(1, left);
            } catch (LinuxException ex) {
                throw new UncheckedIOException(ex);
            } finally {
                SLEEPING.setVolatile(this, 0);
            }
        }
    }

    // ================================================================ posts from any thread

    boolean offer(long tag) {
        if (!posted.offer(tag)) {
            return false;
        }
        // The queue's CAS (a full fence) orders the offer before this read; pairs with the owner's
        // volatile store of sleeping = 1 followed by its re-check of the queue.
        if ((int) SLEEPING.getVolatile(this) != 0) {
            wakeOwner();
        }
        return true;
    }

    void wakeOwner() {
        if (SLEEPING.compareAndSet(this, 1, 0)) {
            backend.wakeup();
        }
    }

    // ================================================================ overflow

    private boolean overflowDue() {
        return backend.overflowPending() && !overflowReported;
    }

    private boolean checkOverflow(Event e) {
        if (backend.overflowPending()) {
            if (!overflowReported) {
                overflowReported = true;
                overflows++;
                if (overflows == 1) { // once per channel: an overflow is rare, and its count is in stats()
                    LOG.log(System.Logger.Level.WARNING, "event channel owned by \"{0}\" "
                            + "({1}): the completion ring overflowed; completions wait in the kernel until the program "
                            + "takes events (none is lost). Take events sooner or size the ring larger "
                            + "(EventChannelOptions.completionEntries); later overflows are counted in stats()",
                            owner.getName(), backend.kind().label());
                }
                if (overflowHandler != null) {
                    overflowHandler.run();
                }
                e.set(EventKind.OVERFLOW, 0, 0, 0, null);
                return true;
            }
        } else {
            overflowReported = false;
        }
        return false;
    }

    // ================================================================ close

    private void fill(io.aionet.internal.jfr.ChannelStatisticsEvent e) {
        e.owner = owner.getName();
        e.backend = backend.kind().label();
        e.events = events;
        e.waits = waits;
        e.overflows = overflows;
        e.sources = byTag.size();
    }

    void close() {
        closed = true;
        io.aionet.internal.jfr.Jfr.unregister(counters);
        if (tracker != null) {
            tracker.close();
        }
        for (Source s : new ArrayList<>(byTag.values())) {
            s.markRemoved();
            s.cancel();
        }
        byTag.clear();
        if (sweep != null) {
            sweep.markRemoved();
            sweep.cancel();
        }
        table.removeAll(); // operations too: they stop making requests, and still see their completions
        drain();
        pending.clear();
        backend.close(); // whatever is still in flight: cancel-all, bounded wait, then release and close
        table.retireAll(); // the kernel holds none of their requests now: close what they own
    }

    /**
     * Cancels everything still in the kernel and reaps the completions through the slots, so that
     * operations learn their requests ended (a send hands its DMA buffer back) before the backend goes.
     * Bounded: two seconds at most.
     */
    private void drain() {
        try {
            backend.cancelAll(SlotTable.DRAIN);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (backend.inFlight() > 0 && System.nanoTime() < deadline) {
                backend.submitAndWait(1, 50_000_000L);
                pump();
            }
        } catch (LinuxException | RuntimeException e) {
            // the backend's own close below still cancels and waits
        }
    }
}
