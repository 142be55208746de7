package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_LONG;

/**
 * The {@code futex(2)} system call (glibc has no wrapper), for waking and waiting outside a ring.
 * Every argument goes through {@code syscall} as a 64-bit {@code long}. Results: value or {@code -errno}.
 */
public final class Futexes {
    private Futexes() {}

    /** {@code SYS_futex}: 202 on x86_64, 98 on arm64. */
    public static final long __NR_futex = "aarch64".equals(System.getProperty("os.arch")) ? 98 : 202;

    public static final int FUTEX_WAIT = 0;
    public static final int FUTEX_WAKE = 1;
    /** Or'ed into the operation when the word is not shared between processes. */
    public static final int FUTEX_PRIVATE_FLAG = 128;

    private static final MethodHandle SYSCALL = Native.downcall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG), false,
            Linker.Option.firstVariadicArg(1));

    /**
     * {@code futex(word, FUTEX_WAKE, count)} on a shared (not private) word: how many waiters were
     * woken, or -errno.
     */
    public static int futexWake(MemorySegment word, int count) {
        MemorySegment c = Native.errnoSegment();
        try {
            long r = (long) SYSCALL.invokeExact(c, __NR_futex, word.address(), (long) FUTEX_WAKE, (long) count, 0L, 0L, 0L);
            return (int) Native.result(r, c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code futex(word, FUTEX_WAIT, expected, timeout)} on a shared word: 0 when woken, -EAGAIN when the
     * word did not hold {@code expected}, -ETIMEDOUT, -EINTR. {@code timeout} is a
     * {@code struct timespec} (relative) or {@link MemorySegment#NULL}.
     */
    public static int futexWait(MemorySegment word, int expected, MemorySegment timeout) {
        MemorySegment c = Native.errnoSegment();
        try {
            long r = (long) SYSCALL.invokeExact(c, __NR_futex, word.address(), (long) FUTEX_WAIT,
                    (long) expected, timeout.address(), 0L, 0L);
            return (int) Native.result(r, c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
