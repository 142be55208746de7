package io.aionet.dma;

import io.aionet.backend.Backend;
import io.aionet.dma.spi.PoolReceiver;

/**
 * One receiver associated with a {@link ReceivePool}: Drepper's {@code dma_assoc(sock, mem, …)}. The
 * receiver (a socket's receive operation) makes a receive with buffer selection from the pool's group,
 * reports {@link #armed()}, and passes every completion to {@link #complete}; the pool keeps the books
 * (which buffers the kernel holds, who starved) and calls the receiver back. Ended by
 * {@link #disassociate()} ({@code dma_disassoc}). Belongs to the pool's thread.
 */
public final class Association {
    private final ReceivePool pool;
    final PoolReceiver receiver;
    private boolean armed;
    boolean associated = true;
    private int lastEnd = Integer.MIN_VALUE;

    Association(ReceivePool pool, PoolReceiver receiver) {
        this.pool = pool;
        this.receiver = receiver;
    }

    /** The pool the receiver draws from. */
    public ReceivePool pool() {
        return pool;
    }

    /** True while a receive from the pool is armed (made, and not ended). */
    public boolean isArmed() {
        return armed;
    }

    /** True until {@link #disassociate()} (or the pool's close). */
    public boolean isAssociated() {
        return associated;
    }

    /**
     * The {@code res} of the completion that ended the last receive: {@code -ENOBUFS} when the pool ran
     * dry, 0 at end of stream, another {@code -errno} on error; {@link Integer#MIN_VALUE} while none has ended.
     */
    public int lastEnd() {
        return lastEnd;
    }

    /**
     * The receiver made a receive from the pool's group.
     *
     * @throws IllegalStateException when already armed, or no longer associated
     */
    public void armed() {
        if (armed) {
            throw new IllegalStateException("a receive from pool " + pool.bgid() + " is already armed");
        }
        if (!associated || pool.isClosing()) {
            throw new IllegalStateException("no longer associated with pool " + pool.bgid());
        }
        armed = true;
        pool.armed++;
    }

    /**
     * Handles one completion of the receive: notes whether it ended (no {@code CQE_F_MORE}) and why, and
     * returns the data it delivered. When it ended with {@code -ENOBUFS}, {@link #receiveAgain()} says
     * whether to receive again at once; otherwise the pool calls {@link PoolReceiver#refilled()} later.
     *
     * @return the received piece, owned by the program until released; {@code null} when none
     */
    public Buffer complete(int res, int flags) {
        Buffer b = pool.take(res, flags);
        if ((flags & Backend.CQE_F_MORE) == 0 && armed) {
            armed = false;
            lastEnd = res;
            again = pool.ended(this, res);
        }
        return b;
    }

    private boolean again;

    /**
     * After a receive ended with {@code -ENOBUFS}: true when the pool had buffers again by then (receive
     * again now); false when the receiver waits for {@link PoolReceiver#refilled()}. Reading it clears it.
     */
    public boolean receiveAgain() {
        boolean a = again;
        again = false;
        return a;
    }

    /**
     * Drepper's {@code dma_disassoc}: no further receives into the pool. The receiver cancels its armed
     * receive itself; the final completion still arrives (with {@code -ECANCELED}) and must be passed to
     * {@link #complete(int, int)}.
     */
    public void disassociate() {
        if (!associated) {
            return;
        }
        associated = false;
        pool.associations.remove(this);
    }

    @Override
    public String toString() {
        return "Association[pool " + pool.bgid() + (armed ? ", armed" : "") + (associated ? "" : ", disassociated") + "]";
    }
}
