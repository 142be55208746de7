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
 * Regular files and pipes for Polyakov's {@code aio_sendfile}: {@code open(2)} of a path (the descriptor
 * a splice reads from) and the pipe-sizing {@code fcntl} commands. Results: value or {@code -errno}.
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
}
