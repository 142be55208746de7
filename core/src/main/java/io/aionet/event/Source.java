package io.aionet.event;

import io.aionet.event.spi.Slot;
import io.aionet.event.spi.SlotTable;

/**
 * One registered event source (kevent's "kevent" on a "storage"): it owns a slot of its channel's
 * table, makes its requests on the channel's backend and turns their completions into events. A re-arm
 * starts a new generation ({@link #nextRequest()}), so completions of the previous request are
 * recognised as stale.
 */
abstract class Source extends Slot {
    /** {@code user_data} of bookkeeping requests (removes, cancels): ignored on completion. */
    static final long INTERNAL = SlotTable.INTERNAL;

    final SourceHost host;
    final long tag;

    Source(SourceHost host, long tag) {
        this.host = host;
        this.tag = tag;
    }

    /** Makes this source's request (with a fresh generation). */
    abstract void arm();

    /** Asks the backend to end the current request (tagged as internal work). */
    abstract void cancel();

    /**
     * A completion of the current generation arrived.
     *
     * @param terminal true when the request is finished (no {@code CQE_F_MORE})
     */
    abstract void onCompletion(int res, int flags, boolean terminal, PendingEvents out);

    @Override
    protected final void complete(int sub, int res, int flags, boolean terminal) {
        onCompletion(res, flags, terminal, host.pending());
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
     * The channel has freed this source's slot (no request of it remains) or is closing: release what
     * the source owns (its descriptors, its memory). Called once, on the owner thread.
     */
    @Override
    protected void retired() {
    }
}
