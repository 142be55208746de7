package io.aionet.event;

import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Signals;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A POSIX signal as an event source (Drepper's "signals" among the event channel's sources; kevent
 * had none, this follows the signalfd model): a {@code signalfd} polled by the ring (multishot), whose
 * {@code struct signalfd_siginfo} records become {@link EventKind#SIGNAL} events.
 *
 * <p><b>Design.</b> A signal reaches a signalfd only while it is blocked in the thread that reads it, and
 * a JVM has many threads. So:
 * <ol>
 *   <li>the owner thread blocks the signal ({@code pthread_sigmask}); a signal directed at that thread
 *       ({@code tgkill}) stays pending there and the signalfd, read on the owner thread, takes it;</li>
 *   <li>a process-directed signal ({@code kill}) goes to any thread that does not block it — some other
 *       JVM thread. For it the source installs a JVM handler ({@code sun.misc.Signal}) that re-sends the
 *       signal to the owner thread with {@code tgkill}, where it joins the first path. The previous
 *       handler (the JVM's shutdown handler for INT/TERM/HUP, or the default action) is restored when
 *       the registration is removed;</li>
 *   <li>on removal the source, under the forwarder's lock, stops forwarding, drains what is pending on
 *       the signalfd, unblocks the signal if it was not blocked before, then restores the handler. A
 *       signal that arrives in between meets the still-installed forwarder, which drops it: no signal is
 *       ever delivered with its default action while the registration exists or is being taken down.</li>
 * </ol>
 * Limits: one registration per signal per process (the forwarder needs one target thread); the owner
 * must be a platform thread (a virtual thread's signal mask is its carrier's); threads the owner starts
 * while a signal is registered inherit the blocked mask; real-time signals ({@code SIGRTMIN..SIGRTMAX})
 * have no JVM handler, so only those directed at the owner thread are caught — a process-directed one
 * keeps its default action. Ordinary signals coalesce as they always do: two sent before the owner
 * reads are one event. Signals the JVM uses itself are refused (see {@link #check(int)}).
 */
final class SignalSource extends PolledSource {
    /** Records read per {@code read(2)}. */
    private static final int BATCH = 8;
    /** The registration of each signal number, guarded by itself; also the forwarder's lock. */
    private static final SignalSource[] REGISTERED = new SignalSource[Signals.SIGRTMAX + 1];

    final int signo;
    private final int pid;
    private final int tid;
    private final boolean wasBlocked;
    private final Arena arena;
    private final MemorySegment set;
    private final MemorySegment buf;
    /** The JVM handler this registration replaced, or null when none was installed (real-time signals). */
    private io.aionet.internal.JvmSignals.Installed jvmHandler;
    /** Guarded by {@link #REGISTERED}: forwarding stopped. */
    private boolean released;
    private boolean fdClosed;

    private SignalSource(SourceHost host, long tag, int signo, int fd, boolean wasBlocked, Arena arena,
                         MemorySegment set) {
        super(host, tag, fd);
        this.signo = signo;
        this.pid = Signals.getpid();
        this.tid = Signals.gettid();
        this.wasBlocked = wasBlocked;
        this.arena = arena;
        this.set = set;
        this.buf = arena.allocate(Signals.SIZEOF_SIGNALFD_SIGINFO * BATCH, 8);
    }

    /**
     * Refuses signal numbers out of range and the signals the JVM or glibc need for themselves:
     * SIGQUIT (thread dumps), SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV (the JVM's own fault
     * handling), SIGKILL and SIGSTOP (cannot be caught), SIGUSR2 (HotSpot's thread suspend/resume),
     * SIGPIPE and SIGXFSZ (the JVM ignores them for I/O calls), SIGPROF (profilers, JFR's CPU-time
     * sampler), SIGSYS (seccomp) and 32, 33 (glibc's thread cancellation and setxid).
     */
    static void check(int signo) {
        if (signo < 1 || signo > Signals.SIGRTMAX) {
            throw new IllegalArgumentException("no such signal: " + signo);
        }
        switch (signo) {
            case Signals.SIGQUIT, Signals.SIGILL, Signals.SIGTRAP, Signals.SIGABRT, Signals.SIGBUS,
                 Signals.SIGFPE, Signals.SIGKILL, Signals.SIGSEGV, Signals.SIGUSR2, Signals.SIGPIPE,
                 Signals.SIGSTOP, Signals.SIGXFSZ, Signals.SIGPROF, Signals.SIGSYS, 32, 33 ->
                    throw new IllegalArgumentException("signal " + signo + " (" + name(signo)
                            + ") is used by the JVM, the C library or the kernel and cannot be registered");
            default -> { }
        }
    }

    /** The JVM's name of an ordinary signal, or null for a real-time one. */
    static String name(int signo) {
        return switch (signo) {
            case 1 -> "HUP"; case 2 -> "INT"; case 3 -> "QUIT"; case 4 -> "ILL"; case 5 -> "TRAP";
            case 6 -> "ABRT"; case 7 -> "BUS"; case 8 -> "FPE"; case 9 -> "KILL"; case 10 -> "USR1";
            case 11 -> "SEGV"; case 12 -> "USR2"; case 13 -> "PIPE"; case 14 -> "ALRM"; case 15 -> "TERM";
            case 16 -> "STKFLT"; case 17 -> "CHLD"; case 18 -> "CONT"; case 19 -> "STOP"; case 20 -> "TSTP";
            case 21 -> "TTIN"; case 22 -> "TTOU"; case 23 -> "URG"; case 24 -> "XCPU"; case 25 -> "XFSZ";
            case 26 -> "VTALRM"; case 27 -> "PROF"; case 28 -> "WINCH"; case 29 -> "IO"; case 30 -> "PWR";
            case 31 -> "SYS";
            default -> null;
        };
    }

    /**
     * Blocks {@code signo} in the calling (owner) thread, opens the signalfd and installs the forwarder.
     * Undoes each step when a later one fails.
     */
    static SignalSource open(SourceHost host, long tag, int signo) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("signals need a channel owned by a platform thread "
                    + "(a virtual thread's signal mask belongs to its carrier)");
        }
        synchronized (REGISTERED) {
            if (REGISTERED[signo] != null) {
                throw new IllegalStateException("signal " + signo + " is already registered (tag "
                        + REGISTERED[signo].tag + " on " + REGISTERED[signo].host + ")");
            }
            Arena arena = Arena.ofConfined();
            MemorySegment set = arena.allocate(Signals.SIZEOF_SIGSET, 8);
            MemorySegment old = arena.allocate(Signals.SIZEOF_SIGSET, 8);
            Signals.sigaddset(set, signo);
            int r = Signals.pthread_sigmask(Signals.SIG_BLOCK, set, old);
            if (r < 0) {
                arena.close();
                throw new UncheckedIOException(new LinuxException("pthread_sigmask", -r));
            }
            boolean wasBlocked = Signals.sigismember(old, signo);
            int fd = Signals.signalfd(-1, set, Signals.SFD_NONBLOCK | Signals.SFD_CLOEXEC);
            if (fd < 0) {
                if (!wasBlocked) {
                    Signals.pthread_sigmask(Signals.SIG_UNBLOCK, set, MemorySegment.NULL);
                }
                arena.close();
                throw new UncheckedIOException(new LinuxException("signalfd", -fd));
            }
            SignalSource s = new SignalSource(host, tag, signo, fd, wasBlocked, arena, set);
            String name = name(signo);
            if (name != null) {
                try {
                    s.jvmHandler = io.aionet.internal.JvmSignals.install(name, SignalSource::forward);
                } catch (IllegalArgumentException e) {
                    s.jvmHandler = null;
                    s.undo();
                    s.closeFd();
                    throw new IllegalArgumentException("the JVM refuses a handler for signal " + signo
                            + " (" + name + "): " + e.getMessage(), e);
                }
            }
            REGISTERED[signo] = s;
            return s;
        }
    }

    /** The JVM handler (runs on a thread the JVM starts per signal): re-sends the signal to the owner thread. */
    private static void forward(int n) {
        synchronized (REGISTERED) {
            // Holding the lock across tgkill: release() takes it before draining, so a forwarded signal
            // is pending on the owner before the drain, never after the unblock.
            SignalSource s = n > 0 && n < REGISTERED.length ? REGISTERED[n] : null;
            // A dead owner's thread id may be reused by another thread of this process, which does not
            // block the signal: forwarding there would bounce the signal back here forever.
            if (s != null && !s.released && s.host.owner().isAlive()) {
                Signals.tgkill(s.pid, s.tid, n);
            }
        }
    }

    @Override
    void cancel() {
        super.cancel();
        release();
    }

    /** Reads every pending record; one SIGNAL event each (result = ssi_signo). */
    @Override
    void readInto(PendingEvents out) {
        while (true) {
            long n = Fds.read(fd, buf);
            if (n <= 0) {
                return; // -EAGAIN: drained
            }
            io.aionet.internal.wire.SignalfdRecords.decode(buf, n, signo -> out.add(EventKind.SIGNAL, tag, signo, 0, null));
            if (n < buf.byteSize()) {
                return;
            }
        }
    }

    /** Stops forwarding, drains, unblocks (if it was not blocked before) and restores the JVM handler. Owner thread. */
    private void release() {
        synchronized (REGISTERED) {
            if (released) {
                return;
            }
            released = true;
            if (REGISTERED[signo] == this) {
                REGISTERED[signo] = null;
            }
        }
        undo();
    }

    private void undo() {
        while (Fds.read(fd, buf) > 0) {
            // discard: the registration is gone, and an unblocked pending signal would get its default action
        }
        if (!wasBlocked) {
            Signals.pthread_sigmask(Signals.SIG_UNBLOCK, set, MemorySegment.NULL);
        }
        if (jvmHandler != null) {
            io.aionet.internal.JvmSignals.restore(jvmHandler);
            jvmHandler = null;
        }
    }

    @Override
    protected void retired() {
        release();
        closeFd();
    }

    private void closeFd() {
        if (!fdClosed) {
            fdClosed = true;
            Fds.close(fd);
            arena.close();
        }
    }
}
