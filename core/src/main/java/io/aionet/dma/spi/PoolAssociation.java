package io.aionet.dma.spi;

import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;

/**
 * One receiver's association with a {@link ReceivePool}: Drepper's {@code dma_assoc(sock, mem, …)},
 * as the socket layer sees it. The receiver makes a receive with buffer selection from the pool's
 * group, reports {@link #markArmed()}, and passes every completion to {@link #complete}; the pool
 * keeps the books (which buffers the kernel holds, who starved) and calls the receiver back through
 * {@link PoolReceiver}. Ended by {@link #disassociate()} ({@code dma_disassoc}). Belongs to the pool's
 * thread. Obtained from {@link DmaSpi#associate(ReceivePool, PoolReceiver)}.
 */
public interface PoolAssociation {
    /** The pool the receiver draws from. */
    ReceivePool pool();

    /** True while a receive from the pool is armed (made, and not ended). */
    boolean isArmed();

    /** True until {@link #disassociate()} (or the pool's close). */
    boolean isAssociated();

    /**
     * The {@code res} of the completion that ended the last receive: {@code -ENOBUFS} when the pool ran
     * dry, 0 at end of stream, another {@code -errno} on error; {@link Integer#MIN_VALUE} while none has ended.
     */
    int lastEnd();

    /**
     * The receiver made a receive from the pool's group.
     *
     * @throws IllegalStateException when already armed, or no longer associated
     */
    void markArmed();

    /**
     * Handles one completion of the receive: notes whether it ended (no {@code CQE_F_MORE}) and why, and
     * returns the data it delivered. When it ended with {@code -ENOBUFS}, {@link #receiveAgain()} says
     * whether to receive again at once; otherwise the pool calls {@link PoolReceiver#refilled()} later.
     *
     * @param res   the completion's result
     * @param flags the completion's flags
     * @return the received piece, owned by the program until released; {@code null} when none
     */
    Buffer complete(int res, int flags);

    /**
     * The next piece of the completion {@link #complete} handled last, when it filled several buffers
     * (a bundle, {@code Backend.recvBundleMultishot}); {@code null} when none is left. Call it until it
     * returns {@code null} after each {@code complete}.
     *
     * @return the next received piece, owned by the program until released; {@code null} when none
     */
    Buffer completeFollowing();

    /**
     * After a receive ended with {@code -ENOBUFS}: true when the pool had buffers again by then (receive
     * again now); false when the receiver waits for {@link PoolReceiver#refilled()}. Reading it clears it.
     */
    boolean receiveAgain();

    /**
     * Drepper's {@code dma_disassoc}: no further receives into the pool. The receiver cancels its armed
     * receive itself; the final completion still arrives (with {@code -ECANCELED}) and must be passed to
     * {@link #complete(int, int)}.
     */
    void disassociate();
}
