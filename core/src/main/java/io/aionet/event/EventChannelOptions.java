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

    /** The defaults, as {@link #defaults()}; each setter changes this instance and returns it. */
    public EventChannelOptions() {
    }

    /**
     * {@return defaults: 256 submission slots, 4096 completion slots, 65536 queued posts, descriptors checked every second}
     */
    public static EventChannelOptions defaults() {
        return new EventChannelOptions();
    }

    /**
     * Sets the submission-queue slots: operations that can be queued before the channel must enter the
     * kernel to submit them.
     *
     * @param n slots, 1 … 32768, rounded up to a power of two by the kernel
     * @return this
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public EventChannelOptions submissionEntries(int n) {
        if (n < 1 || n > 32768) {
            throw new IllegalArgumentException("submissionEntries must be 1..32768: " + n);
        }
        submissionEntries = n;
        return this;
    }

    /**
     * Sets the completion-ring slots: events that can wait without overflowing (at least the submission
     * slots). A ring that overflows anyway calls {@link #onOverflow(Runnable)}'s handler.
     *
     * @param n slots, 2 … 65536
     * @return this
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public EventChannelOptions completionEntries(int n) {
        if (n < 2 || n > 65536) {
            throw new IllegalArgumentException("completionEntries must be 2..65536: " + n);
        }
        completionEntries = n;
        return this;
    }

    /**
     * Sets how many {@link EventChannel#post(long)} tags may wait before {@code post} waits (and
     * {@code tryPost} returns false).
     *
     * @param n tags, a power of two ≥ 2
     * @return this
     * @throws IllegalArgumentException when {@code n} is not such a power of two
     */
    public EventChannelOptions postCapacity(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("postCapacity must be a power of two >= 2: " + n);
        }
        postCapacity = n;
        return this;
    }

    /**
     * Sets how often registered descriptors are checked for having been closed behind the channel's back.
     *
     * @param millis the period in milliseconds; 0 turns the check off
     * @return this
     * @throws IllegalArgumentException when {@code millis} is negative
     */
    public EventChannelOptions descriptorCheckMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("descriptorCheckMillis must not be negative: " + millis);
        }
        descriptorCheckNanos = millis * 1_000_000L;
        return this;
    }

    /**
     * Sets what runs when the completion ring overflows (Drepper: "signal overflow out of band"). The
     * handler runs on the owner thread, inside {@code next} or {@code await}; it must not re-enter the
     * channel. Whether or not one is set, an overflow is also logged once per channel.
     *
     * @param handler the handler, or {@code null} for none
     * @return this
     */
    public EventChannelOptions onOverflow(Runnable handler) {
        overflowHandler = handler;
        return this;
    }
}
