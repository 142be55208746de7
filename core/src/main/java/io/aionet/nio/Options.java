package io.aionet.nio;

import io.aionet.net.SocketOptions;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;

/** {@link StandardSocketOptions} onto aionet's {@link SocketOptions}, with the JDK's checks of values. */
final class Options {
    private Options() {}

    static <T> void set(SocketOptions o, SocketOption<T> name, T value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("Invalid value 'null'");
        }
        if (name == StandardSocketOptions.SO_SNDBUF || name == StandardSocketOptions.SO_RCVBUF) {
            int n = (Integer) value;
            if (n < 0) {
                throw new IllegalArgumentException("Invalid send/receive buffer size");
            }
            int bytes = Math.max(1, n); // the kernel rounds up to its minimum, as it does for 0
            if (name == StandardSocketOptions.SO_SNDBUF) {
                o.sendBufferSize(bytes);
            } else {
                o.receiveBufferSize(bytes);
            }
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            o.keepAlive((Boolean) value, 0);
        } else if (name == StandardSocketOptions.SO_REUSEADDR) {
            o.reuseAddress((Boolean) value);
        } else if (name == StandardSocketOptions.SO_REUSEPORT) {
            o.reusePort((Boolean) value);
        } else if (name == StandardSocketOptions.TCP_NODELAY) {
            o.noDelay((Boolean) value);
        } else {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T get(SocketOptions o, SocketOption<T> name) throws IOException {
        Object v;
        if (name == StandardSocketOptions.SO_SNDBUF) {
            v = o.sendBufferSize();
        } else if (name == StandardSocketOptions.SO_RCVBUF) {
            v = o.receiveBufferSize();
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            v = o.keepAlive();
        } else if (name == StandardSocketOptions.SO_REUSEADDR) {
            v = o.reuseAddress();
        } else if (name == StandardSocketOptions.SO_REUSEPORT) {
            v = o.reusePort();
        } else if (name == StandardSocketOptions.TCP_NODELAY) {
            v = o.noDelay();
        } else {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        return (T) v;
    }
}
