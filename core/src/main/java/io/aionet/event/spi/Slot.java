package io.aionet.event.spi;

/**
 * One entry of a channel's {@link SlotTable}: an event source or an asynchronous operation. Its
 * requests carry {@code user_data} made by {@link UserData} from its slot, its generation and a
 * sub-request id; it learns of their completions through {@link #complete}. A slot stays taken until
 * it is removed <em>and</em> the kernel holds none of its requests; then {@link #retired()} runs.
 * Everything here runs on the channel's owner thread.
 */
public abstract class Slot {
    int slot;
    int generation;
    /** Requests of this slot whose terminal completion has not been seen. */
    int inKernel;
    boolean removed;

    /** For subclasses. */
    protected Slot() {
    }

    /** The {@code user_data} of sub-request {@code sub} (0..255) of the current generation. */
    public final long userData(int sub) {
        if (sub < 0 || sub > UserData.MAX_SUB) {
            throw new IllegalArgumentException("sub-request id must be 0..255: " + sub);
        }
        return UserData.encode(slot, generation, sub);
    }

    /** The {@code user_data} of the current generation's request (sub-request 0). */
    public final long userData() {
        return UserData.encode(slot, generation, 0);
    }

    /**
     * Starts a new generation (completions of earlier requests become stale) and counts one request
     * in the kernel; returns its {@code user_data}. For sources that re-arm one request.
     */
    public final long nextRequest() {
        generation = (generation + 1) & UserData.GENERATION_MASK;
        inKernel++;
        return userData();
    }

    /** Counts one more request of the current generation in the kernel; returns sub-request {@code sub}'s tag. */
    public final long countRequest(int sub) {
        long ud = userData(sub);
        inKernel++;
        return ud;
    }

    /** Requests of this slot the kernel has not finished. */
    public final int requestsInKernel() {
        return inKernel;
    }

    /** True once removed (by the program, a sweep, or the channel's close). */
    public final boolean isRemoved() {
        return removed;
    }

    /** Marks the slot removed: no more events; the table frees it once the kernel holds none of its requests. */
    public final void markRemoved() {
        removed = true;
    }

    /**
     * A completion of the current generation arrived.
     *
     * @param sub      the sub-request id its {@code user_data} carried
     * @param terminal true when the request is finished (no {@code CQE_F_MORE})
     */
    protected abstract void complete(int sub, int res, int flags, boolean terminal);

    /** A completion of an earlier generation (or after removal) arrived; {@code userData} is its tag. */
    protected void stale(long userData, boolean terminal) {
    }

    /** True when completions must still reach the slot after removal (operations handing back buffers). */
    protected boolean completesAfterRemoval() {
        return false;
    }

    /**
     * The table freed the slot (no request of it remains in the kernel) or the channel closed: release
     * what it owns. Called once.
     */
    protected void retired() {
    }
}
