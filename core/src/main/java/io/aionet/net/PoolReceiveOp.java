package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

/**
 * A stream socket's receive into buffers the kernel picks from a pool — as opposed to
 * {@link ReceiveIntoOp}, into memory the caller gives. Each completion hands the program a
 * {@link Buffer} it owns until it releases it; result 0 at end of stream.
 */
final class PoolReceiveOp extends PoolReceive {
    PoolReceiveOp(EventChannel channel, int fd) {
        super(channel, fd);
    }

    @Override
    void receive(long userData) {
        backend().recvBundleMultishot(userData, fd, DmaSpi.group(pool), 0);
    }

    @Override
    void deliver(Buffer b, int res, int flags) {
        emit(EventKind.COMPLETION, tag, b.length(), flags, b);
    }
}
