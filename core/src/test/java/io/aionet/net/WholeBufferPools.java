package io.aionet.net;

import io.aionet.dma.DmaArea;
import io.aionet.dma.ReceivePool;
import io.aionet.uring.IoUring;

import java.lang.reflect.Method;

/**
 * Receive pools that consume whole buffers, for datagram tests: the kernel here has incremental buffer
 * rings, which {@link DmaArea#receivePool(IoUring, int, int)} prefers, and the DMA layer offers the
 * whole-buffer choice only inside its package so far.
 */
final class WholeBufferPools {
    private WholeBufferPools() {}

    static ReceivePool create(DmaArea area, IoUring ring, int bgid, int buffers) throws Exception {
        Method m = DmaArea.class.getDeclaredMethod("receivePool", IoUring.class, int.class, int.class, boolean.class);
        m.setAccessible(true);
        return (ReceivePool) m.invoke(area, ring, bgid, buffers, false);
    }
}
