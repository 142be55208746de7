package io.aionet.net.spi;

import io.aionet.event.EventChannel;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * The socket layer's side for the AIO control blocks of this module only (the package is not exported):
 * a socket's descriptor and channel, and the conversions between Java socket addresses and the kernel's
 * — what OpenJDK's {@code SharedSecrets} is to {@code java.base}. No exported signature names it.
 */
public final class NetSpi {
    private NetSpi() {}

    /** Implemented inside {@code io.aionet.net}; installed when its sockets initialize. */
    public interface Bridge {
        /** The descriptor of an {@code AsyncSocket} or {@code AsyncDatagramSocket}. */
        int fd(Object socket);

        /** The channel its operations complete on. */
        EventChannel channel(Object socket);

        /** True once it was closed. */
        boolean isClosed(Object socket);

        /** True for a stream socket ({@code AsyncSocket}), false for a datagram socket. */
        boolean isStream(Object socket);

        /** Writes {@code address} for a send from {@code socket} into {@code out} (128 bytes); returns its length. */
        int encode(Object socket, SocketAddress address, MemorySegment out);

        /** Reads the {@code length}-byte socket address in {@code in}. */
        SocketAddress decode(MemorySegment in, int length);
    }

    private static volatile Bridge bridge;

    /** Called once by the socket layer's initializer. */
    public static void install(Bridge b) {
        if (bridge != null) {
            throw new IllegalStateException("NetSpi bridge already installed");
        }
        bridge = b;
    }

    /** The bridge, initializing the socket layer first when no socket was made yet. */
    public static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            try {
                Class.forName("io.aionet.net.SocketAddresses", true, NetSpi.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return b;
    }
}
