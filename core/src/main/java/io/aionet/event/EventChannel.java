package io.aionet.event;

import io.aionet.BackendKind;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BackendChoice;
import io.aionet.backend.BackendConfig;
import io.aionet.dma.DmaArea;
import io.aionet.dma.ReceivePool;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.spi.EventSpi;
import io.aionet.event.spi.SlotTable;
import io.aionet.linux.Stat;

import java.lang.foreign.MemorySegment;

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
 * <p>It runs on one backend ({@link #backend()}): on io_uring its completion queue is the ring of
 * uniform records in program memory; on epoll the same completions are emulated. The thread that
 * creates a channel owns it; every method but {@link #post(long)} (and the read-only accessors) must be
 * called on that thread, else {@link WrongThreadException}. A platform-thread owner gets an io_uring
 * ring with {@code SINGLE_ISSUER | DEFER_TASKRUN}; a virtual-thread owner a ring without them (the
 * kernel ties such rings to one OS thread).
 *
 * <p>Exceptions (the rule of {@code io.aionet.event}): a bad argument is an
 * {@link IllegalArgumentException}; a call off the owner thread a {@link WrongThreadException}; a call
 * on a closed channel an {@link IllegalStateException}; a kernel refusal at setup the checked
 * {@link LinuxException}, and later (inside {@link #next}, {@link #await}) an
 * {@link java.io.UncheckedIOException} wrapping one; a missing kernel facility an
 * {@link UnsupportedOperationException}.
 *
 * {@snippet :
 * try (EventChannel ch = EventChannel.create(EventChannelOptions.defaults())) {
 *     ch.addTimer(1, 10_000_000L, 0, TimerClock.MONOTONIC, false);   // 10 ms, one-shot
 *     ch.addFd(socketFd, Readiness.READ, Trigger.EDGE, 2);
 *     Event e = new Event();
 *     while (running()) {
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
    static {
        EventSpi.install(ch -> ch.core);
    }

    private final ChannelCore core;
    private final long[] identity = new long[2];
    private final boolean sqPolling;
    /** The backend choice logged last: each change of the process's choice is logged once. */
    private static volatile String loggedChoice;

    private EventChannel(EventChannelOptions o) throws LinuxException {
        BackendChoice choice = BackendChoice.current();
        logChoice(choice);
        if (o.sqPollIdleMillis >= 0 && choice.kind() != BackendKind.IO_URING) {
            throw new UnsupportedOperationException("a submission-queue poller (SQPOLL) needs io_uring; event channels "
                    + "run on " + choice.kind().label() + " here (" + choice.describe() + ")");
        }
        Backend backend = choice.open(new BackendConfig(o.submissionEntries,
                Math.max(o.completionEntries, o.submissionEntries), o.sqPollIdleMillis, o.sqPollCpu));
        this.sqPolling = o.sqPollIdleMillis >= 0;
        boolean ok = false;
        try {
            this.core = new ChannelCore(this, backend, o);
            if (o.descriptorCheckNanos > 0) {
                core.sweep = new SweepSource(core, o.descriptorCheckNanos);
                core.table.attach(core.sweep);
            }
            backend.submit();
            ok = true;
            core.tracker = io.aionet.internal.Resources.track(io.aionet.internal.Resources.Kind.EVENT_CHANNEL, this,
                    "EventChannel[owner=" + core.owner.getName() + "]");
            io.aionet.internal.jfr.Jfr.register(core.counters);
        } finally {
            if (!ok) {
                backend.close();
            }
        }
    }

    /**
     * Logs the backend choice when it is the first, or differs from the last one logged: a fall-back to
     * epoll at WARNING (the operator must know why), io_uring and a forced epoll at DEBUG (what was
     * expected; no line on a program's console).
     */
    private static void logChoice(BackendChoice choice) {
        String d = choice.describe();
        if (d.equals(loggedChoice)) {
            return;
        }
        loggedChoice = d;
        boolean fellBack = choice.kind() == BackendKind.EPOLL && !d.contains("forced by");
        io.aionet.internal.Log.BACKEND.log(fellBack ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                fellBack ? "aionet " + d + ": io_uring is unavailable to this process, so event channels and sockets "
                        + "run on epoll (same API, fewer features; -Daionet.backend=uring makes this an error)"
                        : "aionet " + d);
    }

    /**
     * Drepper's {@code ec_create}: a new channel owned by the calling thread. The backend is the one the
     * process chose ({@link #backendSelection()}).
     *
     * @param options ring sizes and policies; the channel copies them, later changes do not reach it
     * @return the channel; close it on the owner thread
     * @throws LinuxException when the kernel refuses the ring (io_uring unavailable, limits; SQPOLL refused)
     * @throws UnsupportedOperationException when the options ask for SQPOLL and the process runs on epoll
     */
    public static EventChannel create(EventChannelOptions options) throws LinuxException {
        java.util.Objects.requireNonNull(options, "options");
        return new EventChannel(options);
    }

    /**
     * {@link #create(EventChannelOptions)} with {@link EventChannelOptions#defaults()}.
     *
     * @return the channel, owned by the calling thread
     * @throws LinuxException when the kernel refuses the ring (io_uring unavailable, limits)
     */
    public static EventChannel create() throws LinuxException {
        return create(EventChannelOptions.defaults());
    }

    // ================================================================ ec_next_event / ec_delay / ec_to_fd

    /**
     * Drepper's {@code ec_next_event}: fills {@code e} with the next event and returns true, or returns
     * false when none is pending. No system call is made while an event is queued; when none is, one
     * non-blocking {@code io_uring_enter} submits what is prepared and collects what the kernel holds.
     * Allocates nothing. Owner thread only.
     *
     * @param e the caller's record, overwritten with the event
     * @return true when {@code e} now holds an event; false when none was pending
     * @throws WrongThreadException       off the owner thread
     * @throws IllegalStateException      when the channel is closed
     * @throws java.io.UncheckedIOException wrapping the {@link LinuxException} when the kernel refuses
     *                                    to submit or collect
     */
    public boolean next(Event e) {
        java.util.Objects.requireNonNull(e, "e");
        checkOwner();
        if (core.next(e)) {
            core.events++;
            return true;
        }
        return false;
    }

    /**
     * Drepper's {@code ec_delay}: waits until at least {@code min} events are pending or
     * {@code timeoutNanos} passed, and returns how many are pending (possibly fewer than {@code min}
     * on timeout). Returns at once when enough are pending already. Owner thread only.
     *
     * @param min          events to wait for, at least 1
     * @param timeoutNanos the longest wait in nanoseconds; 0 only collects what is there
     * @return the events pending now
     * @throws IllegalArgumentException when {@code min} &lt; 1 or {@code timeoutNanos} &lt; 0
     * @throws WrongThreadException     off the owner thread
     * @throws java.io.UncheckedIOException wrapping the {@link LinuxException} when the kernel refuses
     *                                  the wait
     */
    public int await(int min, long timeoutNanos) {
        checkOwner();
        if (min < 1) {
            throw new IllegalArgumentException("min must be at least 1: " + min);
        }
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutNanos);
        }
        return core.await(min, timeoutNanos);
    }

    /**
     * Drepper's {@code ec_to_fd}: a descriptor that is readable while the channel holds events the
     * kernel has posted (io_uring: the ring's own descriptor; epoll: the epoll descriptor), for use in another loop's
     * poll/epoll/select. When it turns readable, call {@link #next(Event)} until it returns false,
     * then wait on the descriptor again. Posts from other threads make it readable too. The descriptor
     * stays the channel's: do not close it. Any thread.
     *
     * @return the descriptor
     * @throws IllegalStateException when the channel is closed
     */
    public int fd() {
        ensureOpen();
        return core.backend.fd();
    }

    // ================================================================ user events

    /**
     * Posts a user event with {@code tag} to this channel. Safe from any thread; never blocks the
     * caller for long: when the queue is full it waits (spinning, then yielding) for the owner to take
     * events. Allocates nothing. The owner takes it as a {@link EventKind#USER} event.
     *
     * @param tag the event's tag
     * @throws IllegalStateException when the channel is closed
     */
    public void post(long tag) {
        int spins = 0;
        while (!core.offer(tag)) {
            ensureOpen();
            core.wakeOwner();
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        ensureOpen();
    }

    /**
     * Like {@link #post(long)}, but returns false instead of waiting when the queue is full. Any thread.
     *
     * @param tag the event's tag
     * @return true when the event was queued; false when the queue was full
     * @throws IllegalStateException when the channel is closed
     */
    public boolean tryPost(long tag) {
        ensureOpen();
        return core.offer(tag);
    }

    /**
     * Sends a user event with {@code tag} (and {@code value} as its result) from this channel to
     * {@code target} through the kernel ({@code IORING_OP_MSG_RING}) — SIGEV_EC between channels.
     * Owner thread of this channel only; the target may be owned by any thread. Both channels run on
     * the same backend (the process chooses one).
     *
     * @param target the receiving channel; it takes a {@link EventKind#USER} event
     * @param tag    the event's tag
     * @param value  the event's {@link Event#result()}
     * @throws WrongThreadException  off this channel's owner thread
     * @throws IllegalStateException when the target is closed
     */
    public void postTo(EventChannel target, long tag, int value) {
        java.util.Objects.requireNonNull(target, "target");
        checkOwner();
        target.ensureOpen();
        core.backend.post(SlotTable.INTERNAL, target.core.backend, tag, value);
    }

    // ================================================================ descriptor readiness

    /**
     * Registers readiness of descriptor {@code fd} ({@link Readiness} bits) in mode {@code trigger},
     * reported with {@code tag}. The same descriptor may be registered with other channels, and used
     * with poll/select, at the same time. The descriptor stays the caller's; closing it without
     * removing the registration is noticed by the periodic descriptor check
     * ({@link EventChannelOptions#descriptorCheckMillis(long)}). Owner thread only.
     *
     * @param fd       an open descriptor
     * @param interest {@link Readiness} bits
     * @param trigger  one-shot, edge or level
     * @param tag      the registration's tag, reported with every {@link EventKind#FD_READY} event
     * @throws IllegalArgumentException when {@code fd} is not open, the bits are invalid, or the tag is taken
     * @throws WrongThreadException     off the owner thread
     */
    public void addFd(int fd, int interest, Trigger trigger, long tag) {
        java.util.Objects.requireNonNull(trigger, "trigger");
        checkOwner();
        int mask = FdSource.pollMask(interest);
        checkTagFree(tag);
        if (fd < 0 || Stat.identity(fd, identity) < 0) {
            throw new IllegalArgumentException("descriptor " + fd + " is not open");
        }
        FdSource s = new FdSource(core, tag, fd, mask, trigger, identity[0], identity[1]);
        core.register(s);
        s.arm();
        armSweep();
    }

    /**
     * Changes the interest and mode of the descriptor registered with {@code tag}; re-arms a one-shot.
     * Owner thread only.
     *
     * @param tag      a descriptor (or message queue) registration
     * @param interest the new {@link Readiness} bits
     * @param trigger  the new mode
     * @throws IllegalArgumentException when {@code tag} is not a descriptor registration or the bits are invalid
     * @throws WrongThreadException     off the owner thread
     */
    public void modifyFd(long tag, int interest, Trigger trigger) {
        java.util.Objects.requireNonNull(trigger, "trigger");
        checkOwner();
        int mask = FdSource.pollMask(interest);
        if (!(find(tag) instanceof FdSource s)) {
            throw new IllegalArgumentException("tag " + tag + " is not a descriptor registration");
        }
        s.cancel();
        s.interest = mask;
        s.trigger = trigger;
        s.arm();
    }

    // ================================================================ timers

    /**
     * Adds a timer reported with {@code tag}: first after {@code delayNanos} (or at that time on
     * {@code clock} when {@code absolute}), then every {@code periodNanos} (0: one-shot). Each
     * {@link EventKind#TIMER} event's result counts the expirations since the last one. Owner thread only.
     *
     * @param tag         the registration's tag
     * @param delayNanos  the first expiry: nanoseconds from now, or an absolute time on {@code clock}
     * @param periodNanos the period after the first expiry; 0 for a one-shot timer
     * @param clock       the clock the timer runs on
     * @param absolute    whether {@code delayNanos} is a time on {@code clock} rather than a delay
     * @throws IllegalArgumentException when a time is negative or the tag is taken
     * @throws WrongThreadException     off the owner thread
     */
    public void addTimer(long tag, long delayNanos, long periodNanos, TimerClock clock, boolean absolute) {
        java.util.Objects.requireNonNull(clock, "clock");
        checkOwner();
        checkTimer(delayNanos, periodNanos, clock);
        checkTagFree(tag);
        TimerSource s = new TimerSource(core, tag, delayNanos, periodNanos, clock, absolute);
        core.register(s);
        s.arm();
    }

    /**
     * Re-arms the timer registered with {@code tag} with a new delay and period, cancelling the pending
     * expiry; its clock stays. Owner thread only.
     *
     * @param tag         a timer registration
     * @param delayNanos  the next expiry: nanoseconds from now, or an absolute time on the timer's clock
     * @param periodNanos the new period; 0 for one-shot
     * @param absolute    whether {@code delayNanos} is a time on the clock rather than a delay
     * @throws IllegalArgumentException when {@code tag} is not a timer or a time is negative
     * @throws WrongThreadException     off the owner thread
     */
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
     * registered = ch.isRegistered(TAG_USR1);
     * ch.remove(TAG_USR1);                 // SIGUSR1 has its default action again
     * }
     *
     * @param signo the signal number, 1 … 64
     * @param tag   the registration's tag
     * @throws IllegalArgumentException when {@code signo} is not a signal, is one the JVM needs (SIGSEGV,
     *                                  SIGBUS, SIGFPE, SIGILL, SIGQUIT, SIGUSR2, ...), or the tag is taken
     * @throws IllegalStateException    when the signal is registered already (with any channel) or the
     *                                  owner is a virtual thread
     */
    public void addSignal(int signo, long tag) {
        checkOwner();
        SignalSource.check(signo);
        checkTagFree(tag);
        SignalSource s = SignalSource.open(core, tag, signo);
        core.register(s);
        s.arm();
    }

    /**
     * Registers file-system notifications on {@code path} (kevent's inode notifications, through
     * inotify): {@code changes} is a set of {@link FileChange} bits; each change is reported as a
     * {@link EventKind#FILE} event whose result is its {@link FileChange} mask, whose
     * {@link Event#name()} names the entry inside a watched directory (the one event that allocates),
     * and whose flags pair the two halves of a rename. The kernel adds {@link FileChange#OVERFLOWED}
     * when its queue overflowed and {@link FileChange#WATCH_GONE} when the path went away. Owner thread only.
     *
     * @param path    the file or directory to watch
     * @param changes {@link FileChange} bits, at least one
     * @param tag     the registration's tag
     * @throws IllegalArgumentException when {@code path} cannot be watched (missing, not
     *                                  accessible), the bits are invalid, or the tag is taken
     */
    public void addPath(java.nio.file.Path path, int changes, long tag) {
        java.util.Objects.requireNonNull(path, "path");
        checkOwner();
        if (changes == 0 || (changes & ~FileChange.VALID) != 0) {
            throw new IllegalArgumentException("changes must be a non-empty set of FileChange bits: 0x"
                    + Integer.toHexString(changes));
        }
        checkTagFree(tag);
        FileSource s = FileSource.open(core, tag, path, changes);
        core.register(s);
        s.arm();
    }

    /**
     * Changes the {@link FileChange} bits watched by the path registration {@code tag}; changes already
     * queued by the kernel are still reported. Owner thread only.
     *
     * @param tag     a path registration
     * @param changes the new {@link FileChange} bits, at least one
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
        s.modify(changes);
    }

    /**
     * Registers readiness of a POSIX message queue descriptor {@code mqd} (Drepper's message queues on
     * the event channel): {@link Readiness#READ} when a message waits, {@link Readiness#WRITE} when there
     * is room, reported as {@link EventKind#MQUEUE} events in mode {@code trigger};
     * {@link #modifyFd(long, int, Trigger)} changes the interest. The descriptor stays the caller's.
     * Owner thread only.
     *
     * @param mqd      an open message queue descriptor ({@code mq_open})
     * @param interest {@link Readiness#READ} and/or {@link Readiness#WRITE}
     * @param trigger  one-shot, edge or level
     * @param tag      the registration's tag
     * @throws IllegalArgumentException when {@code mqd} is not an open message queue, the bits are
     *                                  invalid, or the tag is taken
     */
    public void addMessageQueue(int mqd, int interest, Trigger trigger, long tag) {
        java.util.Objects.requireNonNull(trigger, "trigger");
        checkOwner();
        addQueue(mqd, interest, trigger, tag, false);
    }

    /**
     * Opens (creating it, mode 0600, when missing) the POSIX message queue {@code name} non-blocking
     * and registers it like {@link #addMessageQueue(int, int, Trigger, long)}. Returns its
     * descriptor, for {@code mq_receive}/{@code mq_send}; the channel owns it and closes it when the
     * registration is removed or the channel closes (the queue itself stays until {@code mq_unlink}).
     * Owner thread only.
     *
     * @param name     the queue's name, {@code "/name"}
     * @param interest {@link Readiness#READ} and/or {@link Readiness#WRITE}
     * @param trigger  one-shot, edge or level
     * @param tag      the registration's tag
     * @return the queue's descriptor, owned by the channel
     * @throws java.io.UncheckedIOException wrapping the {@link LinuxException} when {@code mq_open} fails
     * @throws IllegalArgumentException when the name is not {@code "/name"}, or as for the descriptor form
     * @throws UnsupportedOperationException when this system has no message queues
     */
    public int addMessageQueue(String name, int interest, Trigger trigger, long tag) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(trigger, "trigger");
        checkOwner();
        if (name == null || name.length() < 2 || name.charAt(0) != '/' || name.indexOf('/', 1) >= 0
                || name.length() > 255) {
            throw new IllegalArgumentException("a message queue name is \"/name\" (no other '/', at most 255 chars): " + name);
        }
        FdSource.pollMask(interest);
        checkTagFree(tag);
        int mqd = MessageQueueFds.open(name);
        boolean ok = false;
        try {
            addQueue(mqd, interest, trigger, tag, true);
            ok = true;
        } finally {
            if (!ok) {
                io.aionet.linux.Fds.close(mqd);
            }
        }
        return mqd;
    }

    private void addQueue(int mqd, int interest, Trigger trigger, long tag, boolean owned) {
        int mask = FdSource.pollMask(interest);
        checkTagFree(tag);
        MessageQueueFds.check(mqd);
        if (Stat.identity(mqd, identity) < 0) {
            throw new IllegalArgumentException("descriptor " + mqd + " is not an open message queue");
        }
        FdSource s = new FdSource(core, tag, mqd, mask, trigger, identity[0], identity[1]);
        s.kind = EventKind.MQUEUE;
        s.ownsFd = owned;
        core.register(s);
        s.arm();
        armSweep();
    }

    /**
     * Registers the 32-bit futex word {@code word} (Drepper's synchronization primitives on the event
     * channel), kevent-style: a {@link EventKind#FUTEX} event each time the word is woken (and once at
     * once when it no longer holds {@code expected}); the event's result is 0 and its flags carry the
     * word's value observed then, which becomes the value the next wait expects. Where the backend has
     * futex waits ({@link #hasFutexOps()}: io_uring on Linux 6.7 and later) it is an {@code IORING_OP_FUTEX_WAIT} re-armed per wake, woken by any
     * {@code FUTEX_WAKE} on the word, from this process or another mapping it; elsewhere an eventfd
     * semaphore woken only by {@link #wakeFutex} in this process. The word's memory must stay alive
     * until the registration is removed. Owner thread only.
     *
     * @param word     the 32-bit word, native memory, 4-byte aligned
     * @param expected the value the first wait expects
     * @param tag      the registration's tag
     * @throws IllegalArgumentException when the word is not native, not 4-byte aligned, shorter than 4
     *                                  bytes or not alive, or the tag is taken
     */
    public void addFutex(MemorySegment word, int expected, long tag) {
        java.util.Objects.requireNonNull(word, "word");
        checkOwner();
        FutexSource.check(word);
        checkTagFree(tag);
        FutexSource s = new FutexSource(core, tag, word, expected, !hasFutexOps() || FutexSource.forceFallback);
        core.register(s);
        s.arm();
    }

    /**
     * {@link #addFutex}, promising that any {@code FUTEX_WAKE} on the word reports — a raw
     * {@code futex(2)} call, or another process mapping the same memory — not only {@link #wakeFutex}
     * in this process. That needs the backend's futex waits ({@link #hasFutexOps()}); where there are
     * none it fails at once instead of registering a source that such wakes would never reach.
     *
     * @param word     the 32-bit word, native memory, 4-byte aligned
     * @param expected the value the first wait expects
     * @param tag      the registration's tag
     * @throws UnsupportedOperationException when this channel's backend has no futex waits (the epoll
     *                                       backend; io_uring before Linux 6.7); the message names it
     * @throws IllegalArgumentException      as {@link #addFutex}
     */
    public void addSharedFutex(MemorySegment word, int expected, long tag) {
        java.util.Objects.requireNonNull(word, "word");
        checkOwner();
        if (!hasFutexOps()) {
            throw new UnsupportedOperationException(core.backend.kind() == BackendKind.EPOLL
                    ? "addSharedFutex: the epoll backend has no futex waits (IORING_OP_FUTEX_WAIT is io_uring's,"
                      + " Linux 6.7), so wakes from futex(2) or other processes cannot reach it; addFutex works"
                      + " here, woken by EventChannel.wakeFutex in this process"
                    : "addSharedFutex: io_uring on this kernel has no futex waits (Linux 6.7); addFutex works"
                      + " here, woken by EventChannel.wakeFutex in this process");
        }
        FutexSource.check(word);
        checkTagFree(tag);
        FutexSource s = new FutexSource(core, tag, word, expected, false);
        core.register(s);
        s.arm();
    }

    /**
     * {@code FUTEX_WAKE}: wakes up to {@code count} waiters on {@code word} — threads in
     * {@code futex(2)}, rings' futex waits (any channel's {@link #addFutex} on kernels with futex
     * operations) and this process's fallback registrations — and returns how many it woke. Store the
     * new value with release semantics before calling; the channel reads it with acquire. Any thread.
     *
     * @param word  the 32-bit word, as for {@link #addFutex}
     * @param count the most waiters to wake, at least 1
     * @return how many waiters were woken
     * @throws IllegalArgumentException for a word {@link #addFutex} would refuse, or a count below 1
     */
    public static int wakeFutex(MemorySegment word, int count) {
        java.util.Objects.requireNonNull(word, "word");
        FutexSource.check(word);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        return FutexSource.wake(word, count);
    }

    // ================================================================ registration bookkeeping

    /**
     * Removes the source registered with {@code tag}: its pending kernel request is cancelled and no
     * event of it is reported afterwards. Owner thread only.
     *
     * @param tag the registration's tag
     * @throws IllegalArgumentException when no source has that tag
     */
    public void remove(long tag) {
        checkOwner();
        Source s = core.byTag.remove(tag);
        if (s == null) {
            throw new IllegalArgumentException("no source is registered with tag " + tag);
        }
        core.retire(s);
    }

    /**
     * {@return true when a source is registered with {@code tag}}
     *
     * @param tag a tag
     * @throws WrongThreadException off the owner thread
     */
    public boolean isRegistered(long tag) {
        checkOwner();
        return core.byTag.containsKey(tag);
    }

    private Source find(long tag) {
        Source s = core.byTag.get(tag);
        if (s == null) {
            throw new IllegalArgumentException("no source is registered with tag " + tag);
        }
        return s;
    }

    private void checkTagFree(long tag) {
        if (core.byTag.containsKey(tag)) {
            throw new IllegalArgumentException("tag " + tag + " is already registered");
        }
    }

    private void armSweep() {
        SweepSource sweep = core.sweep;
        if (sweep != null && !sweep.armed) {
            sweep.arm();
        }
    }

    // ================================================================ overflow

    /** {@return true while completions wait in the kernel because the ring was full (none is lost)} */
    public boolean isOverflowed() {
        ensureOpen();
        return core.backend.overflowPending();
    }

    /**
     * {@return a snapshot of this channel's counters: events taken, waits, overflows, sources, requests
     * in flight} Cheap enough to call once per loop turn. Owner thread only; the same counters reach JFR
     * recordings as {@code io.aionet.ChannelStatistics} events.
     *
     * @throws WrongThreadException off the owner thread
     */
    public ChannelStats stats() {
        checkOwner();
        return new ChannelStats(core.backend.kind(), core.events, core.waits, core.overflows, core.byTag.size(),
                core.closed ? 0 : core.backend.inFlight());
    }

    /** {@return how many times the ring has overflowed} */
    public long overflowCount() {
        return core.overflows;
    }

    // ================================================================ ownership, access, lifecycle

    private void checkOwner() {
        core.checkOwner();
    }

    private void ensureOpen() {
        if (core.closed) {
            throw new IllegalStateException("EventChannel is closed");
        }
    }

    /** {@return the thread that owns this channel} */
    public Thread owner() {
        return core.owner;
    }

    /** {@return true when the backend waits on futex words itself (io_uring on Linux 6.7 and later)} */
    public boolean hasFutexOps() {
        return core.backend.supports(io.aionet.backend.Feature.FUTEX_WAIT);
    }

    /**
     * {@return true when a kernel thread polls this channel's submission queue
     * ({@link EventChannelOptions#sqPoll(int)})} Any thread.
     */
    public boolean isSqPolling() {
        return sqPolling;
    }

    /** {@return which backend this channel runs on ({@code -Daionet.backend=uring|epoll|auto})} */
    public BackendKind backend() {
        return core.backend.kind();
    }

    /**
     * {@return the backend this process chooses for new channels, and why: {@code "backend: io_uring"} or
     * {@code "backend: epoll (<reason>)"}}
     */
    public static String backendSelection() {
        return BackendChoice.current().describe();
    }

    // ================================================================ memory

    /**
     * Carves a receive pool of {@code buffers} slots out of {@code area} and lends it to this channel
     * as buffer group {@code bgid} — the memory half of Drepper's {@code dma_assoc}; sockets on this
     * channel then receive into it ({@code socket.receive(pool, tag)}). The backend consumes buffers
     * incrementally where it can, so small messages do not use up whole buffers. Owner thread only.
     *
     * @param area    the area the pool's slots come from, owned by the calling thread
     * @param bgid    the buffer group id, unique on this channel, 0 … 65535
     * @param buffers 1 … 32768 slots
     * @return the pool, owned by this thread; close it before the area
     * @throws IllegalArgumentException for a bad count or {@code bgid}
     * @throws IllegalStateException    when fewer slots are free
     * @throws LinuxException           when the kernel refuses the buffer group
     */
    public ReceivePool receivePool(DmaArea area, int bgid, int buffers) throws LinuxException {
        java.util.Objects.requireNonNull(area, "area");
        return receivePool(area, bgid, buffers, true);
    }

    /**
     * {@link #receivePool(DmaArea, int, int)} choosing the consumption mode: {@code incremental} false
     * gives each completion a whole buffer — what datagram sockets need, since a datagram must never be
     * split across the end of a partly used buffer.
     *
     * @param area        the area the pool's slots come from, owned by the calling thread
     * @param bgid        the buffer group id, unique on this channel, 0 … 65535
     * @param buffers     1 … 32768 slots
     * @param incremental whether completions may take part of a buffer (where the backend can)
     * @return the pool, owned by this thread; close it before the area
     * @throws IllegalArgumentException for a bad count or {@code bgid}
     * @throws IllegalStateException    when fewer slots are free
     * @throws LinuxException           when the kernel refuses the buffer group
     */
    public ReceivePool receivePool(DmaArea area, int bgid, int buffers, boolean incremental) throws LinuxException {
        java.util.Objects.requireNonNull(area, "area");
        checkOwner();
        return DmaSpi.receivePool(area, core.backend, bgid, buffers, incremental);
    }

    /**
     * Registers {@code area} with this channel's backend as its fixed buffer
     * ({@code IORING_REGISTER_BUFFERS}): the kernel pins the area's pages now and charges them to
     * {@code RLIMIT_MEMLOCK}. No send of the socket layer takes the registered buffer yet
     * ({@code IORING_RECVSEND_FIXED_BUF}): sends name the buffer's address and the kernel maps its pages
     * per send, registered or not. Once per channel. Owner thread only.
     *
     * @param area the area to register; it stays registered until it is closed
     * @return false when the kernel refused for lack of lockable memory ({@code RLIMIT_MEMLOCK}) or the
     *         backend has no fixed buffers: the area still works, without them
     * @throws IllegalStateException when the area or the channel has fixed buffers already
     * @throws LinuxException        for other refusals
     */
    public boolean registerFixed(DmaArea area) throws LinuxException {
        java.util.Objects.requireNonNull(area, "area");
        checkOwner();
        return DmaSpi.registerFixed(area, core.backend);
    }

    /** Submits queued requests without reaping anything (tests fill the completion queue with it). */
    void submitQueued() throws LinuxException {
        core.backend.submit();
    }

    /** Requests of this channel the kernel has not finished (for tests of the drain). */
    long inFlightRequests() {
        return core.backend.inFlight();
    }

    /** {@return true after {@link #close()}} */
    public boolean isClosed() {
        return core.closed;
    }

    /**
     * Drepper's {@code ec_destroy}: cancels every registered source and the channel's own requests,
     * drains their completions, then closes the ring. Owner thread only; closing twice is harmless.
     */
    @Override
    public void close() {
        if (core.closed) {
            return;
        }
        checkOwner();
        core.close();
    }

    @Override
    public String toString() {
        return "EventChannel[" + core.backend.kind().label() + ", owner=" + core.owner.getName() + ", sources="
                + core.byTag.size() + (core.closed ? ", closed" : "") + "]";
    }
}
