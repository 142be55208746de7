package io.aionet.backend;

import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Native;
import io.aionet.linux.SockaddrIn;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A connected TCP pair over 127.0.0.1, made with plain blocking calls, for backend contract tests. */
public final class LoopbackPair implements AutoCloseable {
    public final int listener;
    public final int client;
    public final int server;
    public final int port;

    private LoopbackPair(int listener, int client, int server, int port) {
        this.listener = listener;
        this.client = client;
        this.server = server;
        this.port = port;
    }

    /** A listening socket on 127.0.0.1 with an ephemeral port; returns {fd, port}. */
    public static int[] listen() throws LinuxException {
        int l = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = loopback(a, 0);
            Native.check("setsockopt", Sockets.setsockopt(l, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1));
            Native.check("bind", Sockets.bind(l, sa, (int) SockaddrIn.SIZEOF));
            Native.check("listen", Sockets.listen(l, 128));
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) SockaddrIn.SIZEOF);
            Native.check("getsockname", Sockets.getsockname(l, sa, len));
            int port = Short.toUnsignedInt(Short.reverseBytes(sa.get(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_port)));
            return new int[] {l, port};
        }
    }

    /** A sockaddr_in for 127.0.0.1:port. */
    public static MemorySegment loopback(Arena a, int port) {
        MemorySegment sa = a.allocate(SockaddrIn.LAYOUT);
        sa.set(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_family, (short) Sockets.AF_INET);
        sa.set(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_port, Short.reverseBytes((short) port));
        sa.set(ValueLayout.JAVA_INT, SockaddrIn.OFFSETOF_sin_addr, Integer.reverseBytes(0x7f000001));
        return sa;
    }

    public static LoopbackPair open() throws LinuxException {
        int[] lp = listen();
        int c = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
        try (Arena a = Arena.ofConfined()) {
            Native.check("connect", Sockets.connect(c, loopback(a, lp[1]), (int) SockaddrIn.SIZEOF));
        }
        int s = Native.check("accept4", Sockets.accept4(lp[0], MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC));
        return new LoopbackPair(lp[0], c, s, lp[1]);
    }

    @Override
    public void close() {
        Fds.close(client);
        Fds.close(server);
        Fds.close(listener);
    }
}
