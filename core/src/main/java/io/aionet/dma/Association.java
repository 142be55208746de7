package io.aionet.dma;

import io.aionet.backend.Backend;
import io.aionet.dma.spi.PoolAssociation;
import io.aionet.dma.spi.PoolReceiver;

/** The pool's side of one {@link PoolAssociation} (its javadoc describes the protocol). */
final class Association implements PoolAssociation {
    private final ReceivePool pool;
    final PoolReceiver receiver;
    /** Receives armed and not ended: at most one unless {@link #concurrent}. */
    private int armed;
    private final boolean concurrent;
    boolean associated = true;
    private int lastEnd = Integer.MIN_VALUE;

    Association(ReceivePool pool, PoolReceiver receiver, boolean concurrent) {
        this.pool = pool;
        this.receiver = receiver;
        this.concurrent = concurrent;
    }

    @Override
    public ReceivePool pool() {
        return pool;
    }

    @Override
    public boolean isArmed() {
        return armed > 0;
    }

    @Override
    public boolean isAssociated() {
        return associated;
    }

    @Override
    public int lastEnd() {
        return lastEnd;
    }

    @Override
    public void markArmed() {
        if (armed > 0 && !concurrent) {
            throw new IllegalStateException("a receive from pool " + pool.bgid() + " is already armed");
        }
        if (!associated || pool.isClosing()) {
            throw new IllegalStateException("no longer associated with pool " + pool.bgid());
        }
        armed++;
        pool.armed++;
    }

    @Override
    public Buffer complete(int res, int flags) {
        Buffer b = pool.take(res, flags);
        if ((flags & Backend.CQE_F_MORE) == 0 && armed > 0) {
            armed--;
            lastEnd = res;
            again = pool.ended(this, res);
        }
        return b;
    }

    private boolean again;

    @Override
    public Buffer completeFollowing() {
        return pool.takeFollowing();
    }

    @Override
    public boolean receiveAgain() {
        boolean a = again;
        again = false;
        return a;
    }

    @Override
    public void disassociate() {
        if (!associated) {
            return;
        }
        associated = false;
        pool.associations.remove(this);
    }

    @Override
    public String toString() {
        return "Association[pool " + pool.bgid() + (armed > 0 ? ", armed " + armed : "") + (associated ? "" : ", disassociated") + "]";
    }
}
