package io.aionet.net;

import io.aionet.Errno;
import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.dma.spi.PoolAssociation;
import io.aionet.dma.spi.PoolReceiver;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

/**
 * A multishot receive into buffers the kernel picks from a {@link ReceivePool} (Drepper's
 * {@code dma_assoc} + {@code sio_recv(sock, void **buf, …)}), for streams and datagrams alike. When the
 * pool runs dry the receive ends with {@code -ENOBUFS}; no data is lost (it waits in the socket) and
 * the pool calls this receiver back when it has buffers again ({@link #refilled()}) — the one
 * starvation mechanism; no timer, no global state.
 */
abstract class PoolReceive extends SocketOp implements PoolReceiver {
    final int fd;
    ReceivePool pool;
    private PoolAssociation assoc;
    long tag;
    private boolean ended;

    PoolReceive(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    void start(ReceivePool pool, long tag) {
        if (assoc != null) {
            throw new IllegalStateException("this socket already receives into a pool");
        }
        check(pool);
        this.pool = pool;
        this.tag = tag;
        this.assoc = DmaSpi.associate(pool, this);
        arm();
    }

    boolean isStarted() {
        return assoc != null;
    }

    /** Refuses a pool this kind of receive cannot use. */
    void check(ReceivePool pool) {
    }

    /** Makes the multishot receive on the backend, tagged {@code userData}. */
    abstract void receive(long userData);

    /** True when a result of 0 is the end of the stream (streams), not an empty datagram. */
    boolean endsAtZero() {
        return true;
    }

    /** Emits the event for a delivered piece {@code b}. */
    abstract void deliver(Buffer b, int res, int flags);

    private void arm() {
        assoc.markArmed();
        receive(request(0));
    }

    @Override
    public void refilled() {
        if (!isDetached() && !ended && assoc.isAssociated() && !assoc.isArmed()) {
            arm();
        }
    }

    @Override
    public void poolClosing() {
        ended = true;
        if (assoc.isArmed()) {
            backend().cancel(untracked(), userData(0));
        }
    }

    @Override
    protected void completed(int sub, int res, int flags, boolean more) {
        Buffer b = assoc.complete(res, flags);
        int len = res;
        do {
            if (b != null && isDetached()) {
                b.release();
            } else if (b != null) {
                deliver(b, len, flags);
            }
            b = assoc.completeFollowing(); // a bundle's next buffer (a stream receive fills several at once)
            len = b == null ? 0 : b.length();
        } while (b != null);
        if (more || isDetached() || ended) {
            return;
        }
        if (res == -Errno.ENOBUFS) {
            if (assoc.receiveAgain()) {
                arm(); // a release refilled the pool before this completion was reaped
            } // else the pool calls refilled()
        } else if (res > 0 || (res == 0 && !endsAtZero())) {
            arm(); // the kernel ended the multishot receive with data (e.g. on overflow): go on
        } else {
            ended(res);
        }
    }

    /** The receive ended for good with {@code res} (0 at end of stream, or {@code -errno}). */
    void ended(int res) {
        ended = true;
        if (res != -Errno.ECANCELED) {
            emit(EventKind.COMPLETION, tag, res, 0, null);
        }
    }

    /** The socket is closing: no more receives (the fd cancel that follows ends the armed one). */
    void stop() {
        ended = true;
        if (assoc != null) {
            assoc.disassociate();
        }
    }
}
