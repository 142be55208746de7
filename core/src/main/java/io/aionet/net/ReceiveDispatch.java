package io.aionet.net;

import io.aionet.dma.ReceivePool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Re-arms the sockets that starved on a {@link ReceivePool} (their receive ended with {@code -ENOBUFS})
 * once the program releases a buffer back into it. The socket layer installs it as the pool's listener.
 */
final class ReceiveDispatch implements ReceivePool.Listener {
    private static final Map<ReceivePool, ReceiveDispatch> BY_POOL = Collections.synchronizedMap(new WeakHashMap<>());

    private final List<ReceiveOp> starved = new ArrayList<>();

    static ReceiveDispatch of(ReceivePool pool) {
        return BY_POOL.computeIfAbsent(pool, p -> {
            ReceiveDispatch d = new ReceiveDispatch();
            p.setListener(d);
            return d;
        });
    }

    void starved(ReceiveOp op) {
        starved.add(op);
    }

    @Override
    public void refilled(ReceivePool pool) {
        if (starved.isEmpty()) {
            return;
        }
        List<ReceiveOp> again = new ArrayList<>(starved);
        starved.clear();
        for (ReceiveOp op : again) {
            op.rearm();
        }
    }
}
