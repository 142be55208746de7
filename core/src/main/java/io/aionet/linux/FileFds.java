package io.aionet.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_LONG;
import static io.aionet.linux.Native.C_POINTER;

/**
 * Regular files and pipes: {@code open(2)} of a path (the descriptor a splice reads from), the pipe-sizing
 * {@code fcntl} commands, and the file calls the epoll backend makes at once where io_uring has a request
 * ({@code pread}/{@code pwrite} and their {@code RWF_NOWAIT} vector forms, {@code read}/{@code write} at
 * the file position, {@code fsync}, {@code fdatasync}, {@code openat}). Buffers are passed as an address
 * and a length, so no slice is made. Results: value or {@code -errno}.
 */
public final class FileFds {
    private FileFds() {}

    /** {@code F_SETPIPE_SZ} ({@code <linux/fcntl.h>}: F_LINUX_SPECIFIC_BASE + 7): resize a pipe's buffer. */
    public static final int F_SETPIPE_SZ = 1031;
    /** {@code F_GETPIPE_SZ} (F_LINUX_SPECIFIC_BASE + 8): a pipe's buffer size. */
    public static final int F_GETPIPE_SZ = 1032;

    private static final MethodHandle OPEN = Native.downcall("open",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT), false, Linker.Option.firstVariadicArg(2));

    private static final MethodHandle PREAD = Native.downcall("pread",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_LONG), false);
    // the buffer as a plain address: a read or write at an offset of a segment makes no slice
    private static final MethodHandle PREAD_AT = Native.downcall("pread",
            FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG, C_LONG), false);
    private static final MethodHandle PWRITE_AT = Native.downcall("pwrite",
            FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG, C_LONG), false);
    private static final MethodHandle READ_AT = Native.downcall("read",
            FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG), false);
    private static final MethodHandle WRITE_AT = Native.downcall("write",
            FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG), false);
    private static final MethodHandle PREADV2 = Native.downcall("preadv2",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_LONG, C_INT), false);
    private static final MethodHandle PWRITEV2 = Native.downcall("pwritev2",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_LONG, C_INT), false);
    private static final MethodHandle FSYNC = Native.downcall("fsync", FunctionDescriptor.of(C_INT, C_INT), false);
    private static final MethodHandle FDATASYNC = Native.downcall("fdatasync", FunctionDescriptor.of(C_INT, C_INT), false);
    private static final MethodHandle OPENAT = Native.downcall("openat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT), false, Linker.Option.firstVariadicArg(3));

    /** {@code RWF_NOWAIT}: {@code preadv2}/{@code pwritev2} fail with {@code EAGAIN} instead of waiting. */
    public static final int RWF_NOWAIT = 0x8;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_DSYNC = 010000;
    public static final int O_SYNC = 04010000;

    /**
     * {@code pread(fd, buf, buf.byteSize(), offset)}: bytes read (0 at end of file, fewer than asked when
     * the file is shorter) or -errno. The descriptor's own file offset is left alone.
     */
    public static long pread(int fd, MemorySegment buf, long offset) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) PREAD.invokeExact(c, fd, buf, buf.byteSize(), offset), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code open(path, flags, 0)}: a descriptor or -errno. {@code flags} e.g. {@code O_RDONLY | O_CLOEXEC}. */
    public static int open(String path, int flags) {
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocateFrom(path);
            return Native.result((int) OPEN.invokeExact(c, p, flags, 0), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code pread(fd, buf + offset, length, fileOffset)} — or {@code read(fd, …)} at the file position
     * (moving it) when {@code fileOffset} is -1: bytes read (0 at end of file) or -errno.
     */
    public static long read(int fd, MemorySegment buf, long offset, long length, long fileOffset) {
        return transfer(false, fd, buf, offset, length, fileOffset);
    }

    /**
     * {@code pwrite(fd, buf + offset, length, fileOffset)} — or {@code write(fd, …)} at the file position
     * when {@code fileOffset} is -1: bytes written or -errno.
     */
    public static long write(int fd, MemorySegment buf, long offset, long length, long fileOffset) {
        return transfer(true, fd, buf, offset, length, fileOffset);
    }

    private static long transfer(boolean write, int fd, MemorySegment buf, long offset, long length, long fileOffset) {
        long address = Native.address(buf, offset, length);
        MemorySegment c = Native.errnoSegment();
        try {
            long r;
            if (fileOffset < 0) {
                r = write ? (long) WRITE_AT.invokeExact(c, fd, address, length) : (long) READ_AT.invokeExact(c, fd, address, length);
            } else {
                r = write ? (long) PWRITE_AT.invokeExact(c, fd, address, length, fileOffset)
                        : (long) PREAD_AT.invokeExact(c, fd, address, length, fileOffset);
            }
            return Native.result(r, c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        } finally {
            java.lang.ref.Reference.reachabilityFence(buf);
        }
    }

    /**
     * {@code preadv2(fd, iov, iovcnt, fileOffset, flags)} ({@code fileOffset} -1: the file position):
     * bytes read or -errno; with {@link #RWF_NOWAIT}, {@code -EAGAIN} instead of waiting for data.
     */
    public static long preadv2(int fd, MemorySegment iov, int iovcnt, long fileOffset, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) PREADV2.invokeExact(c, fd, iov, iovcnt, fileOffset, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code pwritev2(fd, iov, iovcnt, fileOffset, flags)}: as {@link #preadv2}, writing. */
    public static long pwritev2(int fd, MemorySegment iov, int iovcnt, long fileOffset, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) PWRITEV2.invokeExact(c, fd, iov, iovcnt, fileOffset, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code fsync(fd)}, or {@code fdatasync(fd)} with {@code dataOnly}: 0 or -errno. */
    public static int fsync(int fd, boolean dataOnly) {
        MemorySegment c = Native.errnoSegment();
        try {
            int r = dataOnly ? (int) FDATASYNC.invokeExact(c, fd) : (int) FSYNC.invokeExact(c, fd);
            return Native.result(r, c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code openat(dirFd, path, flags, mode)}: a descriptor or -errno; {@code path} is a NUL-terminated
     * string in native memory.
     */
    public static int openat(int dirFd, MemorySegment path, int flags, int mode) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) OPENAT.invokeExact(c, dirFd, path, flags, mode), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
