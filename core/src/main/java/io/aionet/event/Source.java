package io.aionet.event;

/**
 * One registered event source (kevent's "kevent" on a "storage"): it owns a slot in its channel's
 * table and tags its kernel requests with {@code (generation << 32) | slot}. A re-arm bumps the
 * generation so completions of the previous request are recognised as stale.
 */
abstract class Source {
    final EventChannel channel;
    final long tag;
    int slot;
    int generation;
    /** Kernel requests of this slot not yet finished (their terminal completion not yet seen). */
    int inKernel;
    /** Removed by the user: no more events; the slot is freed once {@link #inKernel} reaches 0. */
    boolean removed;

    Source(EventChannel channel, long tag) {
        this.channel = channel;
        this.tag = tag;
    }

    /** The {@code user_data} of this source's current request. */
    final long userData() {
        return ((long) generation << 32) | (slot & 0xffffffffL);
    }

    /** Submits this source's request (with a fresh generation). */
    abstract void arm();

    /** Asks the kernel to cancel the current request (tagged as internal work). */
    abstract void cancel();

    /**
     * A completion of the current generation arrived.
     *
     * @param terminal true when the request is finished (no {@code IORING_CQE_F_MORE})
     */
    abstract void onCompletion(int res, int flags, boolean terminal, PendingEvents out);


    /** True when completions must still reach the source after removal (operations returning buffers). */
    boolean completesAfterRemoval() {
        return false;
    }

    /** True for sources whose descriptor the channel watches for being closed behind its back. */
    boolean watchesDescriptor() {
        return false;
    }

    /** The descriptor this source watches, or -1. */
    int descriptor() {
        return -1;
    }

    /**
     * The channel has freed this source's slot (no kernel request of it remains) or is closing: release
     * what the source owns (its descriptors, its memory). Called once per source, on the owner thread.
     */
    void retired() {
    }
}
