package io.aionet.dma;

import io.aionet.backend.Backend;
import io.aionet.dma.spi.PoolAssociation;
import io.aionet.dma.spi.PoolReceiver;

/** The pool's side of one {@link PoolAssociation} (its javadoc describes the protocol). */
final class Association implements PoolAssociation {
    private final ReceivePool pool;
    final PoolReceiver receiver;
    private boolean armed;
    boolean associated = true;
    private int lastEnd = Integer.MIN_VALUE;

    Association(ReceivePool pool, PoolReceiver receiver) {
        this.pool = pool;
        this.receiver = receiver;
    }

    @Override
    public ReceivePool pool() {
        return pool;
    }

    @Override
    public boolean isArmed() {
        return armed;
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
        if (armed) {
            throw new IllegalStateException("a receive from pool " + pool.bgid() + " is already armed");
        }
        if (!associated || pool.isClosing()) {
            throw new IllegalStateException("no longer associated with pool " + pool.bgid());
        }
        armed = true;
        pool.armed++;
    }

    @Override
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
        return "Association[pool " + pool.bgid() + (armed ? ", armed" : "") + (associated ? "" : ", disassociated") + "]";
    }
}
