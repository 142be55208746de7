package io.aionet.event;

/**
 * Sizes and policies of an {@link EventChannel}: the program sizes its event ring, as Drepper's
 * {@code ec_create} proposes.
 */
public final class EventChannelOptions {
    int submissionEntries = 256;
    int completionEntries = 4096;
    int postCapacity = 1 << 16;
    long descriptorCheckNanos = 1_000_000_000L;
    Runnable overflowHandler;

    /**
     * {@return defaults: 256 submission slots, 4096 completion slots, 65536 queued posts, descriptors checked every second}
     */
    public static EventChannelOptions defaults() {
        return new EventChannelOptions();
    }

    /** Submission-queue slots (1..32768, rounded up to a power of two). */
    public EventChannelOptions submissionEntries(int n) {
        if (n < 1 || n > 32768) {
            throw new IllegalArgumentException("submissionEntries must be 1..32768: " + n);
        }
        submissionEntries = n;
        return this;
    }

    /** Completion-ring slots: events that can wait without overflowing (at least the submission slots). */
    public EventChannelOptions completionEntries(int n) {
        if (n < 2 || n > 65536) {
            throw new IllegalArgumentException("completionEntries must be 2..65536: " + n);
        }
        completionEntries = n;
        return this;
    }

    /** How many {@link EventChannel#post(long)} tags may wait (a power of two). */
    public EventChannelOptions postCapacity(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("postCapacity must be a power of two >= 2: " + n);
        }
        postCapacity = n;
        return this;
    }

    /** How often registered descriptors are checked for having been closed behind the channel's back; 0 turns it off. */
    public EventChannelOptions descriptorCheckMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("descriptorCheckMillis must not be negative: " + millis);
        }
        descriptorCheckNanos = millis * 1_000_000L;
        return this;
    }

    /** Called on the owner thread when the completion ring overflows (Drepper: "signal overflow out of band"). */
    public EventChannelOptions onOverflow(Runnable handler) {
        overflowHandler = handler;
        return this;
    }
}
