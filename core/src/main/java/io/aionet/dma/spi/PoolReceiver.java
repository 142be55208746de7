package io.aionet.dma.spi;

/**
 * A receiver drawing buffers from a {@link io.aionet.dma.ReceivePool} (a socket's receive operation),
 * as the pool calls it back. Called on the pool's thread; must not throw.
 */
public interface PoolReceiver {
    /** The pool has buffers again after this receiver's receive ended with {@code -ENOBUFS}: receive again. */
    void refilled();

    /** The pool is closing: end the receive (cancel it); its last completion still comes back. */
    void poolClosing();
}
