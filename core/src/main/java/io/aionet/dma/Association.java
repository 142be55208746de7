package io.aionet.dma;

import io.aionet.Errno;
import io.aionet.LinuxException;

import static io.aionet.uring.IoUringConstants.IORING_CQE_F_MORE;

/**
 * One socket associated with a {@link ReceivePool}: Drepper's {@code dma_assoc(sock, mem, …)} realized
 * as a multishot receive that selects buffers from the pool's group. Made by
 * {@link ReceivePool#associate(int, long)}; ended by {@link #disassociate(long)}
 * ({@code dma_disassoc}). Belongs to the pool's thread.
 */
public final class Association {
    private final ReceivePool pool;
    private final int fd;
    private final long userData;
    private boolean armed;
    private boolean associated = true;
    private int lastEnd = Integer.MIN_VALUE;

    Association(ReceivePool pool, int fd, long userData) {
        this.pool = pool;
        this.fd = fd;
        this.userData = userData;
    }

    /** The socket's descriptor. */
    public int fd() {
        return fd;
    }

    /** The {@code user_data} of the association's receive completions. */
    public long userData() {
        return userData;
    }

    /** The pool the socket receives into. */
    public ReceivePool pool() {
        return pool;
    }

    /** True while a multishot receive is armed (submitted or about to be, and not ended). */
    public boolean isArmed() {
        return armed;
    }

    /** True until {@link #disassociate(long)}. */
    public boolean isAssociated() {
        return associated;
    }

    /**
     * The {@code res} of the completion that ended the last multishot receive: {@code -ENOBUFS} when
     * the pool ran dry, 0 at end of stream, another {@code -errno} on error; {@link Integer#MIN_VALUE}
     * while none has ended.
     */
    public int lastEnd() {
        return lastEnd;
    }

    /**
     * True when the receive ended for want of buffers (or ended early with data) and buffers are back:
     * re-arm with {@link #rearm()} (or {@link ReceivePool#rearmStarved()}). Nothing was lost meanwhile:
     * the bytes waited in the socket.
     */
    public boolean needsRearm() {
        if (armed || !associated) {
            return false;
        }
        if (lastEnd == -Errno.ENOBUFS) {
            return pool.available() > 0;
        }
        return lastEnd > 0;
    }

    /**
     * Handles one completion tagged with {@link #userData()}: notes whether the multishot receive ended
     * (no {@code IORING_CQE_F_MORE}) and why, and returns the data it delivered.
     *
     * @return the received piece, owned by the program until released; {@code null} when none
     */
    public Buffer complete(int res, int flags) {
        Buffer b = pool.take(res, flags);
        if ((flags & IORING_CQE_F_MORE) == 0 && armed) {
            armed = false;
            lastEnd = res;
            pool.ended(this, res);
        }
        return b;
    }

    /**
     * Arms the multishot receive again (prepares the SQE; the caller submits), after it ended with
     * {@code -ENOBUFS} or early.
     *
     * @throws IllegalStateException when already armed or disassociated
     */
    public void rearm() throws LinuxException {
        if (armed) {
            throw new IllegalStateException("receive on fd " + fd + " is already armed");
        }
        if (!associated || pool.isClosing()) {
            throw new IllegalStateException("fd " + fd + " is no longer associated with pool " + pool.bgid());
        }
        pool.sqe().prepRecvMultishot(fd, pool.bgid(), 0).userData(userData);
        armed = true;
        pool.armed++;
    }

    /**
     * Drepper's {@code dma_disassoc}: stops further receives into the pool by cancelling the armed
     * receive (a cancel request tagged {@code cancelUserData}, prepared for the caller to submit). The
     * receive's final completion still arrives, with {@code -ECANCELED}, and must be passed to
     * {@link #complete(int, int)}; data it delivered before that is still handed out.
     */
    public void disassociate(long cancelUserData) throws LinuxException {
        if (!associated) {
            return;
        }
        associated = false;
        pool.associations.remove(this);
        if (armed) {
            pool.sqe().prepCancel(userData, 0).userData(cancelUserData);
        }
    }

    void cancel(long cancelUserData) throws LinuxException {
        associated = false;
        if (armed) {
            pool.sqe().prepCancel(userData, 0).userData(cancelUserData);
        }
    }

    @Override
    public String toString() {
        return "Association[fd " + fd + ", pool " + pool.bgid() + (armed ? ", armed" : "")
                + (associated ? "" : ", disassociated") + "]";
    }
}
