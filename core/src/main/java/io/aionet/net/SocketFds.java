package io.aionet.net;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;

/** Socket descriptors: creation, binding, names and options, with errors as {@link LinuxException}. */
final class SocketFds {
    private SocketFds() {}

    static int open(int family, int type) throws LinuxException {
        int proto = family == Sockets.AF_UNIX ? 0 : (type == Sockets.SOCK_STREAM ? Sockets.IPPROTO_TCP : Sockets.IPPROTO_UDP);
        return Native.check("socket", Sockets.socket(family, type | Sockets.SOCK_CLOEXEC, proto));
    }

    static void bind(int fd, SocketAddress address) throws LinuxException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(SocketAddresses.MAX_SIZE, 8);
            int len = SocketAddresses.write(address, sa);
            int r = Sockets.bind(fd, sa, len);
            if (r < 0) {
                throw new LinuxException("bind", -r, String.valueOf(address));
            }
        }
    }

    static SocketAddress localAddress(int fd) throws LinuxException {
        return name(fd, true);
    }

    static SocketAddress remoteAddress(int fd) throws LinuxException {
        return name(fd, false);
    }

    private static SocketAddress name(int fd, boolean local) throws LinuxException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(SocketAddresses.MAX_SIZE, 8);
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, SocketAddresses.MAX_SIZE);
            int r = local ? Sockets.getsockname(fd, sa, len) : Sockets.getpeername(fd, sa, len);
            Native.check(local ? "getsockname" : "getpeername", r);
            return SocketAddresses.read(sa, len.get(ValueLayout.JAVA_INT, 0));
        }
    }

    static void setInt(int fd, int level, int name, int value, String what) throws LinuxException {
        int r = Sockets.setsockopt(fd, level, name, value);
        if (r < 0) {
            throw new LinuxException("setsockopt", -r, what);
        }
    }

    static int getInt(int fd, int level, int name, String what) throws LinuxException {
        int r = Sockets.getsockoptInt(fd, level, name);
        if (r < 0) {
            throw new LinuxException("getsockopt", -r, what);
        }
        return r;
    }

    /** Submits the channel's prepared requests now (bookkeeping such as a cancel-by-fd before a close). */
    static void submitNow(io.aionet.event.EventChannel channel) {
        try {
            channel.ring().submit();
        } catch (LinuxException e) {
            // a full CQ (-EBUSY is a status, not thrown); anything else: the close goes on regardless
        }
    }

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            int r = Fds.close(fd);
            assert r == 0 || r == -Errno.EBADF : "close: " + r;
        }
    }
}
