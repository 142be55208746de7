package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_POINTER;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code timerfd_create}, {@code timerfd_settime}: the timer descriptor the epoll backend drives its
 * deadlines with (one per engine, armed for the earliest deadline). Results: value or {@code -errno}.
 * <pre>
 * struct timespec   { time_t tv_sec; long tv_nsec; };                     // 16 bytes on LP64
 * struct itimerspec { struct timespec it_interval; struct timespec it_value; };   // 32 bytes
 * </pre>
 */
public final class Timerfd {
    private Timerfd() {}

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_BOOTTIME = 7;

    public static final int TFD_NONBLOCK = Fds.O_NONBLOCK;
    public static final int TFD_CLOEXEC = Fds.O_CLOEXEC;
    /** {@code timerfd_settime} flag: {@code it_value} is an absolute time on the timer's clock. */
    public static final int TFD_TIMER_ABSTIME = 1;

    public static final StructLayout ITIMERSPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("interval_sec"), JAVA_LONG.withName("interval_nsec"),
            JAVA_LONG.withName("value_sec"), JAVA_LONG.withName("value_nsec"));
    /** {@code sizeof(struct itimerspec)}. */
    public static final long SIZEOF_itimerspec = ITIMERSPEC.byteSize();
    /** {@code offsetof(struct itimerspec, it_interval)}. */
    public static final long OFFSETOF_it_interval = ITIMERSPEC.byteOffset(groupElement("interval_sec"));
    /** {@code offsetof(struct itimerspec, it_value)}. */
    public static final long OFFSETOF_it_value = ITIMERSPEC.byteOffset(groupElement("value_sec"));
    /** {@code offsetof(struct timespec, tv_nsec)}. */
    public static final long OFFSETOF_tv_nsec = 8;

    private static final MethodHandle CREATE = Native.downcall("timerfd_create",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), false);
    private static final MethodHandle SETTIME = Native.downcall("timerfd_settime",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER, C_POINTER), true);

    /** {@code timerfd_create(clockid, flags)}: a descriptor or -errno. */
    public static int timerfd_create(int clockId, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) CREATE.invokeExact(c, clockId, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code timerfd_settime(fd, flags, new, NULL)}: 0 or -errno. {@code spec} holds one
     * {@code itimerspec}; write it with {@link #setItimerspec}.
     */
    public static int timerfd_settime(int fd, int flags, MemorySegment spec) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) SETTIME.invokeExact(c, fd, flags, spec, MemorySegment.NULL), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** Writes an {@code itimerspec}: first expiry {@code valueNanos} (0 disarms), then every {@code intervalNanos} (0: once). */
    public static void setItimerspec(MemorySegment spec, long valueNanos, long intervalNanos) {
        spec.set(ValueLayout.JAVA_LONG, OFFSETOF_it_interval, intervalNanos / 1_000_000_000L);
        spec.set(ValueLayout.JAVA_LONG, OFFSETOF_it_interval + OFFSETOF_tv_nsec, intervalNanos % 1_000_000_000L);
        spec.set(ValueLayout.JAVA_LONG, OFFSETOF_it_value, valueNanos / 1_000_000_000L);
        spec.set(ValueLayout.JAVA_LONG, OFFSETOF_it_value + OFFSETOF_tv_nsec, valueNanos % 1_000_000_000L);
    }
}
