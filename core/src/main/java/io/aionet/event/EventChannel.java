package io.aionet.event;

import io.aionet.Errno;
import io.aionet.internal.concurrent.MpscLongQueue;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Stat;
import io.aionet.uring.CqeHandler;
import io.aionet.uring.IoUring;
import io.aionet.uring.IoUringConstants;
import io.aionet.uring.Sqe;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.aionet.uring.IoUringConstants.IORING_CQE_F_MORE;

/**
 * Drepper's event channel: one queue that every event source reports to — descriptor readiness,
 * timers, user events from any thread, messages from other channels, signals, file-system changes,
 * message queues, futexes and the completions of asynchronous operations — delivered as one uniform
 * {@link Event}. The five calls of the proposal:
 * <ul>
 *   <li>{@code ec_create}: {@link #create(EventChannelOptions)} (the program sizes the ring);</li>
 *   <li>{@code ec_next_event}: {@link #next(Event)} — no system call while an event is queued, no allocation;</li>
 *   <li>{@code ec_delay}: {@link #await(int, long)} — kevent's "requested number, or timeout";</li>
 *   <li>{@code ec_to_fd}: {@link #fd()} — readable while events are pending, for poll/epoll/select;</li>
 *   <li>{@code ec_destroy}: {@link #close()} — cancels and drains everything registered.</li>
 * </ul>
 * Sources follow kevent: each is added with a 64-bit tag, modified and removed by that tag, and
 * descriptor interests come in {@link Trigger one-shot, edge and level} modes.
 *
 * <p>It is one io_uring instance: its completion queue is the ring of uniform records in program
 * memory. The thread that creates a channel owns it; every method but {@link #post(long)} (and the
 * read-only accessors) must be called on that thread. With {@link IoUring} rings created by a platform
 * thread the channel uses {@code SINGLE_ISSUER | DEFER_TASKRUN}; a virtual-thread owner gets a ring
 * without them (the kernel ties such rings to one OS thread).
 *
 * {@snippet :
 * try (EventChannel ch = EventChannel.create(EventChannelOptions.defaults())) {
 *     ch.addTimer(1, 10_000_000L, 0, TimerClock.MONOTONIC, false);   // 10 ms, one-shot
 *     ch.addFd(socketFd, Readiness.READ, Trigger.EDGE, 2);
 *     Event e = new Event();
 *     while (running) {
 *         ch.await(1, 1_000_000_000L);
 *         while (ch.next(e)) {
 *             switch (e.kind()) {
 *                 case TIMER -> onTimer(e.tag());
 *                 case FD_READY -> onReadable(e.tag(), e.readiness());
 *                 default -> { }
 *             }
 *         }
 *     }
 * }
 * }
 */
public final class EventChannel implements AutoCloseable {
    /** {@code user_data} of the channel's own bookkeeping requests (cancellations): slot 0, ignored. */
    static final long INTERNAL = 0;

    private static final VarHandle SLEEPING;
    private static final MemorySegment ONE;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(EventChannel.class, "sleeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        ONE = Arena.global().allocate(ValueLayout.JAVA_LONG);
        ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    private final IoUring ring;
    private final Thread owner;
    private final Arena arena;
    final boolean multishotTimeouts;
    private final boolean hasFutex;
    private final PendingEvents pending = new PendingEvents();
    private final MpscLongQueue posted;
    private final Map<Long, Source> byTag = new HashMap<>();
    private Source[] slots = new Source[64];
    private int[] freeSlots = new int[64];
    private int freeTop;
    private int nextSlot = 1; // slot 0 is INTERNAL
    private final WakeSource wake;
    private final SweepSource sweep;
    private final Runnable overflowHandler;
    private final CqeHandler onCqe = this::onCqe;
    private final long[] identity = new long[2];
    private final java.util.ArrayDeque<FdSource> rearms = new java.util.ArrayDeque<>();
    /** Inside {@link #pump()}: completions are being decoded. */
    private boolean pumping;
    /** {@code user_data} of periodic timeouts that ticked after being removed or re-armed. */
    private long[] staleTimers = new long[16];
    private int staleTimerCount;
    private boolean overflowReported;
    private long overflows;
    /** 1 while the owner may block: a post must then write the wake eventfd. */
    @SuppressWarnings("unused")
    private volatile int sleeping;
    private volatile boolean closed;
    /** Open-resource accounting and the opt-in leak detector; set once the channel exists. */
    private io.aionet.internal.Resources.Handle tracker;

    private EventChannel(EventChannelOptions o) throws LinuxException {
        this.owner = Thread.currentThread();
        IoUring.Builder b = IoUring.builder().entries(o.submissionEntries)
                .cqEntries(Math.max(o.completionEntries, o.submissionEntries));
        if (!owner.isVirtual()) {
            b.singleThreaded();
        } else {
            b.flags(IoUringConstants.IORING_SETUP_COOP_TASKRUN | IoUringConstants.IORING_SETUP_SUBMIT_ALL).bestEffort(true);
        }
        this.ring = b.open();
        this.arena = Arena.ofShared();
        boolean ok = false;
        int wakeFd = -1;
        try {
            var probe = ring.probe();
            this.hasFutex = probe.isSupported(IoUringConstants.IORING_OP_FUTEX_WAIT);
            this.multishotTimeouts = kernelAtLeast(6, 4);
            this.posted = new MpscLongQueue(o.postCapacity);
            this.overflowHandler = o.overflowHandler;
            wakeFd = io.aionet.linux.Native.check("eventfd", Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC));
            this.wake = new WakeSource(this, wakeFd, arena.allocate(8));
            allocSlot(wake);
            wake.arm();
            if (o.descriptorCheckNanos > 0) {
                this.sweep = new SweepSource(this, o.descriptorCheckNanos);
                allocSlot(sweep);
            } else {
                this.sweep = null;
            }
            ring.submit();
            ok = true;
            tracker = io.aionet.internal.Resources.track(io.aionet.internal.Resources.Kind.EVENT_CHANNEL, this, "EventChannel[owner=" + owner.getName() + "]");
        } finally {
            if (!ok) {
                ring.close();
                arena.close();
                if (wakeFd >= 0) {
                    Fds.close(wakeFd);
                }
            }
        }
    }

    /**
     * Drepper's {@code ec_create}: a new channel owned by the calling thread.
     *
     * @throws LinuxException when the kernel refuses the ring (io_uring unavailable, limits)
     */
    public static EventChannel create(EventChannelOptions options) throws LinuxException {
        return new EventChannel(options);
    }

    /** {@link #create(EventChannelOptions)} with {@link EventChannelOptions#defaults()}. */
    public static EventChannel create() throws LinuxException {
        return create(EventChannelOptions.defaults());
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = Fds.kernelRelease().split("[.-]");
        try {
            int ma = Integer.parseInt(v[0]);
            int mi = Integer.parseInt(v[1]);
            return ma > major || (ma == major && mi >= minor);
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ================================================================ ec_next_event / ec_delay / ec_to_fd

    /**
     * Drepper's {@code ec_next_event}: fills {@code e} with the next event and returns true, or returns
     * false when none is pending. No system call is made while an event is queued; when none is, one
     * non-blocking {@code io_uring_enter} submits what is prepared and collects what the kernel holds.
     * Allocates nothing.
     */
    public boolean next(Event e) {
        java.util.Objects.requireNonNull(e, "e");
        checkOwner();
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
        // nothing without the kernel: submit what is prepared and collect what it holds (one enter)
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

    /**
     * Drepper's {@code ec_delay}: waits until at least {@code min} events are pending or
     * {@code timeoutNanos} passed, and returns how many are pending (possibly fewer than {@code min}
     * on timeout). Returns at once when enough are pending already.
     */
    public int await(int min, long timeoutNanos) {
        checkOwner();
        if (min < 1) {
            throw new IllegalArgumentException("min must be at least 1: " + min);
        }
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutNanos);
        }
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
            try {
                ring.submitAndWait(1, left);
            } catch (LinuxException ex) {
                throw new UncheckedIOException(ex);
            } finally {
                SLEEPING.setVolatile(this, 0);
            }
        }
    }

    /**
     * Drepper's {@code ec_to_fd}: a descriptor that is readable while the channel holds events the
     * kernel has posted (it is the ring's own descriptor), for use in another loop's
     * poll/epoll/select. When it turns readable, call {@link #next(Event)} until it returns false,
     * then wait on the descriptor again. Posts from other threads make it readable too.
     */
    public int fd() {
        ensureOpen();
        return ring.fd();
    }

    // ================================================================ user events

    /**
     * Posts a user event with {@code tag} to this channel. Safe from any thread; never blocks the
     * caller for long: when the queue is full it waits (spinning, then yielding) for the owner to take
     * events. Allocates nothing.
     *
     * @throws IllegalStateException when the channel is closed
     */
    public void post(long tag) {
        int spins = 0;
        while (!posted.offer(tag)) {
            ensureOpen();
            wakeOwner();
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        ensureOpen();
        // The queue's CAS (a full fence) orders the offer before this read; pairs with the owner's
        // volatile store of sleeping = 1 followed by its re-check of the queue.
        if ((int) SLEEPING.getVolatile(this) != 0) {
            wakeOwner();
        }
    }

    /** Like {@link #post(long)}, but returns false instead of waiting when the queue is full. */
    public boolean tryPost(long tag) {
        ensureOpen();
        if (!posted.offer(tag)) {
            return false;
        }
        if ((int) SLEEPING.getVolatile(this) != 0) {
            wakeOwner();
        }
        return true;
    }

    private void wakeOwner() {
        if (SLEEPING.compareAndSet(this, 1, 0)) {
            Fds.write(wake.eventFd, ONE);
        }
    }

    /**
     * Sends a user event with {@code tag} (and {@code value} as its result) from this channel to
     * {@code target} through the kernel ({@code IORING_OP_MSG_RING}) — SIGEV_EC between channels.
     * Owner thread of this channel only; the target may be owned by any thread.
     */
    public void postTo(EventChannel target, long tag, int value) {
        checkOwner();
        target.ensureOpen();
        sqe().prepMsgRingPosted(target.ring.fd(), value, tag).userData(INTERNAL);
    }

    // ================================================================ descriptor readiness

    /**
     * Registers readiness of descriptor {@code fd} ({@link Readiness} bits) in mode {@code trigger},
     * reported with {@code tag}. The same descriptor may be registered with other channels, and used
     * with poll/select, at the same time.
     *
     * @throws IllegalArgumentException when {@code fd} is not open, the bits are invalid, or the tag is taken
     */
    public void addFd(int fd, int interest, Trigger trigger, long tag) {
        checkOwner();
        int mask = FdSource.pollMask(interest);
        if (trigger == null) {
            throw new IllegalArgumentException("trigger must not be null");
        }
        checkTagFree(tag);
        if (fd < 0 || Stat.identity(fd, identity) < 0) {
            throw new IllegalArgumentException("descriptor " + fd + " is not open");
        }
        FdSource s = new FdSource(this, tag, fd, mask, trigger, identity[0], identity[1]);
        register(s);
        s.arm();
        armSweep();
    }

    /** Changes the interest and mode of the descriptor registered with {@code tag}; re-arms a one-shot. */
    public void modifyFd(long tag, int interest, Trigger trigger) {
        checkOwner();
        int mask = FdSource.pollMask(interest);
        if (!(find(tag) instanceof FdSource s)) {
            throw new IllegalArgumentException("tag " + tag + " is not a descriptor registration");
        }
        if (trigger == null) {
            throw new IllegalArgumentException("trigger must not be null");
        }
        s.cancel();
        s.interest = mask;
        s.trigger = trigger;
        s.arm();
    }

    // ================================================================ timers

    /**
     * Adds a timer reported with {@code tag}: first after {@code delayNanos} (or at that time on
     * {@code clock} when {@code absolute}), then every {@code periodNanos} (0: one-shot).
     */
    public void addTimer(long tag, long delayNanos, long periodNanos, TimerClock clock, boolean absolute) {
        checkOwner();
        checkTimer(delayNanos, periodNanos, clock);
        checkTagFree(tag);
        TimerSource s = new TimerSource(this, tag, delayNanos, periodNanos, clock, absolute);
        register(s);
        s.arm();
    }

    /** Re-arms the timer registered with {@code tag} with a new delay and period (cancelling the pending expiry). */
    public void modifyTimer(long tag, long delayNanos, long periodNanos, boolean absolute) {
        checkOwner();
        if (!(find(tag) instanceof TimerSource s)) {
            throw new IllegalArgumentException("tag " + tag + " is not a timer");
        }
        checkTimer(delayNanos, periodNanos, s.clock);
        s.cancel();
        s.delayNanos = delayNanos;
        s.periodNanos = periodNanos;
        s.absolute = absolute;
        s.arm();
    }

    private static void checkTimer(long delayNanos, long periodNanos, TimerClock clock) {
        if (delayNanos < 0 || periodNanos < 0) {
            throw new IllegalArgumentException("delay and period must not be negative");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
    }

    /** Queues a level-triggered source to poll again at the end of this round. */
    void rearmLater(FdSource s) {
        rearms.add(s);
    }

    /** Arms the level-triggered sources that reported in the round that just ended; true if any. */
    private boolean rearmLevel() {
        boolean any = false;
        FdSource s;
        while ((s = rearms.poll()) != null) {
            if (!s.removed && !s.armed) {
                s.arm();
                any = true;
            }
        }
        return any;
    }

    // ================================================================ signals, files, message queues, futexes

    /**
     * Registers POSIX signal {@code signo} (Drepper's signals as an event-channel source), reported as
     * {@link EventKind#SIGNAL} events with the signal number as result. While registered the signal is
     * blocked for normal delivery in the owner thread and read from a signalfd; a process-directed
     * signal ({@code kill}) is caught by a JVM handler ({@code sun.misc.Signal}) and re-sent to the owner
     * thread; on removal (or {@link #close()}) pending instances are discarded, the mask and the previous
     * handler are restored. Limits: one registration per signal per process; the owner must be a
     * platform thread; threads the owner starts meanwhile inherit the blocked mask; real-time signals
     * (34 to 64) have no JVM handler and are caught only when directed at the owner thread; ordinary
     * signals coalesce (two sent before the channel reads them are one event).
     *
     * {@snippet :
     * ch.addSignal(10, TAG_USR1);          // SIGUSR1
     * // ... kill -USR1 <pid>  ->  Event[SIGNAL, tag=TAG_USR1, result=10]
     * ch.remove(TAG_USR1);                 // SIGUSR1 has its default action again
     * }
     *
     * @throws IllegalArgumentException when {@code signo} is not a signal, is one the JVM needs (SIGSEGV,
     *                                  SIGBUS, SIGFPE, SIGILL, SIGQUIT, SIGUSR2, ...), or the tag is taken
     * @throws IllegalStateException    when the signal is registered already (with any channel) or the
     *                                  owner is a virtual thread
     */
    public void addSignal(int signo, long tag) {
        checkOwner();
        SignalSource.check(signo);
        checkTagFree(tag);
        SignalSource s = SignalSource.open(this, tag, signo);
        register(s);
        s.arm();
    }

    /**
     * Registers file-system notifications on {@code path} (kevent's inode notifications, through
     * inotify): {@code changes} is a set of {@link FileChange} bits; each change is reported as a
     * {@link EventKind#FILE} event whose result is its {@link FileChange} mask, whose
     * {@link Event#name()} names the entry inside a watched directory (the one event that allocates),
     * and whose flags pair the two halves of a rename. The kernel adds {@link FileChange#OVERFLOWED}
     * when its queue overflowed and {@link FileChange#WATCH_GONE} when the path went away.
     *
     * @throws IllegalArgumentException when {@code path} is null or cannot be watched (missing, not
     *                                  accessible), the bits are invalid, or the tag is taken
     */
    public void addPath(java.nio.file.Path path, int changes, long tag) {
        checkOwner();
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        if (changes == 0 || (changes & ~FileChange.VALID) != 0) {
            throw new IllegalArgumentException("changes must be a non-empty set of FileChange bits: 0x"
                    + Integer.toHexString(changes));
        }
        checkTagFree(tag);
        int fd = io.aionet.linux.Inotify.inotify_init1(io.aionet.linux.Inotify.IN_NONBLOCK | io.aionet.linux.Inotify.IN_CLOEXEC);
        if (fd < 0) {
            throw new UncheckedIOException(new LinuxException("inotify_init1", -fd));
        }
        String where = path.toAbsolutePath().toString();
        int wd;
        try (Arena a = Arena.ofConfined()) {
            wd = io.aionet.linux.Inotify.inotify_add_watch(fd, a.allocateFrom(where), changes);
        }
        if (wd < 0) {
            Fds.close(fd);
            LinuxException cause = new LinuxException("inotify_add_watch", -wd);
            if (wd == -Errno.ENOENT || wd == -Errno.EACCES || wd == -Errno.ENOTDIR) {
                throw new IllegalArgumentException("cannot watch " + path + ": " + cause.getMessage(), cause);
            }
            throw new UncheckedIOException(cause);
        }
        FileSource s = new FileSource(this, tag, fd, wd, where);
        register(s);
        s.arm();
    }

    /**
     * Changes the {@link FileChange} bits watched by the path registration {@code tag}; changes already
     * queued by the kernel are still reported.
     *
     * @throws IllegalArgumentException when {@code tag} is not a path registration, the bits are
     *                                  invalid, or the path no longer names the watched file
     */
    public void modifyPath(long tag, int changes) {
        checkOwner();
        if (!(find(tag) instanceof FileSource s)) {
            throw new IllegalArgumentException("tag " + tag + " is not a path registration");
        }
        if (changes == 0 || (changes & ~FileChange.VALID) != 0) {
            throw new IllegalArgumentException("changes must be a non-empty set of FileChange bits: 0x"
                    + Integer.toHexString(changes));
        }
        int wd;
        try (Arena a = Arena.ofConfined()) {
            // without IN_MASK_ADD the new mask replaces the old one of the same inode's watch
            wd = io.aionet.linux.Inotify.inotify_add_watch(s.fd, a.allocateFrom(s.path), changes);
        }
        if (wd < 0 || wd != s.wd) {
            if (wd >= 0) {
                io.aionet.linux.Inotify.inotify_rm_watch(s.fd, wd); // the path names another file now
            }
            throw new IllegalArgumentException("cannot modify the watch of " + s.path + ": "
                    + (wd < 0 ? new LinuxException("inotify_add_watch", -wd).getMessage() : "the path names another file now"));
        }
    }

    /**
     * Registers readiness of a POSIX message queue descriptor {@code mqd} (Drepper's message queues on
     * the event channel): {@link Readiness#READ} when a message waits, {@link Readiness#WRITE} when there
     * is room, reported as {@link EventKind#MQUEUE} events in mode {@code trigger};
     * {@link #modifyFd(long, int, Trigger)} changes the interest. The descriptor stays the caller's.
     *
     * @throws IllegalArgumentException when {@code mqd} is not an open message queue, the bits are
     *                                  invalid, or the tag is taken
     */
    public void addMessageQueue(int mqd, int interest, Trigger trigger, long tag) {
        checkOwner();
        addQueue(mqd, interest, trigger, tag, false);
    }

    /**
     * Opens (creating it, mode 0600, when missing) the POSIX message queue {@code name} non-blocking
     * and registers it like {@link #addMessageQueue(int, int, Trigger, long)}. Returns its
     * descriptor, for {@code mq_receive}/{@code mq_send}; the channel owns it and closes it when the
     * registration is removed or the channel closes (the queue itself stays until {@code mq_unlink}).
     *
     * @throws IllegalArgumentException when the name is not {@code "/name"}, or as for the descriptor form
     * @throws UnsupportedOperationException when this system has no message queues
     */
    public int addMessageQueue(String name, int interest, Trigger trigger, long tag) {
        checkOwner();
        if (name == null || name.length() < 2 || name.charAt(0) != '/' || name.indexOf('/', 1) >= 0
                || name.length() > 255) {
            throw new IllegalArgumentException("a message queue name is \"/name\" (no other '/', at most 255 chars): " + name);
        }
        FdSource.pollMask(interest);
        if (trigger == null) {
            throw new IllegalArgumentException("trigger must not be null");
        }
        checkTagFree(tag);
        int mqd = io.aionet.linux.MessageQueues.mq_open(name,
                Fds.O_RDWR | Fds.O_NONBLOCK | io.aionet.linux.MessageQueues.O_CREAT, 0600, MemorySegment.NULL);
        if (mqd == -Errno.ENOSYS) {
            throw new UnsupportedOperationException("POSIX message queues are not available here");
        }
        if (mqd < 0) {
            LinuxException cause = new LinuxException("mq_open", -mqd);
            if (mqd == -Errno.EACCES || mqd == -Errno.ENOENT || mqd == -Errno.EINVAL) {
                throw new IllegalArgumentException("cannot open message queue " + name + ": " + cause.getMessage(), cause);
            }
            throw new UncheckedIOException(cause);
        }
        boolean ok = false;
        try {
            addQueue(mqd, interest, trigger, tag, true);
            ok = true;
        } finally {
            if (!ok) {
                Fds.close(mqd);
            }
        }
        return mqd;
    }

    private void addQueue(int mqd, int interest, Trigger trigger, long tag, boolean owned) {
        int mask = FdSource.pollMask(interest);
        if (trigger == null) {
            throw new IllegalArgumentException("trigger must not be null");
        }
        checkTagFree(tag);
        try (Arena a = Arena.ofConfined()) {
            int r = mqd < 0 ? -Errno.EBADF
                    : io.aionet.linux.MessageQueues.mq_getattr(mqd, a.allocate(io.aionet.linux.MessageQueues.SIZEOF_mq_attr, 8));
            if (r == -Errno.ENOSYS) {
                throw new UnsupportedOperationException("POSIX message queues are not available here");
            }
            if (r < 0 || Stat.identity(mqd, identity) < 0) {
                throw new IllegalArgumentException("descriptor " + mqd + " is not an open message queue");
            }
        }
        FdSource s = new FdSource(this, tag, mqd, mask, trigger, identity[0], identity[1]);
        s.kind = EventKind.MQUEUE;
        s.ownsFd = owned;
        register(s);
        s.arm();
        armSweep();
    }

    /**
     * Registers the 32-bit futex word {@code word} (Drepper's synchronization primitives on the event
     * channel), kevent-style: a {@link EventKind#FUTEX} event each time the word is woken (and once at
     * once when it no longer holds {@code expected}); the event's result is 0 and its flags carry the
     * word's value observed then, which becomes the value the next wait expects. On Linux 6.7 and later
     * ({@link #hasFutexOps()}) it is an {@code IORING_OP_FUTEX_WAIT} re-armed per wake, woken by any
     * {@code FUTEX_WAKE} on the word, from this process or another mapping it; elsewhere an eventfd
     * semaphore woken only by {@link #wakeFutex} in this process. The word's memory must stay alive
     * until the registration is removed.
     *
     * @throws IllegalArgumentException when the word is not native, not 4-byte aligned, shorter than 4
     *                                  bytes or not alive, or the tag is taken
     */
    public void addFutex(MemorySegment word, int expected, long tag) {
        checkOwner();
        FutexSource.check(word);
        checkTagFree(tag);
        FutexSource s = new FutexSource(this, tag, word, expected, !hasFutex || FutexSource.forceFallback);
        register(s);
        s.arm();
    }

    /**
     * {@code FUTEX_WAKE}: wakes up to {@code count} waiters on {@code word} — threads in
     * {@code futex(2)}, rings' futex waits (any channel's {@link #addFutex} on kernels with futex
     * operations) and this process's fallback registrations — and returns how many it woke. Store the
     * new value with release semantics before calling; the channel reads it with acquire. Any thread.
     *
     * @throws IllegalArgumentException for a word {@link #addFutex} would refuse, or a count below 1
     */
    public static int wakeFutex(MemorySegment word, int count) {
        FutexSource.check(word);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        return FutexSource.wake(word, count);
    }

    // ================================================================ registration bookkeeping

    /**
     * Removes the source registered with {@code tag}: its pending kernel request is cancelled and no
     * event of it is reported afterwards.
     *
     * @throws IllegalArgumentException when no source has that tag
     */
    public void remove(long tag) {
        checkOwner();
        Source s = byTag.remove(tag);
        if (s == null) {
            throw new IllegalArgumentException("no source is registered with tag " + tag);
        }
        retire(s);
    }

    /** True when a source is registered with {@code tag}. */
    public boolean isRegistered(long tag) {
        checkOwner();
        return byTag.containsKey(tag);
    }

    private void retire(Source s) {
        s.removed = true;
        s.cancel();
        if (s.inKernel <= 0) {
            freeSlot(s);
        }
    }

    private Source find(long tag) {
        Source s = byTag.get(tag);
        if (s == null) {
            throw new IllegalArgumentException("no source is registered with tag " + tag);
        }
        return s;
    }

    private void checkTagFree(long tag) {
        if (byTag.containsKey(tag)) {
            throw new IllegalArgumentException("tag " + tag + " is already registered");
        }
    }

    /** Gives an {@link Operation} a slot (operations have no tag of their own). */
    void attachOperation(Operation op) {
        checkOwner();
        allocSlot(op);
    }

    /** Ends an {@link Operation}: its slot is freed once the kernel holds none of its requests. */
    void detachOperation(Operation op) {
        if (!op.removed) {
            op.removed = true;
            if (op.inKernel <= 0) {
                freeSlot(op);
            }
        }
    }

    PendingEvents pendingEvents() {
        return pending;
    }

    void register(Source s) {
        allocSlot(s);
        byTag.put(s.tag, s);
    }

    private void allocSlot(Source s) {
        int slot;
        if (freeTop > 0) {
            slot = freeSlots[--freeTop];
        } else {
            slot = nextSlot++;
            if (slot >= slots.length) {
                slots = java.util.Arrays.copyOf(slots, slots.length * 2);
                freeSlots = java.util.Arrays.copyOf(freeSlots, slots.length);
            }
        }
        slots[slot] = s;
        s.slot = slot;
    }

    private void freeSlot(Source s) {
        if (slots[s.slot] == s) {
            slots[s.slot] = null;
            freeSlots[freeTop++] = s.slot;
            s.retired();
        }
    }

    /** The next free SQE; submits to make room when the queue is full. */
    Sqe sqe() {
        Sqe s = ring.getSqe();
        if (s == null) {
            submitQuietly();
            s = ring.getSqe();
            if (s == null) {
                throw new IllegalStateException("submission queue stays full: the kernel is not consuming entries");
            }
        }
        return s;
    }

    // ================================================================ completions

    /**
     * Decodes every completion in the CQ into pending events. Not re-entrant: sources may prepare new
     * requests while it runs (re-arms), and those must not reap the CQ again underneath it.
     */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            ring.forEachCqe(onCqe, Integer.MAX_VALUE);
        } catch (LinuxException e) {
            throw new UncheckedIOException(e);
        } finally {
            pumping = false;
        }
        while (staleTimerCount > 0) {
            // A periodic timeout the program removed or re-armed ticked again: the kernel takes a
            // multishot timeout off its list while it fires, so a remove that arrived in that window
            // found nothing (-ENOENT). Remove it again now that it is back on the list.
            sqe().prepTimeoutRemove(staleTimers[--staleTimerCount], 0).userData(INTERNAL);
        }
    }

    private void onCqe(long userData, int res, int flags) {
        if ((flags & IoUring.CQE_F_POSTED) != 0) {
            pending.add(EventKind.USER, userData, res, 0, null);
            return;
        }
        int slot = (int) userData;
        if (slot <= 0 || slot >= slots.length) {
            return; // INTERNAL bookkeeping
        }
        Source s = slots[slot];
        if (s == null) {
            return;
        }
        boolean terminal = (flags & IORING_CQE_F_MORE) == 0;
        if (terminal) {
            s.inKernel--;
        }
        if ((int) (userData >>> 32) == s.generation && (!s.removed || s.completesAfterRemoval())) {
            s.onCompletion(res, flags, terminal, pending);
        } else if (!terminal && s instanceof TimerSource) {
            if (staleTimerCount == staleTimers.length) {
                staleTimers = java.util.Arrays.copyOf(staleTimers, staleTimers.length * 2);
            }
            staleTimers[staleTimerCount++] = userData;
        }
        if (s.removed && s.inKernel <= 0) {
            freeSlot(s);
        }
    }

    private void submitQuietly() {
        try {
            int r = ring.submit();
            if ((r == -Errno.EAGAIN || r == -Errno.EBUSY) && !pumping) {
                pump(); // the kernel wants room in the CQ first
                ring.submit();
            }
        } catch (LinuxException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ================================================================ overflow

    private boolean overflowDue() {
        return ring.cqOverflowPending() && !overflowReported;
    }

    private boolean checkOverflow(Event e) {
        if (ring.cqOverflowPending()) {
            if (!overflowReported) {
                overflowReported = true;
                overflows++;
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

    /** True while completions wait in the kernel because the ring was full (none is lost). */
    public boolean isOverflowed() {
        ensureOpen();
        return ring.cqOverflowPending();
    }

    /** How many times the ring has overflowed. */
    public long overflowCount() {
        return overflows;
    }

    // ================================================================ descriptor checks

    private void armSweep() {
        if (sweep != null && !sweep.armed) {
            sweep.arm();
        }
    }

    void sweepDescriptors(PendingEvents out) {
        List<Source> gone = null;
        for (Source s : byTag.values()) {
            if (s.watchesDescriptor() && s instanceof FdSource f) {
                int r = Stat.identity(f.fd, identity);
                if (r < 0 || identity[0] != f.dev || identity[1] != f.ino) {
                    if (gone == null) {
                        gone = new ArrayList<>();
                    }
                    gone.add(s);
                }
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

    // ================================================================ ownership, access, lifecycle

    private void checkOwner() {
        io.aionet.internal.Owner.check(owner, "this EventChannel");
        if (closed) {
            throw new IllegalStateException("EventChannel is closed");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("EventChannel is closed");
        }
    }

    /** The thread that owns this channel. */
    public Thread owner() {
        return owner;
    }

    /** True when the kernel has futex operations (Linux 6.7). */
    public boolean hasFutexOps() {
        return hasFutex;
    }

    /**
     * The channel's ring, for the library's other layers (DMA areas register with it, sockets submit
     * on it). Owner thread only.
     */
    public IoUring ring() {
        checkOwner();
        return ring;
    }

    /** True after {@link #close()}. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Drepper's {@code ec_destroy}: cancels every registered source and the channel's own requests,
     * drains their completions, then closes the ring. Owner thread only; closing twice is harmless.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkOwner();
        closed = true;
        tracker.close();
        for (Source s : new ArrayList<>(byTag.values())) {
            s.removed = true;
            s.cancel();
        }
        byTag.clear();
        wake.removed = true;
        wake.cancel();
        if (sweep != null) {
            sweep.removed = true;
            sweep.cancel();
        }
        for (Source s : slots) {
            if (s != null) {
                s.removed = true; // operations too: they stop submitting, and still see their completions
            }
        }
        drainOnClose();
        pending.clear();
        ring.close(); // whatever is still in flight: cancel-all, bounded wait, then unmap and close
        for (Source s : slots) {
            if (s != null) {
                s.retired(); // the kernel holds none of their requests now: close what they own
            }
        }
        Fds.close(wake.eventFd);
        arena.close();
    }

    /**
     * Cancels everything still in the kernel and reaps the completions through the sources, so that
     * operations learn their requests ended (a send hands its DMA buffer back) before the ring goes.
     * Bounded: two seconds at most.
     */
    private void drainOnClose() {
        try {
            sqe().prepCancel(0, IoUringConstants.IORING_ASYNC_CANCEL_ANY | IoUringConstants.IORING_ASYNC_CANCEL_ALL)
                    .userData(INTERNAL);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (ring.inFlight() > 0 && System.nanoTime() < deadline) {
                ring.submitAndWait(1, 50_000_000L);
                pump();
            }
        } catch (LinuxException | RuntimeException e) {
            // the ring's own close below still cancels and waits
        }
    }

    @Override
    public String toString() {
        return "EventChannel[owner=" + owner.getName() + ", sources=" + byTag.size() + (closed ? ", closed" : "") + "]";
    }
}
