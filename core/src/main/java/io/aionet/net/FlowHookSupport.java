package io.aionet.net;

import io.aionet.channel.classifier.FlowClassifier;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The classifier entry a socket opened with a channel option owns: installed through the
 * {@link FlowClassifier.Hook} when the socket is created, removed when it closes — Van Jacobson's
 * "as sockets are created, channel mappings are installed". Package-private; the sockets keep one.
 */
final class FlowHookSupport {
    private final FlowClassifier.Hook hook;
    private final int protocol;
    private final InetSocketAddress local;

    private FlowHookSupport(FlowClassifier.Hook hook, int protocol, InetSocketAddress local) {
        this.hook = hook;
        this.protocol = protocol;
        this.local = local;
    }

    /** Installs the listener entry of a socket bound to {@code local}. */
    static FlowHookSupport install(FlowClassifier.Hook hook, int protocol, SocketAddress local) {
        if (hook == null) {
            throw new IllegalArgumentException("channel hook must not be null");
        }
        if (!(local instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("only IP sockets have flow entries: " + local);
        }
        hook.socketOpened(protocol, isa, null);
        return new FlowHookSupport(hook, protocol, isa);
    }

    /** Removes the entry (null: none). */
    static void remove(FlowHookSupport f) {
        if (f != null) {
            f.hook.socketClosed(f.protocol, f.local, null);
        }
    }
}
