package io.aionet.linux;

import io.aionet.LinuxException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_LONG;
import static io.aionet.linux.Native.C_POINTER;

/**
 * File-descriptor calls: {@code close}, {@code read}, {@code write}, {@code eventfd}, {@code pipe2},
 * {@code fcntl}, {@code poll}, {@code uname}. Results: value or {@code -errno}.
 */
public final class Fds {
    private Fds() {}

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_NONBLOCK = O_NONBLOCK;
    public static final int EFD_CLOEXEC = O_CLOEXEC;

    public static final int F_GETFD = 1;
    /** {@code F_DUPFD_CLOEXEC}: {@code fcntl} duplicates the descriptor, close-on-exec, at the lowest number ≥ arg. */
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;

    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;
    public static final short POLLRDHUP = 0x2000;

    private static final MethodHandle CLOSE = Native.downcall("close", FunctionDescriptor.of(C_INT, C_INT), false);
    private static final MethodHandle READ = Native.downcall("read",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG), false);
    private static final MethodHandle WRITE = Native.downcall("write",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG), false);
    private static final MethodHandle EVENTFD = Native.downcall("eventfd",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), false);
    private static final MethodHandle PIPE2 = Native.downcall("pipe2",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT), false);
    private static final MethodHandle FCNTL = Native.downcall("fcntl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_LONG), false, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = Native.downcall("poll",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT), false);
    private static final MethodHandle OPEN = Native.downcall("open",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT), false, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle UNAME = Native.downcall("uname",
            FunctionDescriptor.of(C_INT, C_POINTER), false);

    /** {@code open(path, flags, mode)}: a descriptor or -errno. */
    public static int open(String path, int flags, int mode) {
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            return Native.result((int) OPEN.invokeExact(c, a.allocateFrom(path), flags, mode), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code close(fd)}: 0 or -errno. */
    public static int close(int fd) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) CLOSE.invokeExact(c, fd), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code read(fd, buf, buf.byteSize())}: bytes read or -errno. */
    public static long read(int fd, MemorySegment buf) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) READ.invokeExact(c, fd, buf, buf.byteSize()), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code write(fd, buf, buf.byteSize())}: bytes written or -errno. */
    public static long write(int fd, MemorySegment buf) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) WRITE.invokeExact(c, fd, buf, buf.byteSize()), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code eventfd(initval, flags)}: a descriptor or -errno. */
    public static int eventfd(int initval, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) EVENTFD.invokeExact(c, initval, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code pipe2(fds, flags)}: fills {@code fds[0]} (read end) and {@code fds[1]}; 0 or -errno. */
    public static int pipe2(int[] fds, int flags) {
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ValueLayout.JAVA_INT, 2);
            int r = Native.result((int) PIPE2.invokeExact(c, p, flags), c);
            if (r == 0) {
                fds[0] = p.getAtIndex(ValueLayout.JAVA_INT, 0);
                fds[1] = p.getAtIndex(ValueLayout.JAVA_INT, 1);
            }
            return r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code fcntl(fd, cmd, arg)}: the result or -errno. */
    public static int fcntl(int fd, int cmd, long arg) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) FCNTL.invokeExact(c, fd, cmd, arg), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** True when {@code fd} is an open descriptor of this process. */
    public static boolean isOpen(int fd) {
        return fd >= 0 && fcntl(fd, F_GETFD, 0) >= 0;
    }

    /**
     * {@code poll} on one descriptor: the returned events ({@code revents}), 0 on timeout, or -errno.
     */
    public static int poll(int fd, short events, int timeoutMillis) {
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(ValueLayout.JAVA_INT, 0, fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, events);
            int r = Native.result((int) POLL.invokeExact(c, pfd, 1L, timeoutMillis), c);
            return r <= 0 ? r : pfd.get(ValueLayout.JAVA_SHORT, 6) & 0xffff;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** The running kernel's release string ({@code uname -r}), e.g. {@code "6.18.4"}. */
    public static String kernelRelease() {
        return uname()[2];
    }

    /** {@code uname}: sysname, nodename, release, version, machine. */
    public static String[] uname() {
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            // struct utsname: six char[65] fields (the sixth is domainname)
            MemorySegment u = a.allocate(65 * 6);
            int r = Native.result((int) UNAME.invokeExact(c, u), c);
            Native.check("uname", r);
            String[] out = new String[5];
            for (int i = 0; i < 5; i++) {
                out[i] = u.asSlice(65L * i, 65).getString(0);
            }
            return out;
        } catch (LinuxException e) {
            throw new IllegalStateException(e);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
