package io.aionet.nio;

import io.aionet.LinuxException;
import io.aionet.net.SocketOptions;
import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * {@link StandardSocketOptions} and the {@code jdk.net} {@link ExtendedSocketOptions} onto aionet's
 * {@link SocketOptions}, with the JDK's checks of values and its exceptions (a value the kernel
 * refuses is a {@link SocketException} with the kernel's message, as the JDK's channels throw).
 */
final class Options {
    private Options() {}

    /** The options of a stream socket: the JDK's {@code AsynchronousSocketChannel} set on Linux. */
    static final Set<SocketOption<?>> SOCKET = Set.of(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.TCP_NODELAY,
            ExtendedSocketOptions.TCP_KEEPIDLE, ExtendedSocketOptions.TCP_KEEPINTERVAL,
            ExtendedSocketOptions.TCP_KEEPCOUNT, ExtendedSocketOptions.TCP_QUICKACK,
            ExtendedSocketOptions.SO_INCOMING_NAPI_ID);

    /** The options of a listening socket: the JDK's {@code AsynchronousServerSocketChannel} set on Linux. */
    static final Set<SocketOption<?>> SERVER = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            ExtendedSocketOptions.TCP_KEEPIDLE, ExtendedSocketOptions.TCP_KEEPINTERVAL,
            ExtendedSocketOptions.TCP_KEEPCOUNT, ExtendedSocketOptions.TCP_QUICKACK,
            ExtendedSocketOptions.SO_INCOMING_NAPI_ID);

    static <T> void set(SocketOptions o, SocketOption<T> name, T value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("Invalid value 'null'");
        }
        try {
            setChecked(o, name, value);
        } catch (LinuxException e) {
            throw asJdk(e);
        }
    }

    private static <T> void setChecked(SocketOptions o, SocketOption<T> name, T value) throws IOException {
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
        } else if (name == ExtendedSocketOptions.TCP_KEEPIDLE) {
            o.keepAliveIdle((Integer) value);
        } else if (name == ExtendedSocketOptions.TCP_KEEPINTERVAL) {
            o.keepAliveInterval((Integer) value);
        } else if (name == ExtendedSocketOptions.TCP_KEEPCOUNT) {
            o.keepAliveCount((Integer) value);
        } else if (name == ExtendedSocketOptions.TCP_QUICKACK) {
            o.quickAck((Boolean) value);
        } else if (name == ExtendedSocketOptions.SO_INCOMING_NAPI_ID) {
            throw new SocketException("Attempt to set read only option SO_INCOMING_NAPI_ID");
        } else {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T get(SocketOptions o, SocketOption<T> name) throws IOException {
        try {
            return (T) getChecked(o, name);
        } catch (LinuxException e) {
            throw asJdk(e);
        }
    }

    private static Object getChecked(SocketOptions o, SocketOption<?> name) throws IOException {
        if (name == StandardSocketOptions.SO_SNDBUF) {
            return o.sendBufferSize();
        } else if (name == StandardSocketOptions.SO_RCVBUF) {
            return o.receiveBufferSize();
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            return o.keepAlive();
        } else if (name == StandardSocketOptions.SO_REUSEADDR) {
            return o.reuseAddress();
        } else if (name == StandardSocketOptions.SO_REUSEPORT) {
            return o.reusePort();
        } else if (name == StandardSocketOptions.TCP_NODELAY) {
            return o.noDelay();
        } else if (name == ExtendedSocketOptions.TCP_KEEPIDLE) {
            return o.keepAliveIdle();
        } else if (name == ExtendedSocketOptions.TCP_KEEPINTERVAL) {
            return o.keepAliveInterval();
        } else if (name == ExtendedSocketOptions.TCP_KEEPCOUNT) {
            return o.keepAliveCount();
        } else if (name == ExtendedSocketOptions.TCP_QUICKACK) {
            return o.quickAck();
        } else if (name == ExtendedSocketOptions.SO_INCOMING_NAPI_ID) {
            return o.incomingNapiId();
        }
        throw new UnsupportedOperationException("'" + name + "' not supported");
    }

    /** A refused {@code setsockopt}/{@code getsockopt} as the JDK reports it: the kernel's message. */
    private static SocketException asJdk(LinuxException e) {
        SocketException se = new SocketException(e.errno() == Errors.EINVAL ? "Invalid argument" : e.getMessage());
        se.initCause(e);
        return se;
    }
}
