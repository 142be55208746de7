package io.aionet.uring;

import io.aionet.Errno;
import io.aionet.linux.IoUringGeteventsArg;
import io.aionet.linux.IoUringParams;
import io.aionet.linux.IoUringSyscalls;
import io.aionet.linux.Iovec;
import io.aionet.linux.KernelTimespec;
import io.aionet.LinuxException;
import io.aionet.linux.Mem;
import io.aionet.linux.Native;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import static io.aionet.uring.IoUringConstants.*;

/**
 * One io_uring instance: what liburing's {@code struct io_uring} is to C, in Java.
 *
 * <p>It maps the submission queue, the completion queue and the SQE array (one mapping for both
 * rings with {@code IORING_FEAT_SINGLE_MMAP}); hands out SQEs as a flyweight {@link Sqe} that is
 * prepared by writing memory; submits with {@code io_uring_enter}; and reads completions with the
 * acquire/release order the kernel's side pairs with. Nothing on the submit/complete path allocates.
 *
 * {@snippet :
 * try (IoUring ring = IoUring.builder().entries(256).singleThreaded().open()) {
 *     ring.getSqe().prepNop().userData(7);
 *     ring.submitAndWait(1);
 *     ring.forEachCqe((userData, res, flags) -> out.println(userData + " -> " + res), 16);
 * }
 * }
 *
 * <h2>Threads</h2>
 * A ring is not thread-safe: one thread prepares, submits and reaps. With
 * {@code IORING_SETUP_SINGLE_ISSUER} the kernel also requires every submission to come from the
 * thread that created the ring — a virtual thread may move between carriers, so such a ring must be
 * driven from a platform thread.
 *
 * <h2>Closing</h2>
 * {@link #close()} drains (cancels every pending request and waits, bounded, for their completions),
 * unregisters what was registered, unmaps the rings and closes the descriptor — in that order, so
 * no memory the kernel may still use is released early. Any use after close throws
 * {@link IllegalStateException}.
 */
public final class IoUring implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    /** {@code _NSIG / 8}: the kernel's sigset size. */
    private static final int SIGSET_SIZE = 8;
    private static final long DRAIN_TIMEOUT_NANOS = 5_000_000_000L;

    private final int ringFd;
    private final int setupFlags;
    private final int features;
    private final Arena arena;
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    private final Sqe sqe;
    private final MemorySegment errno;
    private final MemorySegment getEventsArg;
    private final MemorySegment waitTimespec;
    private final boolean sqpoll;
    private final boolean taskrunFlag;
    private final List<BufRing> bufRings = new ArrayList<>();

    /** The fd passed to io_uring_enter: the ring fd, or its registered index. */
    private int enterFd;
    private int enterFlags;
    private int registeredIndex = -1;
    private boolean buffersRegistered;
    private boolean filesRegistered;
    private boolean eventFdRegistered;
    private boolean closed;

    /** SQEs published to the kernel; with {@link CompletionQueue#terminalSeen} this gives what is in flight. */
    private long published;
    /** Entries submitted with IOSQE_CQE_SKIP_SUCCESS: they post no completion when they succeed. */
    private long skipSuccess;

    private IoUring(int fd, MemorySegment params, Arena arena, MemorySegment sqRing, MemorySegment cqRing,
                    MemorySegment sqes) {
        this.ringFd = fd;
        this.arena = arena;
        this.setupFlags = params.get(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_flags);
        this.features = params.get(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_features);
        this.sq = new SubmissionQueue(sqRing, sqes, params, (setupFlags & IORING_SETUP_SQE128) != 0,
                (setupFlags & IORING_SETUP_NO_SQARRAY) != 0);
        this.cq = new CompletionQueue(cqRing, params, (setupFlags & IORING_SETUP_CQE32) != 0);
        MemorySegment timespecs = arena.allocate(KernelTimespec.SIZEOF * sq.ringEntries, 8);
        this.sqe = new Sqe(this, sqes, timespecs);
        // Not from the ring's shared arena: a downcall that takes a segment of a shared session
        // acquires and releases that session around the call (two locked CAS per io_uring_enter);
        // an automatic session needs neither, and this segment lives as long as the ring refers to it.
        this.errno = Native.newErrnoSegment(Arena.ofAuto());
        this.getEventsArg = arena.allocate(IoUringGeteventsArg.LAYOUT);
        this.waitTimespec = arena.allocate(KernelTimespec.LAYOUT);
        this.sqpoll = (setupFlags & IORING_SETUP_SQPOLL) != 0;
        this.taskrunFlag = (setupFlags & IORING_SETUP_TASKRUN_FLAG) != 0;
        this.enterFd = fd;
        this.enterFlags = 0;
    }

    // ================================================================ availability

    /** {@return true when this process can create an io_uring instance} Probed once. */
    public static boolean isAvailable() {
        return Availability.CAUSE == null;
    }

    /** {@return why io_uring cannot be used here, or {@code null} when it can} */
    public static Throwable unavailabilityCause() {
        return Availability.CAUSE;
    }

    // ================================================================ setup

    /**
     * A builder for a ring with {@code entries} SQEs (default 256).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Setup parameters. {@link #flags(int)} are passed to {@code io_uring_setup} as given; with
     * {@link #bestEffort(boolean)} the flags newer kernels added are dropped one at a time when the
     * kernel rejects them ({@code EINVAL}).
     */
    public static final class Builder {
        private int entries = 256;
        private int cqEntries;
        private int flags;
        private int sqThreadIdleMillis;
        private int sqThreadCpu = -1;
        private boolean bestEffort;

        private Builder() {}

        /**
         * SQ size; the kernel rounds it up to a power of two (1 … 32768).
         *
         * @param entries SQ slots, 1 … 32768
         * @return this builder
         */
        public Builder entries(int entries) {
            if (entries < 1 || entries > 32768) {
                throw new IllegalArgumentException("entries must be 1..32768: " + entries);
            }
            this.entries = entries;
            return this;
        }

        /**
         * CQ size ({@code IORING_SETUP_CQSIZE}); at least {@code entries}. 0: twice the SQ (the kernel's default).
         *
         * @param cqEntries CQ slots (0: the kernel's default)
         * @return this builder
         */
        public Builder cqEntries(int cqEntries) {
            if (cqEntries < 0) {
                throw new IllegalArgumentException("cqEntries must be positive: " + cqEntries);
            }
            this.cqEntries = cqEntries;
            return this;
        }

        /**
         * {@code IORING_SETUP_*} flags, or-ed with what was set before.
         *
         * @param setupFlags {@code IORING_SETUP_*} flags
         * @return this builder
         */
        public Builder flags(int setupFlags) {
            this.flags |= setupFlags;
            return this;
        }

        /**
         * {@code IORING_SETUP_SQPOLL} with the poller's idle time before it sleeps.
         *
         * @param idleMillis milliseconds the poller spins before it sleeps
         * @return this builder
         */
        public Builder sqPoll(int idleMillis) {
            this.flags |= IORING_SETUP_SQPOLL;
            this.sqThreadIdleMillis = idleMillis;
            return this;
        }

        /**
         * Pins the SQPOLL thread to {@code cpu} ({@code IORING_SETUP_SQ_AFF}).
         *
         * @param cpu the CPU number
         * @return this builder
         */
        public Builder sqThreadCpu(int cpu) {
            this.flags |= IORING_SETUP_SQ_AFF;
            this.sqThreadCpu = cpu;
            return this;
        }

        /**
         * When the kernel rejects the flags with {@code EINVAL}, retry without
         * {@code NO_SQARRAY}, then {@code DEFER_TASKRUN}, {@code TASKRUN_FLAG}, {@code COOP_TASKRUN},
         * {@code SINGLE_ISSUER} and {@code SUBMIT_ALL}, in that order.
         *
         * @param bestEffort true to retry with fewer flags
         * @return this builder
         */
        public Builder bestEffort(boolean bestEffort) {
            this.bestEffort = bestEffort;
            return this;
        }

        /**
         * The fastest setup for a ring owned by one platform thread: single issuer, deferred task work, no
         * SQ array (with {@link #bestEffort} fallbacks).
         *
         * @return this builder
         */
        public Builder singleThreaded() {
            return flags(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL
                    | IORING_SETUP_NO_SQARRAY).bestEffort(true);
        }

        /**
         * Creates the ring.
         *
         * @return the ring, open
         * @throws LinuxException for {@code io_uring_setup} or {@code mmap} failures, e.g. {@code EINVAL}
         *                        for flags the kernel does not accept
         * @throws UnsatisfiedLinkError when the JVM denies aionet native access: the message names the
         *                              {@code --enable-native-access} flag to add
         */
        public IoUring open() throws LinuxException {
            io.aionet.linux.NativeAccess.require();
            int f = flags;
            if ((f & (IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_COOP_TASKRUN)) != 0) {
                // Lets a peek see that deferred work is waiting (IORING_SQ_TASKRUN), so it enters only then.
                f |= IORING_SETUP_TASKRUN_FLAG;
            }
            if (cqEntries > 0) {
                f |= IORING_SETUP_CQSIZE;
            }
            int[] optional = {IORING_SETUP_NO_SQARRAY, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_TASKRUN_FLAG,
                    IORING_SETUP_COOP_TASKRUN, IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_SUBMIT_ALL};
            int next = 0;
            while (true) {
                try {
                    return IoUring.setup(entries, cqEntries, f, sqThreadIdleMillis, sqThreadCpu);
                } catch (LinuxException e) {
                    if (!bestEffort || e.errno() != Errno.EINVAL) {
                        throw e;
                    }
                    while (next < optional.length && (f & optional[next]) == 0) {
                        next++;
                    }
                    if (next == optional.length) {
                        throw e;
                    }
                    f &= ~optional[next];
                    if (optional[next] == IORING_SETUP_SINGLE_ISSUER) {
                        f &= ~IORING_SETUP_DEFER_TASKRUN;
                    }
                }
            }
        }
    }

    private static IoUring setup(int entries, int cqEntries, int flags, int sqIdle, int sqCpu) throws LinuxException {
        Arena arena = Arena.ofShared();
        int fd = -1;
        try {
            MemorySegment p = arena.allocate(IoUringParams.LAYOUT);
            p.set(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_flags, flags);
            p.set(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_cq_entries, cqEntries);
            p.set(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_sq_thread_idle, sqIdle);
            if (sqCpu >= 0) {
                p.set(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_sq_thread_cpu, sqCpu);
            }
            int r = IoUringSyscalls.io_uring_setup(entries, p);
            if (r == -io.aionet.Errno.ENOMEM) {
                // since 6.13 the rings' memory is charged to RLIMIT_MEMLOCK for users without CAP_IPC_LOCK
                throw new LinuxException("io_uring_setup", io.aionet.Errno.ENOMEM, MemlockHint.forRing(entries, cqEntries));
            }
            fd = Native.check("io_uring_setup", r);
            int feat = p.get(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_features);
            int sqEntries = p.get(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_sq_entries);
            int cqN = p.get(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_cq_entries);
            int cqeSize = (flags & IORING_SETUP_CQE32) != 0 ? 32 : 16;
            int sqeSize = (flags & IORING_SETUP_SQE128) != 0 ? 128 : 64;
            long sqArray = Integer.toUnsignedLong(p.get(ValueLayout.JAVA_INT,
                    IoUringParams.OFFSETOF_sq_off + IoUringParams.SQ_OFF_array));
            long sqRingSize = (flags & IORING_SETUP_NO_SQARRAY) != 0
                    ? Integer.toUnsignedLong(p.get(ValueLayout.JAVA_INT, IoUringParams.OFFSETOF_sq_off + IoUringParams.SQ_OFF_dropped)) + 4
                    : sqArray + 4L * sqEntries;
            long cqRingSize = Integer.toUnsignedLong(p.get(ValueLayout.JAVA_INT,
                    IoUringParams.OFFSETOF_cq_off + IoUringParams.CQ_OFF_cqes)) + (long) cqN * cqeSize;
            boolean single = (feat & IORING_FEAT_SINGLE_MMAP) != 0;
            if (single) {
                sqRingSize = cqRingSize = Math.max(sqRingSize, cqRingSize);
            }
            MemorySegment sqRing = map(arena, fd, sqRingSize, IORING_OFF_SQ_RING, "SQ ring");
            MemorySegment cqRing = single ? sqRing : map(arena, fd, cqRingSize, IORING_OFF_CQ_RING, "CQ ring");
            MemorySegment sqes = map(arena, fd, (long) sqeSize * sqEntries, IORING_OFF_SQES, "SQE array");
            return new IoUring(fd, p, arena, sqRing, cqRing, sqes);
        } catch (LinuxException | RuntimeException | Error e) {
            // Undo the partial setup: the arena's cleanups unmap what was mapped.
            arena.close();
            if (fd >= 0) {
                io.aionet.linux.Fds.close(fd);
            }
            throw e;
        }
    }

    private static MemorySegment map(Arena arena, int fd, long size, long offset, String what) throws LinuxException {
        long addr = Mem.mmap(size, Mem.PROT_READ | Mem.PROT_WRITE, Mem.MAP_SHARED | Mem.MAP_POPULATE, fd, offset);
        if (addr < 0) {
            throw new LinuxException("mmap", (int) -addr, what + " of " + size + " bytes");
        }
        return MemorySegment.ofAddress(addr).reinterpret(size, arena, s -> Mem.munmap(s.address(), s.byteSize()));
    }

    // ================================================================ facts

    /** {@return the ring's file descriptor} */
    public int fd() {
        ensureOpen();
        return ringFd;
    }

    /** {@return the features word ({@code io_uring_params.features}, {@code IORING_FEAT_*}) the kernel reported} */
    public int features() {
        return features;
    }

    /** {@return the setup flags in force ({@code IORING_SETUP_*}), after any {@link Builder#bestEffort} fallback} */
    public int setupFlags() {
        return setupFlags;
    }

    /**
     * True when {@code feature} ({@code IORING_FEAT_*}) is set.
     *
     * @param feature an {@code IORING_FEAT_*} bit
     * @return true when {@code feature} ({@code IORING_FEAT_*}) is set
     */
    public boolean hasFeature(int feature) {
        return (features & feature) == feature;
    }

    /** {@return the SQ size} */
    public int sqEntries() {
        return sq.ringEntries;
    }

    /** {@return the CQ size} */
    public int cqEntries() {
        return cq.ringEntries;
    }

    // ================================================================ submission

    /**
     * liburing's {@code io_uring_get_sqe}: the next free entry, or {@code null} when the SQ is full —
     * then {@link #submit()} and ask again; nothing is lost. The returned {@link Sqe} is the ring's one
     * flyweight, valid until the next call.
     *
     * @return the entry to prepare, or {@code null} when the SQ is full
     */
    public Sqe getSqe() {
        ensureOpen();
        long off = sq.nextSqe();
        if (off < 0) {
            return null;
        }
        sqe.moveTo(off, sq.indexOf(off));
        return sqe;
    }

    /** {@return the free SQ slots} */
    public int sqSpaceLeft() {
        ensureOpen();
        return sq.spaceLeft();
    }

    /** {@return entries prepared and not yet consumed by the kernel} */
    public int sqReady() {
        ensureOpen();
        return sq.ready();
    }

    void noteSkipSuccess() {
        skipSuccess++;
    }

    /**
     * {@code io_uring_submit}: hands every prepared entry to the kernel.
     *
     * @return entries submitted, or a negative errno status that asks the caller to retry:
     *         {@code -EAGAIN} / {@code -EBUSY} (the kernel is short of resources or the CQ is overflowing:
     *         reap completions first) or {@code -EINTR}
     * @throws LinuxException for any other failure (e.g. {@code EBADF}: a bug, not a status)
     */
    public int submit() throws LinuxException {
        return enter(0, false, 0);
    }

    /** {@return true when a kernel thread polls the submission queue ({@code IORING_SETUP_SQPOLL})} */
    public boolean isSqPoll() {
        return sqpoll;
    }

    /**
     * {@code io_uring_sqring_wait}: with {@code IORING_SETUP_SQPOLL}, waits until the kernel's poller has
     * taken entries and the submission queue has room ({@code IORING_ENTER_SQ_WAIT}); without it, returns 0
     * at once (the owner's own submit makes room).
     *
     * @return 0, or a status as {@link #submit()}
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public int sqWait() throws LinuxException {
        ensureOpen();
        if (!sqpoll || sq.spaceLeft() > 0) {
            return 0;
        }
        // blocks until the poller has consumed entries: not the critical downcall
        int r = IoUringSyscalls.io_uring_enter(errno, enterFd, 0, 0, enterFlags | IORING_ENTER_SQ_WAIT, 0L, 0L);
        if (r < 0 && r != -Errno.EAGAIN && r != -Errno.EBUSY && r != -Errno.EINTR) {
            throw new LinuxException("io_uring_enter", -r);
        }
        return Math.min(r, 0);
    }

    /**
     * {@code io_uring_submit_and_wait}: submits, then waits until at least {@code waitNr} completions
     * are ready. Returns at once when they already are.
     *
     * @param waitNr completions to wait for
     * @return as {@link #submit()}
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public int submitAndWait(int waitNr) throws LinuxException {
        if (waitNr < 0) {
            throw new IllegalArgumentException("waitNr must not be negative: " + waitNr);
        }
        return enter(waitNr, false, 0);
    }

    /**
     * {@code io_uring_submit_and_wait_timeout}: submits, then waits for {@code waitNr} completions or
     * until {@code timeoutNanos} passed ({@code IORING_ENTER_EXT_ARG}). Completions already ready count
     * and make it return without waiting.
     *
     * @param waitNr completions to wait for
     * @param timeoutNanos the longest wait, in nanoseconds
     * @return entries submitted, or {@code -ETIME} when the time ran out and nothing was submitted,
     *         or another status as {@link #submit()}
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public int submitAndWait(int waitNr, long timeoutNanos) throws LinuxException {
        if (waitNr < 0) {
            throw new IllegalArgumentException("waitNr must not be negative: " + waitNr);
        }
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutNanos);
        }
        return enter(waitNr, true, timeoutNanos);
    }

    private int enter(int waitNr, boolean timed, long timeoutNanos) throws LinuxException {
        ensureOpen();
        published += sq.flush();
        int toSubmit = sq.pendingInKernelView();
        int flags = enterFlags;
        boolean needEnter = false;
        if (sqpoll) {
            // The SQ tail store must be visible before the wakeup flag is read (liburing's
            // io_uring_smp_mb in sq_ring_needs_enter); pairs with the SQPOLL thread's barrier
            // between setting NEED_WAKEUP and re-checking the tail.
            VarHandle.fullFence();
            if ((sq.flags() & IORING_SQ_NEED_WAKEUP) != 0) {
                flags |= IORING_ENTER_SQ_WAKEUP;
                needEnter = true;
            }
        } else {
            needEnter = toSubmit > 0;
        }
        if (waitNr > 0 && cq.ready() >= waitNr && !needEnter) {
            return 0; // what was asked for is already there: no system call
        }
        if (waitNr > 0 || cqNeedsFlush()) {
            flags |= IORING_ENTER_GETEVENTS;
            needEnter = true;
        }
        if (!needEnter) {
            return 0;
        }
        int r;
        if (timed && waitNr > 0) {
            waitTimespec.set(ValueLayout.JAVA_LONG, KernelTimespec.OFFSETOF_tv_sec, timeoutNanos / 1_000_000_000L);
            waitTimespec.set(ValueLayout.JAVA_LONG, KernelTimespec.OFFSETOF_tv_nsec, timeoutNanos % 1_000_000_000L);
            getEventsArg.set(ValueLayout.JAVA_LONG, IoUringGeteventsArg.OFFSETOF_sigmask, 0L);
            getEventsArg.set(ValueLayout.JAVA_INT, IoUringGeteventsArg.OFFSETOF_sigmask_sz, SIGSET_SIZE);
            getEventsArg.set(ValueLayout.JAVA_INT, IoUringGeteventsArg.OFFSETOF_min_wait_usec, 0);
            getEventsArg.set(ValueLayout.JAVA_LONG, IoUringGeteventsArg.OFFSETOF_ts, waitTimespec.address());
            r = IoUringSyscalls.io_uring_enter(errno, enterFd, sqpoll ? 0 : toSubmit, waitNr,
                    flags | IORING_ENTER_EXT_ARG, getEventsArg.address(), IoUringGeteventsArg.SIZEOF);
        } else if (waitNr > 0) {
            r = IoUringSyscalls.io_uring_enter(errno, enterFd, sqpoll ? 0 : toSubmit, waitNr, flags, 0L, 0L);
        } else {
            r = IoUringSyscalls.io_uring_enter_nowait(errno, enterFd, sqpoll ? 0 : toSubmit, flags);
        }
        if (r < 0) {
            int e = -r;
            if (e == Errno.EAGAIN || e == Errno.EBUSY || e == Errno.EINTR || e == Errno.ETIME) {
                return r;
            }
            throw new LinuxException("io_uring_enter", e);
        }
        return sqpoll ? toSubmit : r;
    }

    /**
     * True when completions wait in the kernel rather than in the CQ: deferred task work
     * ({@code IORING_SQ_TASKRUN}) or overflowed completions ({@code IORING_SQ_CQ_OVERFLOW}); only then
     * does reaping need a system call.
     */
    private boolean cqNeedsFlush() {
        return (sq.flags() & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) != 0
                || (!taskrunFlag && (setupFlags & IORING_SETUP_DEFER_TASKRUN) != 0);
    }

    // ================================================================ completion

    /** {@return completions ready to read in the CQ, without a system call} */
    public int cqReady() {
        ensureOpen();
        return cq.ready();
    }

    /**
     * Hands up to {@code max} completions to {@code handler}, then marks them consumed. When none is in
     * the CQ but the kernel holds some back (deferred task work, overflow), it enters the kernel once,
     * without waiting, to flush them; otherwise it makes no system call.
     *
     * @param handler called once per completion
     * @param max completions at most
     * @return how many completions were handled
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public int forEachCqe(CqeHandler handler, int max) throws LinuxException {
        java.util.Objects.requireNonNull(handler, "handler");
        ensureOpen();
        if (cq.ready() == 0 && cqNeedsFlush()) {
            flushDeferred();
        }
        return cq.forEach(handler, max);
    }

    /**
     * liburing's {@code io_uring_peek_cqe}: copies the oldest completion into {@code out} without
     * consuming it; follow with {@link #cqeSeen()}. False when none is ready (after flushing deferred
     * completions as {@link #forEachCqe} does).
     *
     * @param out filled with the completion
     * @return true when {@code out} holds a completion
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public boolean peekCqe(Cqe out) throws LinuxException {
        java.util.Objects.requireNonNull(out, "out");
        ensureOpen();
        if (cq.ready() == 0 && cqNeedsFlush()) {
            flushDeferred();
        }
        return cq.peek(out);
    }

    /** liburing's {@code io_uring_cqe_seen}: consumes the completion {@link #peekCqe} returned. */
    public void cqeSeen() {
        ensureOpen();
        if (cq.ready() <= 0) {
            throw new IllegalStateException("no completion to mark seen");
        }
        cq.seen(1);
    }

    /**
     * Waits until a completion is ready (or {@code timeoutNanos} passed) and copies it into {@code out}.
     *
     * @param out filled with the completion
     * @param timeoutNanos the longest wait, in nanoseconds
     * @return true when {@code out} holds a completion; false on timeout or interruption
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public boolean waitCqe(Cqe out, long timeoutNanos) throws LinuxException {
        java.util.Objects.requireNonNull(out, "out");
        ensureOpen();
        if (!cq.peek(out)) {
            int r = submitAndWait(1, timeoutNanos);
            if (r < 0 && r != -Errno.ETIME && r != -Errno.EINTR && r != -Errno.EAGAIN && r != -Errno.EBUSY) {
                throw new LinuxException("io_uring_enter", -r);
            }
            return cq.peek(out);
        }
        return true;
    }

    private void flushDeferred() throws LinuxException {
        int r = IoUringSyscalls.io_uring_enter_nowait(errno, enterFd, 0, enterFlags | IORING_ENTER_GETEVENTS);
        if (r < 0 && r != -Errno.EAGAIN && r != -Errno.EBUSY && r != -Errno.EINTR) {
            throw new LinuxException("io_uring_enter", -r);
        }
    }

    /**
     * True while the kernel holds completions that did not fit the CQ ({@code IORING_SQ_CQ_OVERFLOW});
     * with {@code IORING_FEAT_NODROP} none is lost, and reaping flushes them in.
     *
     * @return true while completions wait in the kernel
     */
    public boolean cqOverflowPending() {
        ensureOpen();
        return (sq.flags() & IORING_SQ_CQ_OVERFLOW) != 0;
    }

    /** {@return completions the kernel could not keep at all ({@code cq_ring->overflow}; zero with NODROP unless memory ran out)} */
    public int cqOverflowDropped() {
        ensureOpen();
        return cq.overflow();
    }

    /** {@return entries the kernel skipped as invalid ({@code sq_ring->dropped})} */
    public int sqDropped() {
        ensureOpen();
        return sq.dropped();
    }

    /**
     * Requests submitted whose final completion has not been reaped yet: published entries minus
     * completions without {@code IORING_CQE_F_MORE}. Entries flagged {@code IOSQE_CQE_SKIP_SUCCESS}
     * are not counted; completions posted by other rings ({@code MSG_RING}) make it an estimate that
     * may dip below the truth, never above it.
     *
     * @return requests still in flight
     */
    public long inFlight() {
        return Math.max(0, published - skipSuccess - cq.terminalSeen);
    }

    /**
     * Turns off ({@code true}) or back on the registered eventfd's signals ({@code IORING_CQ_EVENTFD_DISABLED}).
     *
     * @param disabled true: no signals; false: signal again
     */
    public void setEventFdDisabled(boolean disabled) {
        ensureOpen();
        int f = cq.flags();
        cq.setFlags(disabled ? f | IORING_CQ_EVENTFD_DISABLED : f & ~IORING_CQ_EVENTFD_DISABLED);
    }

    // ================================================================ registration

    private int register(int opcode, MemorySegment arg, int nrArgs, String what) throws LinuxException {
        ensureOpen();
        int r = IoUringSyscalls.io_uring_register(ringFd, opcode, arg, nrArgs);
        if (r < 0) {
            throw new LinuxException("io_uring_register", -r, what);
        }
        return r;
    }

    /**
     * {@code IORING_REGISTER_BUFFERS}: registers {@code buffers} as fixed buffers 0…n-1, pinned once
     * for every later {@code *_FIXED} request. Counts against {@code RLIMIT_MEMLOCK} without
     * {@code CAP_IPC_LOCK}.
     *
     * @param buffers native segments, each pinned and registered
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void registerBuffers(MemorySegment... buffers) throws LinuxException {
        java.util.Objects.requireNonNull(buffers, "buffers");
        if (buffers.length == 0 || buffers.length > 16384) {
            throw new IllegalArgumentException("1..16384 buffers can be registered: " + buffers.length);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment iov = a.allocate(Iovec.LAYOUT, buffers.length);
            for (int i = 0; i < buffers.length; i++) {
                MemorySegment b = buffers[i];
                if (!b.isNative()) {
                    throw new IllegalArgumentException("buffer " + i + " is not native memory");
                }
                iov.set(ValueLayout.JAVA_LONG, i * Iovec.SIZEOF + Iovec.OFFSETOF_iov_base, b.address());
                iov.set(ValueLayout.JAVA_LONG, i * Iovec.SIZEOF + Iovec.OFFSETOF_iov_len, b.byteSize());
            }
            register(IORING_REGISTER_BUFFERS, iov, buffers.length, "IORING_REGISTER_BUFFERS");
            buffersRegistered = true;
        }
    }

    /**
     * {@code IORING_UNREGISTER_BUFFERS}.
     *
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void unregisterBuffers() throws LinuxException {
        register(IORING_UNREGISTER_BUFFERS, MemorySegment.NULL, 0, "IORING_UNREGISTER_BUFFERS");
        buffersRegistered = false;
    }

    /**
     * {@code IORING_REGISTER_FILES}: fixed files 0…n-1 ({@code -1} leaves a slot empty).
     *
     * @param fds the descriptors
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void registerFiles(int... fds) throws LinuxException {
        java.util.Objects.requireNonNull(fds, "fds");
        if (fds.length == 0) {
            throw new IllegalArgumentException("no files to register");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocateFrom(ValueLayout.JAVA_INT, fds);
            register(IORING_REGISTER_FILES, arr, fds.length, "IORING_REGISTER_FILES");
            filesRegistered = true;
        }
    }

    /**
     * {@code IORING_UNREGISTER_FILES}.
     *
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void unregisterFiles() throws LinuxException {
        register(IORING_UNREGISTER_FILES, MemorySegment.NULL, 0, "IORING_UNREGISTER_FILES");
        filesRegistered = false;
    }

    /**
     * {@code IORING_REGISTER_EVENTFD} (or {@code _ASYNC}, which signals only for completions that did
     * not complete inline): the kernel adds to {@code eventFd} when completions are posted.
     *
     * @param eventFd an eventfd descriptor
     * @param async true: {@code IORING_REGISTER_EVENTFD_ASYNC}
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void registerEventFd(int eventFd, boolean async) throws LinuxException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocateFrom(ValueLayout.JAVA_INT, eventFd);
            register(async ? IORING_REGISTER_EVENTFD_ASYNC : IORING_REGISTER_EVENTFD, arr, 1,
                    "IORING_REGISTER_EVENTFD");
            eventFdRegistered = true;
        }
    }

    /**
     * {@code IORING_UNREGISTER_EVENTFD}.
     *
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void unregisterEventFd() throws LinuxException {
        register(IORING_UNREGISTER_EVENTFD, MemorySegment.NULL, 0, "IORING_UNREGISTER_EVENTFD");
        eventFdRegistered = false;
    }

    /**
     * {@code IORING_REGISTER_RING_FDS}: registers the ring's own descriptor so {@code io_uring_enter}
     * skips the fd lookup ({@code IORING_ENTER_REGISTERED_RING}).
     *
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void registerRingFd() throws LinuxException {
        if (registeredIndex >= 0) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            // struct io_uring_rsrc_update { __u32 offset; __u32 resv; __aligned_u64 data; }
            MemorySegment upd = a.allocate(16, 8);
            upd.set(ValueLayout.JAVA_INT, 0, -1); // any free slot
            upd.set(ValueLayout.JAVA_LONG, 8, ringFd);
            register(IORING_REGISTER_RING_FDS, upd, 1, "IORING_REGISTER_RING_FDS");
            registeredIndex = upd.get(ValueLayout.JAVA_INT, 0);
            enterFd = registeredIndex;
            enterFlags |= IORING_ENTER_REGISTERED_RING;
        }
    }

    /**
     * {@code IORING_UNREGISTER_RING_FDS}.
     *
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void unregisterRingFd() throws LinuxException {
        if (registeredIndex < 0) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment upd = a.allocate(16, 8);
            upd.set(ValueLayout.JAVA_INT, 0, registeredIndex);
            register(IORING_UNREGISTER_RING_FDS, upd, 1, "IORING_UNREGISTER_RING_FDS");
            registeredIndex = -1;
            enterFd = ringFd;
            enterFlags &= ~IORING_ENTER_REGISTERED_RING;
        }
    }

    /** {@return true when {@link #registerRingFd()} is in effect} */
    public boolean isRingFdRegistered() {
        return registeredIndex >= 0;
    }

    /**
     * Creates and registers a provided buffer ring ({@code IORING_REGISTER_PBUF_RING}) of
     * {@code entries} slots for group {@code bgid}; {@code flags} may hold {@code IOU_PBUF_RING_INC}.
     * The ring is unregistered and unmapped by {@link BufRing#close()} or, at the latest, by this
     * ring's {@link #close()}.
     *
     * @param entries slots, a power of two
     * @param bgid the buffer group id, 0 … 65535
     * @param flags registration flags ({@code IOU_PBUF_RING_INC}, 0 for none)
     * @return the registered ring (close it to unregister)
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public BufRing registerBufRing(int entries, int bgid, int flags) throws LinuxException {
        ensureOpen();
        BufRing br = BufRing.create(this, entries, bgid, flags);
        bufRings.add(br);
        return br;
    }

    int registerPbufRingRaw(MemorySegment reg) {
        ensureOpen();
        return IoUringSyscalls.io_uring_register(ringFd, IORING_REGISTER_PBUF_RING, reg, 1);
    }

    int unregisterPbufRingRaw(MemorySegment reg) {
        return IoUringSyscalls.io_uring_register(ringFd, IORING_UNREGISTER_PBUF_RING, reg, 1);
    }

    void forget(BufRing br) {
        bufRings.remove(br);
    }

    /**
     * {@code IORING_REGISTER_IOWQ_MAX_WORKERS}: bounds the kernel's worker threads for this ring
     * (bounded: regular-file and block I/O; unbounded: sockets and the like). 0 leaves a value as is.
     *
     * @param bounded the most bounded workers (0: leave as is)
     * @param unbounded the most unbounded workers (0: leave as is)
     * @return the previous limits {@code [bounded, unbounded]}
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public int[] registerIowqMaxWorkers(int bounded, int unbounded) throws LinuxException {
        if (bounded < 0 || unbounded < 0) {
            throw new IllegalArgumentException("worker limits must not be negative");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocateFrom(ValueLayout.JAVA_INT, bounded, unbounded);
            register(IORING_REGISTER_IOWQ_MAX_WORKERS, arr, 2, "IORING_REGISTER_IOWQ_MAX_WORKERS");
            return new int[] {arr.getAtIndex(ValueLayout.JAVA_INT, 0), arr.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    /**
     * {@code IORING_REGISTER_ENABLE_RINGS}: starts a ring created with {@code IORING_SETUP_R_DISABLED}.
     *
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public void enableRings() throws LinuxException {
        register(IORING_REGISTER_ENABLE_RINGS, MemorySegment.NULL, 0, "IORING_REGISTER_ENABLE_RINGS");
    }

    /**
     * {@code IORING_REGISTER_PROBE}: which opcodes this kernel supports.
     *
     * @return the kernel's opcode table
     * @throws LinuxException when the kernel refuses (the exception names the call and the errno)
     */
    public Probe probe() throws LinuxException {
        try (Arena a = Arena.ofConfined()) {
            int ops = 256;
            MemorySegment p = a.allocate(io.aionet.linux.IoUringProbe.SIZEOF + ops * io.aionet.linux.IoUringProbe.SIZEOF_op, 8);
            register(IORING_REGISTER_PROBE, p, ops, "IORING_REGISTER_PROBE");
            return Probe.read(p);
        }
    }

    // ================================================================ lifecycle

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("io_uring instance (fd " + ringFd + ") is closed");
        }
    }

    /** {@return true after {@link #close()}} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Drains, unregisters, unmaps, closes. Pending requests are cancelled
     * ({@code IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL}) and their completions awaited for up
     * to five seconds, so the kernel is done with every buffer they named before this returns.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            drain();
        } catch (LinuxException | RuntimeException e) {
            // the ring is going away regardless; the close below still cancels what is left
        }
        for (BufRing br : new ArrayList<>(bufRings)) {
            br.close();
        }
        try {
            if (eventFdRegistered) {
                unregisterEventFd();
            }
            if (filesRegistered) {
                unregisterFiles();
            }
            if (buffersRegistered) {
                unregisterBuffers();
            }
            if (registeredIndex >= 0) {
                unregisterRingFd();
            }
        } catch (LinuxException e) {
            // closing the fd below releases every registration anyway
        }
        closed = true;
        arena.close(); // munmap of SQ/CQ rings and the SQE array
        io.aionet.linux.Fds.close(ringFd);
    }

    private void drain() throws LinuxException {
        // Throw away what was prepared but never submitted: nobody is waiting for it.
        sq.sqeTail = sq.sqeHead;
        if (inFlight() == 0) {
            return;
        }
        Sqe s = getSqe();
        if (s == null) {
            submit();
            s = getSqe();
        }
        if (s != null) {
            s.prepCancel(0, IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL).userData(DRAIN_TAG);
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        CqeHandler discard = (u, r, f) -> { };
        while (inFlight() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            submitAndWait(1, Math.min(left, 100_000_000L));
            cq.forEach(discard, Integer.MAX_VALUE);
        }
    }

    /**
     * A completion flag no kernel completion carries: {@link Sqe#prepMsgRingPosted} sets it (through
     * {@code IORING_MSG_RING_FLAGS_PASS}) on messages it posts to another ring, so the receiver can
     * tell them from its own requests' completions and does not count them as finished requests.
     */
    public static final int CQE_F_POSTED = 1 << 13;

    /** {@code user_data} of the cancel-all request {@link #close()} submits. */
    public static final long DRAIN_TAG = 0xD2A1_0000_0000_0000L;

    @Override
    public String toString() {
        return "IoUring[fd=" + ringFd + ", sq=" + sq.ringEntries + ", cq=" + cq.ringEntries
                + ", flags=0x" + Integer.toHexString(setupFlags) + ", features=0x" + Integer.toHexString(features)
                + (closed ? ", closed" : "") + "]";
    }

    /** Holds the availability probe's outcome. */
    private static final class Availability {
        static final Throwable CAUSE = probe();

        private static Throwable probe() {
            try {
                try (IoUring r = IoUring.builder().entries(1).open()) {
                    return null;
                }
            } catch (LinuxException e) {
                String why = switch (e.errno()) {
                    case Errno.ENOSYS -> "the kernel was built without io_uring (ENOSYS)";
                    case Errno.EPERM -> "io_uring is not permitted here (EPERM): " + disabledSysctl()
                            + " or a seccomp filter (e.g. Docker's default profile) blocks it";
                    default -> e.getMessage();
                };
                return new UnsupportedOperationException(why, e);
            } catch (Throwable t) {
                return t;
            }
        }

        private static String disabledSysctl() {
            try {
                String v = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
                return "kernel.io_uring_disabled=" + v;
            } catch (Exception e) {
                return "kernel.io_uring_disabled could not be read";
            }
        }
    }
}
