package io.aionet.backend;

/**
 * How big a backend's queues are: {@code submissionEntries} requests queued between submissions,
 * {@code completionEntries} completions held before they overflow (into the kernel's overflow list,
 * losing none). The owner thread is the thread that opens the backend.
 */
public record BackendConfig(int submissionEntries, int completionEntries) {
    /** Checks the sizes. */
    public BackendConfig {
        if (submissionEntries < 1 || completionEntries < 1) {
            throw new IllegalArgumentException("queue sizes must be positive: " + submissionEntries + ", " + completionEntries);
        }
    }
}
