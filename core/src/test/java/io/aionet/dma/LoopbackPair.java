package io.aionet.dma;

import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Native;
import io.aionet.linux.SockaddrIn;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A connected TCP pair on 127.0.0.1 made with raw {@link Sockets} calls: {@link #client} and {@link #server}. */
final class LoopbackPair implements AutoCloseable {
    final int client;
    final int server;

    private LoopbackPair(int client, int server) {
        this.client = client;
        this.server = server;
    }

    static LoopbackPair open() throws LinuxException {
        int listener = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(SockaddrIn.LAYOUT);
            addr.set(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_family, (short) Sockets.AF_INET);
            addr.set(ValueLayout.JAVA_BYTE, SockaddrIn.OFFSETOF_sin_addr, (byte) 127);
            addr.set(ValueLayout.JAVA_BYTE, SockaddrIn.OFFSETOF_sin_addr + 3, (byte) 1);
            Native.check("bind", Sockets.bind(listener, addr, (int) SockaddrIn.SIZEOF));
            Native.check("listen", Sockets.listen(listener, 4));
            MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, (int) SockaddrIn.SIZEOF);
            Native.check("getsockname", Sockets.getsockname(listener, addr, len));
            int client = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
            Native.check("connect", Sockets.connect(client, addr, (int) SockaddrIn.SIZEOF));
            int server = Native.check("accept4", Sockets.accept4(listener, MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC));
            Sockets.setsockopt(client, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);
            return new LoopbackPair(client, server);
        } finally {
            Fds.close(listener);
        }
    }

    /** Blocking send of all of {@code data}. */
    void sendAll(int fd, byte[] data, int off, int len) throws LinuxException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(Math.max(1, len));
            MemorySegment.copy(data, off, seg, ValueLayout.JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                done += Native.check("send", Sockets.send(fd, seg.asSlice(done), Sockets.MSG_NOSIGNAL));
            }
        }
    }

    @Override
    public void close() {
        Fds.close(client);
        Fds.close(server);
    }
}
