package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_LONG;

/**
 * The three io_uring system calls. glibc has no wrappers for them, so they go through
 * {@code long syscall(long number, ...)}; every argument is passed as a 64-bit {@code long} because a
 * variadic {@code int} may leave the upper half of its register undefined and the kernel reads all 64
 * bits.
 *
 * <p>All methods return the kernel's result, or {@code -errno}.
 */
public final class IoUringSyscalls {
    private IoUringSyscalls() {}

    /** x86_64 and arm64 share these numbers (the io_uring calls were added after the tables merged). */
    public static final long __NR_io_uring_setup = 425;
    public static final long __NR_io_uring_enter = 426;
    public static final long __NR_io_uring_register = 427;

    private static final FunctionDescriptor SYSCALL6 = FunctionDescriptor.of(C_LONG,
            C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG);

    private static final MethodHandle SYSCALL = Native.downcall("syscall", SYSCALL6, false,
            java.lang.foreign.Linker.Option.firstVariadicArg(1));

    /**
     * The same call, marked critical: no thread-state transition, so cheaper, but the JVM cannot reach
     * a safepoint during it. Only for calls that never block: submitting without waiting, registering.
     */
    private static final MethodHandle SYSCALL_CRITICAL = Native.downcall("syscall", SYSCALL6, true,
            java.lang.foreign.Linker.Option.firstVariadicArg(1));

    /** {@code io_uring_setup(entries, params)}: a ring fd, or -errno. */
    public static int io_uring_setup(int entries, MemorySegment params) {
        MemorySegment c = Native.errnoSegment();
        try {
            long r = (long) SYSCALL.invokeExact(c, __NR_io_uring_setup, (long) entries, params.address(), 0L, 0L, 0L, 0L);
            return (int) Native.result(r, c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code io_uring_enter(fd, to_submit, min_complete, flags, arg, argsz)}, which may block while it
     * waits for completions.
     *
     * @param capture an errno capture segment owned by the calling thread
     * @param arg     address of a sigset or {@code io_uring_getevents_arg}, or 0
     */
    public static int io_uring_enter(MemorySegment capture, int fd, int toSubmit, int minComplete, int flags,
                                     long arg, long argSize) {
        try {
            long r = (long) SYSCALL.invokeExact(capture, __NR_io_uring_enter, (long) fd, (long) toSubmit,
                    (long) minComplete, (long) flags, arg, argSize);
            return (int) Native.result(r, capture);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code io_uring_enter} for submissions that do not wait ({@code min_complete} 0): made as a
     * critical downcall.
     */
    public static int io_uring_enter_nowait(MemorySegment capture, int fd, int toSubmit, int flags) {
        try {
            long r = (long) SYSCALL_CRITICAL.invokeExact(capture, __NR_io_uring_enter, (long) fd, (long) toSubmit,
                    0L, (long) flags, 0L, 0L);
            return (int) Native.result(r, capture);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code io_uring_register(fd, opcode, arg, nr_args)}: the call's result, or -errno. */
    public static int io_uring_register(int fd, int opcode, MemorySegment arg, int nrArgs) {
        MemorySegment c = Native.errnoSegment();
        try {
            long r = (long) SYSCALL.invokeExact(c, __NR_io_uring_register, (long) fd, (long) opcode,
                    arg.address(), (long) nrArgs, 0L, 0L);
            return (int) Native.result(r, c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
