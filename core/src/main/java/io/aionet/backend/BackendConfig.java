package io.aionet.backend;

/**
 * How big a backend's queues are: {@code submissionEntries} requests queued between submissions,
 * {@code completionEntries} completions held before they overflow (into the kernel's overflow list,
 * losing none). The owner thread is the thread that opens the backend.
 *
 * <p>{@code sqPollIdleMillis} ≥ 0 asks for a kernel thread polling the submission queue
 * ({@code IORING_SETUP_SQPOLL}) that sleeps after that many idle milliseconds, pinned to CPU
 * {@code sqPollCpu} when that is ≥ 0; -1: none. Only io_uring has it.
 */
public record BackendConfig(int submissionEntries, int completionEntries, int sqPollIdleMillis, int sqPollCpu) {
    /** Checks the sizes. */
    public BackendConfig {
        if (submissionEntries < 1 || completionEntries < 1) {
            throw new IllegalArgumentException("queue sizes must be positive: " + submissionEntries + ", " + completionEntries);
        }
        if (sqPollIdleMillis < -1 || sqPollCpu < -1) {
            throw new IllegalArgumentException("SQPOLL idle time and CPU are -1 (none) or more: " + sqPollIdleMillis + ", " + sqPollCpu);
        }
    }

    /** Sizes alone, without a submission-queue poller. */
    public BackendConfig(int submissionEntries, int completionEntries) {
        this(submissionEntries, completionEntries, -1, -1);
    }

    /** {@return true when a kernel thread is to poll the submission queue} */
    public boolean sqPoll() {
        return sqPollIdleMillis >= 0;
    }
}
