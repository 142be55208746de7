package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_LONG;
import static io.aionet.linux.Native.C_POINTER;

/**
 * The socket calls: {@code socket}, {@code bind}, {@code listen}, {@code connect}, {@code accept4},
 * {@code setsockopt}, {@code getsockopt}, {@code getsockname}, {@code getpeername}, {@code shutdown},
 * {@code send}, {@code recv}, {@code sendfile}. Results: value or {@code -errno}.
 */
public final class Sockets {
    private Sockets() {}

    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_PACKET = 17;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;

    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;

    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int SO_INCOMING_NAPI_ID = 56;
    public static final int SO_ZEROCOPY = 60;

    public static final int TCP_NODELAY = 1;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_QUICKACK = 12;
    public static final int IPV6_V6ONLY = 26;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    public static final int MSG_PEEK = 0x2;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_ERRQUEUE = 0x2000;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_WAITALL = 0x100;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_ZEROCOPY = 0x4000000;

    public static final int SOMAXCONN = 4096;

    private static final MethodHandle SOCKET = Native.downcall("socket",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT), false);
    private static final MethodHandle BIND = Native.downcall("bind",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT), false);
    private static final MethodHandle LISTEN = Native.downcall("listen",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), false);
    private static final MethodHandle CONNECT = Native.downcall("connect",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT), false);
    private static final MethodHandle ACCEPT4 = Native.downcall("accept4",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_INT), false);
    private static final MethodHandle SETSOCKOPT = Native.downcall("setsockopt",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT), false);
    private static final MethodHandle GETSOCKOPT = Native.downcall("getsockopt",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER), false);
    private static final MethodHandle GETSOCKNAME = Native.downcall("getsockname",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER), false);
    private static final MethodHandle GETPEERNAME = Native.downcall("getpeername",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER), false);
    private static final MethodHandle SHUTDOWN = Native.downcall("shutdown",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), false);
    private static final MethodHandle SEND = Native.downcall("send",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT), false);
    private static final MethodHandle RECV = Native.downcall("recv",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT), false);
    private static final MethodHandle SENDMSG = Native.downcall("sendmsg",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT), false);
    private static final MethodHandle RECVMSG = Native.downcall("recvmsg",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT), false);
    // the buffer as a plain address: a send or receive at an offset makes no slice (no allocation per call)
    private static final MethodHandle SEND_AT = Native.downcall("send",
            FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG, C_INT), false);
    private static final MethodHandle RECV_AT = Native.downcall("recv",
            FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG, C_INT), false);
    private static final MethodHandle SOCKETPAIR = Native.downcall("socketpair",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER), false);
    private static final MethodHandle SENDFILE = Native.downcall("sendfile",
            FunctionDescriptor.of(C_LONG, C_INT, C_INT, C_POINTER, C_LONG), false);

    /** {@code socket(domain, type, protocol)}: a descriptor or -errno. */
    public static int socket(int domain, int type, int protocol) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) SOCKET.invokeExact(c, domain, type, protocol), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code socketpair(domain, type, protocol, fds)}: fills {@code fds[0]} and {@code fds[1]}; 0 or -errno. */
    public static int socketpair(int domain, int type, int protocol, int[] fds) {
        MemorySegment c = Native.errnoSegment();
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment p = a.allocate(C_INT, 2);
            int r = Native.result((int) SOCKETPAIR.invokeExact(c, domain, type, protocol, p), c);
            if (r == 0) {
                fds[0] = p.getAtIndex(C_INT, 0);
                fds[1] = p.getAtIndex(C_INT, 1);
            }
            return r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code bind(fd, addr, addr.byteSize())}: 0 or -errno. */
    public static int bind(int fd, MemorySegment addr, int addrLen) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) BIND.invokeExact(c, fd, addr, addrLen), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code listen(fd, backlog)}: 0 or -errno. */
    public static int listen(int fd, int backlog) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) LISTEN.invokeExact(c, fd, backlog), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code connect(fd, addr, len)}: 0 or -errno. */
    public static int connect(int fd, MemorySegment addr, int addrLen) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) CONNECT.invokeExact(c, fd, addr, addrLen), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code accept4(fd, addr, addrlen, flags)}: a descriptor or -errno; both pointers may be NULL. */
    public static int accept4(int fd, MemorySegment addr, MemorySegment addrLen, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) ACCEPT4.invokeExact(c, fd, addr, addrLen, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code setsockopt(fd, level, name, value, len)}: 0 or -errno. */
    public static int setsockopt(int fd, int level, int name, MemorySegment value, int len) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) SETSOCKOPT.invokeExact(c, fd, level, name, value, len), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code setsockopt} with an {@code int} value: 0 or -errno. */
    public static int setsockopt(int fd, int level, int name, int value) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment v = a.allocate(C_INT);
            v.set(C_INT, 0, value);
            return setsockopt(fd, level, name, v, 4);
        }
    }

    /** {@code getsockopt(fd, level, name, value, len)}: 0 or -errno. */
    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment len) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) GETSOCKOPT.invokeExact(c, fd, level, name, value, len), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code getsockopt} of an {@code int} option: the value, or -errno (values here are never negative). */
    public static int getsockoptInt(int fd, int level, int name) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment v = a.allocate(C_INT);
            MemorySegment l = a.allocate(C_INT);
            l.set(C_INT, 0, 4);
            int r = getsockopt(fd, level, name, v, l);
            return r < 0 ? r : v.get(C_INT, 0);
        }
    }

    /** {@code getsockname(fd, addr, addrlen)}: 0 or -errno. */
    public static int getsockname(int fd, MemorySegment addr, MemorySegment addrLen) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) GETSOCKNAME.invokeExact(c, fd, addr, addrLen), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code getpeername(fd, addr, addrlen)}: 0 or -errno. */
    public static int getpeername(int fd, MemorySegment addr, MemorySegment addrLen) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) GETPEERNAME.invokeExact(c, fd, addr, addrLen), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code shutdown(fd, how)}: 0 or -errno. */
    public static int shutdown(int fd, int how) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) SHUTDOWN.invokeExact(c, fd, how), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code send(fd, buf, buf.byteSize(), flags)}: bytes sent or -errno. */
    public static long send(int fd, MemorySegment buf, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) SEND.invokeExact(c, fd, buf, buf.byteSize(), flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code recv(fd, buf, buf.byteSize(), flags)}: bytes received (0 at EOF) or -errno. */
    public static long recv(int fd, MemorySegment buf, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) RECV.invokeExact(c, fd, buf, buf.byteSize(), flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code sendfile(out, in, offset, count)}: bytes sent or -errno; {@code offset} is an in/out {@code off_t*} or NULL. */
    public static long sendfile(int outFd, int inFd, MemorySegment offset, long count) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) SENDFILE.invokeExact(c, outFd, inFd, offset, count), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code send(fd, buf + offset, length, flags)}: bytes sent or -errno. No slice is made, so the call
     * allocates nothing (the epoll backend's send path); {@code buf} must be native and alive.
     */
    public static long send(int fd, MemorySegment buf, long offset, long length, int flags) {
        long address = Native.address(buf, offset, length);
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) SEND_AT.invokeExact(c, fd, address, length, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        } finally {
            java.lang.ref.Reference.reachabilityFence(buf);
        }
    }

    /**
     * {@code recv(fd, buf + offset, length, flags)}: bytes received (0 at EOF) or -errno, without making a
     * slice; {@code buf} must be native and alive.
     */
    public static long recv(int fd, MemorySegment buf, long offset, long length, int flags) {
        long address = Native.address(buf, offset, length);
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) RECV_AT.invokeExact(c, fd, address, length, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        } finally {
            java.lang.ref.Reference.reachabilityFence(buf);
        }
    }

    /** {@code sendmsg(fd, msghdr, flags)}: bytes sent or -errno; {@code msghdr} holds one {@link Msghdr}. */
    public static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) SENDMSG.invokeExact(c, fd, msghdr, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code recvmsg(fd, msghdr, flags)}: bytes received (0 at EOF) or -errno; the kernel updates
     * {@code msg_namelen}, {@code msg_controllen} and {@code msg_flags}. With {@code MSG_ERRQUEUE} it reads
     * the socket's error queue (zero-copy completions, {@link SockExtendedErr}).
     */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) RECVMSG.invokeExact(c, fd, msghdr, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
