package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_LONG;
import static io.aionet.linux.Native.C_POINTER;

/**
 * Memory-management calls: {@code mmap}, {@code munmap}, {@code madvise}, {@code mlock},
 * {@code munlock}, {@code getrlimit}. Results are the raw-layer convention: value or {@code -errno}.
 */
public final class Mem {
    private Mem() {}

    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;

    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_HUGETLB = 0x40000;

    public static final int MADV_DONTFORK = 10;
    public static final int MADV_HUGEPAGE = 14;

    public static final int RLIMIT_MEMLOCK = 8;
    /** {@code RLIM_INFINITY}. */
    public static final long RLIM_INFINITY = -1L;

    /** The page size, read once from the running system. */
    public static final long PAGE_SIZE;

    private static final MethodHandle MMAP = Native.downcall("mmap",
            FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG, C_INT, C_INT, C_INT, C_LONG), false);
    private static final MethodHandle MUNMAP = Native.downcall("munmap",
            FunctionDescriptor.of(C_INT, C_LONG, C_LONG), false);
    private static final MethodHandle MADVISE = Native.downcall("madvise",
            FunctionDescriptor.of(C_INT, C_LONG, C_LONG, C_INT), false);
    private static final MethodHandle MLOCK = Native.downcall("mlock",
            FunctionDescriptor.of(C_INT, C_LONG, C_LONG), false);
    private static final MethodHandle MUNLOCK = Native.downcall("munlock",
            FunctionDescriptor.of(C_INT, C_LONG, C_LONG), false);
    private static final MethodHandle GETRLIMIT = Native.downcall("getrlimit",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER), false);
    private static final MethodHandle SETRLIMIT = Native.downcall("setrlimit",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER), false);
    private static final MethodHandle GETPAGESIZE = Native.plainDowncall("getpagesize",
            FunctionDescriptor.of(C_INT));

    static {
        try {
            PAGE_SIZE = (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code mmap(NULL, length, prot, flags, fd, offset)}: the mapping's address, or -errno
     * ({@code MAP_FAILED} is reported as -errno; a valid address is never negative in user space).
     */
    public static long mmap(long length, int prot, int flags, int fd, long offset) {
        MemorySegment c = Native.errnoSegment();
        try {
            long r = Native.result((long) MMAP.invokeExact(c, MemorySegment.NULL, length, prot, flags, fd, offset), c);
            if (r >= 0) {
                io.aionet.internal.NativeMemory.mapped(length); // leak accounting: every mapping is counted
            }
            return r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code munmap(addr, length)}: 0 or -errno. */
    public static int munmap(long address, long length) {
        MemorySegment c = Native.errnoSegment();
        try {
            int r = Native.result((int) MUNMAP.invokeExact(c, address, length), c);
            if (r == 0) {
                io.aionet.internal.NativeMemory.unmapped(length);
            }
            return r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code madvise(addr, length, advice)}: 0 or -errno. */
    public static int madvise(long address, long length, int advice) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) MADVISE.invokeExact(c, address, length, advice), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code mlock(addr, length)}: 0 or -errno. */
    public static int mlock(long address, long length) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) MLOCK.invokeExact(c, address, length), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code munlock(addr, length)}: 0 or -errno. */
    public static int munlock(long address, long length) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) MUNLOCK.invokeExact(c, address, length), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code getrlimit(resource)}: fills {@code out[0]} with the soft and {@code out[1]} with the hard
     * limit ({@link #RLIM_INFINITY} for none); 0 or -errno.
     */
    public static int getrlimit(int resource, long[] out) {
        MemorySegment c = Native.errnoSegment();
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment rl = a.allocate(16, 8);
            int r = Native.result((int) GETRLIMIT.invokeExact(c, resource, rl), c);
            if (r == 0) {
                out[0] = rl.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0);
                out[1] = rl.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8);
            }
            return r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code setrlimit(resource, {soft, hard})}: 0 or -errno. */
    public static int setrlimit(int resource, long soft, long hard) {
        MemorySegment c = Native.errnoSegment();
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment rl = a.allocate(16, 8);
            rl.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, soft);
            rl.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, hard);
            return Native.result((int) SETRLIMIT.invokeExact(c, resource, rl), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code RLIMIT_NOFILE}: the most descriptors the process may have open. */
    public static final int RLIMIT_NOFILE = 7;

    /** Rounds {@code size} up to a whole number of pages. */
    public static long pageAlign(long size) {
        return (size + PAGE_SIZE - 1) & -PAGE_SIZE;
    }
}
