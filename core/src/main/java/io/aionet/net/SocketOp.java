package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.event.spi.Operation;

/** An operation of one socket; the socket detaches it when it closes. */
abstract class SocketOp extends Operation {
    SocketOp(EventChannel channel) {
        super(channel);
    }

    /** Ends the operation for good (the socket closed). */
    final void detachFromSocket() {
        detach();
    }
}
