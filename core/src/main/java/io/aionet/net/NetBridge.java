package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.net.spi.NetSpi;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/** This package's side of {@link NetSpi}: what the AIO control blocks need of a socket. */
final class NetBridge implements NetSpi.Bridge {
    static void install() {
        NetSpi.install(new NetBridge());
    }

    @Override
    public int fd(Object socket) {
        return switch (socket) {
            case AsyncSocket s -> s.fd();
            case AsyncDatagramSocket d -> d.fd();
            default -> throw new IllegalArgumentException("not a socket of io.aionet.net: " + socket);
        };
    }

    @Override
    public EventChannel channel(Object socket) {
        return switch (socket) {
            case AsyncSocket s -> s.channel();
            case AsyncDatagramSocket d -> d.channel();
            default -> throw new IllegalArgumentException("not a socket of io.aionet.net: " + socket);
        };
    }

    @Override
    public boolean isClosed(Object socket) {
        return switch (socket) {
            case AsyncSocket s -> s.isClosed();
            case AsyncDatagramSocket d -> d.isClosed();
            default -> throw new IllegalArgumentException("not a socket of io.aionet.net: " + socket);
        };
    }

    @Override
    public boolean isStream(Object socket) {
        return socket instanceof AsyncSocket;
    }

    @Override
    public int encode(Object socket, SocketAddress address, MemorySegment out) {
        if (socket instanceof AsyncDatagramSocket d) {
            return d.encodeDestination(address, out);
        }
        return SocketAddresses.write(address, out);
    }

    @Override
    public SocketAddress decode(MemorySegment in, int length) {
        return SocketAddresses.read(in, length);
    }
}
