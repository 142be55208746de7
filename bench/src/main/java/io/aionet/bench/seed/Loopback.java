package io.aionet.bench.seed;

import io.aionet.LinuxException;
import io.aionet.linux.Native;
import io.aionet.linux.SockaddrIn;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Plain loopback TCP plumbing for the seed experiments: listen, connect, accept with blocking calls. */
final class Loopback {
    private Loopback() {}

    static MemorySegment address(Arena a, int port) {
        MemorySegment sa = a.allocate(SockaddrIn.LAYOUT);
        sa.set(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_family, (short) Sockets.AF_INET);
        sa.set(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_port, Short.reverseBytes((short) port));
        sa.set(ValueLayout.JAVA_INT, SockaddrIn.OFFSETOF_sin_addr, Integer.reverseBytes(0x7f000001));
        return sa;
    }

    /** A listening socket on 127.0.0.1; returns {fd, port}. */
    static int[] listen(int backlog) throws LinuxException {
        int l = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = address(a, 0);
            Native.check("bind", Sockets.bind(l, sa, (int) SockaddrIn.SIZEOF));
            Native.check("listen", Sockets.listen(l, backlog));
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) SockaddrIn.SIZEOF);
            Native.check("getsockname", Sockets.getsockname(l, sa, len));
            return new int[] {l, Short.toUnsignedInt(Short.reverseBytes(sa.get(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_port)))};
        }
    }

    static int connect(int port) throws LinuxException {
        int c = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
        try (Arena a = Arena.ofConfined()) {
            Native.check("connect", Sockets.connect(c, address(a, port), (int) SockaddrIn.SIZEOF));
        }
        return c;
    }

    static int accept(int listener) throws LinuxException {
        return Native.check("accept4", Sockets.accept4(listener, MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC));
    }
}
