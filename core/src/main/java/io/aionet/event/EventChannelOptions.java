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
    int sqPollIdleMillis = -1;
    int sqPollCpu = -1;

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
     * Asks for a kernel thread that polls the channel's submission queue ({@code IORING_SETUP_SQPOLL}): a
     * loop that keeps it busy submits without a system call, and the thread sleeps after
     * {@code idleMillis} without work (the next submit wakes it with one {@code io_uring_enter}). It pays
     * where submissions are frequent and a core is spare; it burns a core — the poller's CPU time is the
     * process's — where the loop is mostly idle or cores are few ({@code docs/sqpoll.md}). Completions are
     * still reaped from the ring by the owner. Needs the io_uring backend.
     *
     * @param idleMillis milliseconds the poller spins without work before it sleeps (0: it sleeps at once)
     * @return this
     * @throws IllegalArgumentException when {@code idleMillis} is negative
     */
    public EventChannelOptions sqPoll(int idleMillis) {
        return sqPoll(idleMillis, -1);
    }

    /**
     * {@link #sqPoll(int)} with the poller pinned to CPU {@code cpu} ({@code IORING_SETUP_SQ_AFF}).
     *
     * @param idleMillis milliseconds the poller spins without work before it sleeps
     * @param cpu        the CPU the poller runs on, or -1 for any
     * @return this
     * @throws IllegalArgumentException when {@code idleMillis} is negative or {@code cpu} below -1
     */
    public EventChannelOptions sqPoll(int idleMillis, int cpu) {
        if (idleMillis < 0 || cpu < -1) {
            throw new IllegalArgumentException("sqPoll needs idleMillis >= 0 and cpu >= -1: " + idleMillis + ", " + cpu);
        }
        sqPollIdleMillis = idleMillis;
        sqPollCpu = cpu;
        return this;
    }

    /**
     * Sets what runs when the completion ring overflows (Drepper: "signal overflow out of band"). The
     * handler runs on the owner thread, inside {@code next} or {@code await}; it must not re-enter the
     * channel.
     *
     * @param handler the handler, or {@code null} for none
     * @return this
     */
    public EventChannelOptions onOverflow(Runnable handler) {
        overflowHandler = handler;
        return this;
    }
}
