package io.aionet.bench.nop;

import io.aionet.LinuxException;
import io.aionet.uring.CqeHandler;
import io.aionet.uring.IoUring;
import io.aionet.uring.Sqe;

/**
 * The NOP round trip both the JMH benchmark and the macro harness measure: prepare {@code B} NOPs,
 * submit them with one {@code io_uring_enter} that waits for their {@code B} completions, reap them.
 * It is the smallest unit of work an event channel (Drepper's {@code ec_next_event} over an io_uring
 * completion queue) can do, so it shows what the ring layer itself costs against liburing in C.
 *
 * <p>The ring is set up as {@code IoUring.builder().entries(256).singleThreaded().open()}, the profile
 * every single-threaded aionet channel uses. It must be driven by the thread that created it
 * ({@code IORING_SETUP_SINGLE_ISSUER}). Nothing in {@link #batch(int)} allocates.
 */
public final class NopLoop implements AutoCloseable {
    /** SQ entries: room for the largest batch measured. */
    public static final int ENTRIES = 256;

    private final IoUring ring;
    private final boolean sqPoll;
    /** Made once: a method reference created per call would be an allocation on the hot path. */
    private final CqeHandler onCqe = this::onCqe;
    private long tag;
    private long checksum;
    private int failed;

    /** Opens the ring on the calling thread, which becomes its only submitter. */
    public NopLoop() throws LinuxException {
        this.ring = IoUring.builder().entries(ENTRIES).singleThreaded().open();
        this.sqPoll = false;
    }

    /**
     * The SQPOLL form ({@code aionet-sqpoll}): a kernel thread polls the submission queue, asleep after
     * {@code idleMillis} without work; {@link #timed} runs {@link #batchPolled(int)}, the busy loop SQPOLL is
     * for.
     */
    public NopLoop(int idleMillis) throws LinuxException {
        this.ring = IoUring.builder().entries(ENTRIES).sqPoll(idleMillis)
                .flags(io.aionet.uring.IoUringConstants.IORING_SETUP_SINGLE_ISSUER
                        | io.aionet.uring.IoUringConstants.IORING_SETUP_NO_SQARRAY).bestEffort(true).open();
        this.sqPoll = true;
    }

    /** The {@code IORING_SETUP_*} flags the kernel accepted. */
    public int setupFlags() {
        return ring.setupFlags();
    }

    /**
     * One batch: {@code b} NOPs prepared (each with its own {@code user_data}), submitted and waited
     * for with one system call, and reaped.
     *
     * @return the running checksum of the reaped {@code user_data} (a value the caller can sink)
     * @throws IllegalArgumentException when {@code b} is not 1..{@link #ENTRIES}
     * @throws IllegalStateException    when the kernel returned fewer completions than NOPs, or a NOP failed
     */
    public long batch(int b) throws LinuxException {
        if (b < 1 || b > ENTRIES) {
            throw new IllegalArgumentException("batch must be 1.." + ENTRIES + ": " + b);
        }
        IoUring r = ring;
        for (int i = 0; i < b; i++) {
            Sqe sqe = r.getSqe();
            if (sqe == null) {
                throw new IllegalStateException("SQ full after " + i + " of " + b + " NOPs");
            }
            sqe.prepNop().userData(++tag);
        }
        int s = r.submitAndWait(b);
        if (s < 0) {
            throw new IllegalStateException("io_uring_enter returned status " + s);
        }
        int n = r.forEachCqe(onCqe, b);
        if (n != b || failed != 0) {
            throw new IllegalStateException("reaped " + n + " of " + b + " NOP completions, " + failed + " failed");
        }
        return checksum;
    }

    /**
     * One batch the SQPOLL way: {@code b} NOPs published without a system call (one {@code io_uring_enter}
     * only to wake a sleeping poller), then reaped by spinning on the completion queue rather than
     * waiting in the kernel. For the {@link #NopLoop(int) SQPOLL ring}; allocates nothing.
     *
     * @return the running checksum of the reaped {@code user_data}
     * @throws IllegalStateException when fewer completions came than NOPs were made, or a NOP failed
     */
    public long batchPolled(int b) throws LinuxException {
        if (b < 1 || b > ENTRIES) {
            throw new IllegalArgumentException("batch must be 1.." + ENTRIES + ": " + b);
        }
        IoUring r = ring;
        for (int i = 0; i < b; i++) {
            Sqe sqe = r.getSqe();
            if (sqe == null) {
                // the poller posts a batch's completions before it moves the SQ head past the batch: wait
                // for the head (IORING_ENTER_SQ_WAIT, a system call only while the queue is full)
                r.sqWait();
                sqe = r.getSqe();
                if (sqe == null) {
                    throw new IllegalStateException("SQ full after " + i + " of " + b + " NOPs");
                }
            }
            sqe.prepNop().userData(++tag);
        }
        int s = r.submit(); // no system call while the poller is awake
        if (s < 0) {
            throw new IllegalStateException("io_uring_enter returned status " + s);
        }
        int n = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (n < b && System.nanoTime() < deadline) {
            int k = r.forEachCqe(onCqe, b - n);
            if (k == 0) {
                Thread.onSpinWait();
            }
            n += k;
        }
        if (n != b || failed != 0) {
            throw new IllegalStateException("reaped " + n + " of " + b + " NOP completions, " + failed + " failed");
        }
        return checksum;
    }

    /**
     * Elapsed and CPU time of one timed run.
     *
     * @param nsPerNop    elapsed nanoseconds per NOP ({@link System#nanoTime()})
     * @param cpuNsPerNop this thread's CPU nanoseconds per NOP, user and kernel
     *                    ({@code CLOCK_THREAD_CPUTIME_ID}); time slices lost to other processes do not count
     */
    public record Timing(double nsPerNop, double cpuNsPerNop) {}

    /** {@code nops} NOPs (rounded down to whole batches, at least one) in batches of {@code b}, timed. */
    public Timing timed(int b, long nops) throws LinuxException {
        long batches = Math.max(1, nops / b);
        long p0 = pollerCpuNanos();
        long c0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        if (sqPoll) {
            for (long k = 0; k < batches; k++) {
                batchPolled(b);
            }
        } else {
            for (long k = 0; k < batches; k++) {
                batch(b);
            }
        }
        long t1 = System.nanoTime();
        long c1 = CPU.getCurrentThreadCpuTime();
        long p1 = pollerCpuNanos();
        double n = (double) batches * b;
        // the poller's CPU is the process's: it is counted with the submitting thread's
        return new Timing((t1 - t0) / n, (c1 - c0 + p1 - p0) / n);
    }

    /**
     * On-CPU nanoseconds of this process's SQPOLL threads ({@code iou-sqp-*}, from
     * {@code /proc/self/task/TID/schedstat}); 0 without SQPOLL.
     */
    static long pollerCpuNanos() {
        long sum = 0;
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : tasks.toList()) {
                try {
                    if (java.nio.file.Files.readString(t.resolve("comm")).startsWith("iou-sqp")) {
                        sum += Long.parseLong(java.nio.file.Files.readString(t.resolve("schedstat")).trim().split(" ")[0]);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the task ended while it was read
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return sum;
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private void onCqe(long userData, int res, int flags) {
        if (res < 0) {
            failed++;
        }
        checksum += userData;
    }

    @Override
    public void close() {
        ring.close();
    }
}
