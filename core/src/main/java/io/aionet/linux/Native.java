package io.aionet.linux;

import io.aionet.LinuxException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one place that talks to the native linker: symbol lookup, downcall handles and errno capture.
 *
 * <p>Every downcall made through {@link #downcall} captures {@code errno} with
 * {@link Linker.Option#captureCallState(String...)} into a caller-supplied capture segment, so errno is
 * read from the call that set it and never from a second call. Callers that own a thread-confined
 * resource (a ring) keep their own capture segment; everybody else uses {@link #errnoSegment()}, a
 * per-thread one.
 *
 * <p>Convention of the whole {@code io.aionet.linux} package: a raw call returns its result when it
 * succeeds and {@code -errno} when it fails, like the kernel and liburing do. {@link LinuxException}
 * is made in one place, {@link #check(String, long)}.
 */
public final class Native {
    private Native() {}

    static {
        NativeAccess.require(Native.class.getModule());
    }

    /** The platform linker. */
    public static final Linker LINKER = Linker.nativeLinker();
    /** libc's symbols (the linker's default lookup on Linux). */
    public static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** Size in bytes of an errno capture segment. */
    public static final long CAPTURE_SIZE = CAPTURE_LAYOUT.byteSize();

    private static final ThreadLocal<MemorySegment> PER_THREAD_CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    /** C {@code long} on LP64. */
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    /** C {@code int}. */
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    /** C pointer. */
    public static final ValueLayout C_POINTER = ValueLayout.ADDRESS;

    /** Allocates a capture segment for errno that lives as long as {@code arena}. */
    public static MemorySegment newErrnoSegment(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** This thread's errno capture segment. */
    public static MemorySegment errnoSegment() {
        return PER_THREAD_CAPTURE.get();
    }

    /** Reads the errno captured in {@code capture}. */
    public static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /**
     * A downcall handle for libc function {@code name} that captures errno; its first parameter is the
     * capture segment.
     *
     * @param critical only for calls that are short and never block (no GC safepoint during the call)
     */
    public static MethodHandle downcall(String name, FunctionDescriptor fd, boolean critical, Linker.Option... extra) {
        MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option[] opts = new Linker.Option[extra.length + (critical ? 2 : 1)];
        opts[0] = CAPTURE_ERRNO;
        int i = 1;
        if (critical) {
            opts[i++] = Linker.Option.critical(false);
        }
        System.arraycopy(extra, 0, opts, i, extra.length);
        return LINKER.downcallHandle(sym, fd, opts);
    }

    /** A downcall handle for libc function {@code name} that does not touch errno. */
    public static MethodHandle plainDowncall(String name, FunctionDescriptor fd) {
        MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(sym, fd);
    }

    /** Turns a libc-style result ({@code -1} and errno) into the raw-layer convention ({@code -errno}). */
    public static int result(int r, MemorySegment capture) {
        return r == -1 ? -errno(capture) : r;
    }

    /** Turns a libc-style result ({@code -1} and errno) into the raw-layer convention ({@code -errno}). */
    public static long result(long r, MemorySegment capture) {
        return r == -1 ? -errno(capture) : r;
    }

    /**
     * Returns {@code r} when it is not negative; otherwise throws a {@link LinuxException} naming
     * {@code syscall} and the errno {@code -r}.
     */
    public static long check(String syscall, long r) throws LinuxException {
        if (r < 0) {
            throw new LinuxException(syscall, (int) -r);
        }
        return r;
    }

    /** {@link #check(String, long)} for int results. */
    public static int check(String syscall, int r) throws LinuxException {
        if (r < 0) {
            throw new LinuxException(syscall, -r);
        }
        return r;
    }

    /**
     * The address of {@code length} bytes at {@code offset} of {@code buf}, for a call that takes the buffer
     * as a plain address (no slice is made, so nothing is allocated); the caller keeps {@code buf} reachable
     * across the call.
     *
     * @throws IllegalArgumentException when {@code buf} is not native
     * @throws IllegalStateException    when its arena is closed
     * @throws IndexOutOfBoundsException when the range is outside it
     */
    public static long address(MemorySegment buf, long offset, long length) {
        if (!buf.isNative()) {
            throw new IllegalArgumentException("the kernel reads and writes native memory only: " + buf);
        }
        if (!buf.scope().isAlive()) {
            throw new IllegalStateException("the segment's arena is closed");
        }
        java.util.Objects.checkFromIndexSize(offset, length, buf.byteSize());
        return buf.address() + offset;
    }

    /** Wraps a {@link Throwable} thrown by {@code invokeExact} (downcalls throw nothing checked). */
    public static AssertionError unexpected(Throwable t) {
        return new AssertionError("downcall failed unexpectedly", t);
    }
}
