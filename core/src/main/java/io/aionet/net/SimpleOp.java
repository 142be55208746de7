package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.uring.Sqe;

/** Requests whose completion is reported as it is (shutdown and the like): each carries its own tag. */
final class SimpleOp extends SocketOp {
    private long[] tags = new long[4];
    private int head;
    private int size;

    SimpleOp(EventChannel channel) {
        super(channel);
    }

    /** Claims an entry for a request reported with {@code tag}; prep it, then pass it to {@link #submit}. */
    Sqe entry() {
        return sqe();
    }

    void submit(Sqe prepared, long tag) {
        if (size == tags.length) {
            long[] t = new long[tags.length * 2];
            for (int j = 0; j < size; j++) {
                t[j] = tags[(head + j) & (tags.length - 1)];
            }
            tags = t;
            head = 0;
        }
        tags[(head + size) & (tags.length - 1)] = tag;
        size++;
        track(prepared);
    }

    @Override
    protected void completed(int res, int flags, boolean more) {
        // requests on one socket of this kind complete in submission order (they run inline)
        long tag = tags[head];
        head = (head + 1) & (tags.length - 1);
        size--;
        emit(EventKind.COMPLETION, tag, res, flags, null);
    }
}
