package io.aionet.net;

import io.aionet.dma.Association;
import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.LinuxException;

import java.io.UncheckedIOException;

/**
 * Receives into buffers the kernel picks from a {@link ReceivePool}: Drepper's
 * {@code sio_recv(sock, void **buf, …)} on a socket associated with a DMA area ({@code dma_assoc}). A
 * multishot receive; each completion hands the program a {@link Buffer} it owns until it releases it.
 * When the pool runs dry the kernel ends the receive with {@code -ENOBUFS}; no data is lost (it waits in
 * the socket) and the receive is re-armed as soon as a buffer comes back.
 */
final class ReceiveOp extends SocketOp {
    private final int fd;
    private ReceivePool pool;
    private Association assoc;
    private long tag;
    private boolean ended;

    ReceiveOp(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    void start(ReceivePool pool, long tag) throws LinuxException {
        if (assoc != null) {
            throw new IllegalStateException("this socket already receives into a pool");
        }
        this.pool = pool;
        this.tag = tag;
        ReceiveDispatch.of(pool);
        this.assoc = pool.associate(fd, requestTag());
        trackExternal();
    }

    void rearm() {
        // A refill can arrive while the socket is closing (its queued sends hand their buffers back
        // from inside close()): by then the association is gone and there is nothing to re-arm.
        if (isDetached() || ended || !assoc.isAssociated() || assoc.isArmed()) {
            return;
        }
        try {
            assoc.rearm();
        } catch (LinuxException e) {
            throw new UncheckedIOException(e);
        }
        trackExternal();
    }

    @Override
    protected void completed(int res, int flags, boolean more) {
        Buffer b = assoc.complete(res, flags);
        if (b != null) {
            if (isDetached()) {
                b.release();
            } else {
                emit(EventKind.COMPLETION, tag, b.length(), flags, b);
            }
        }
        if (more) {
            return;
        }
        if (res == -Errno.ENOBUFS) {
            if (assoc.needsRearm()) {
                rearm();
            } else {
                ReceiveDispatch.of(pool).starved(this);
            }
        } else if (res == 0) {
            ended = true;
            emit(EventKind.COMPLETION, tag, 0, 0, null); // end of stream
        } else if (res < 0) {
            ended = true;
            if (res != -Errno.ECANCELED) {
                emit(EventKind.COMPLETION, tag, res, 0, null);
            }
        } else {
            rearm(); // the kernel ended the multishot receive with data (e.g. on CQ overflow): go on
        }
    }

    void stop() {
        ended = true;
        if (assoc != null && assoc.isAssociated()) {
            try {
                assoc.disassociate(EventChannelInternal.INTERNAL_TAG);
            } catch (LinuxException e) {
                // the socket is closing: the fd cancel that follows ends the receive anyway
            }
        }
    }
}
