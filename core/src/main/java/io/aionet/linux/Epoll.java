package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_POINTER;

/**
 * {@code epoll_create1}, {@code epoll_ctl}, {@code epoll_wait}: the readiness API the epoll backend and the
 * synchronous peers of the benchmarks use. {@code struct epoll_event} is packed on x86_64
 * ({@code __u32 events; __u64 data;} = 12 bytes) and naturally aligned elsewhere (16 bytes).
 */
public final class Epoll {
    private Epoll() {}

    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    /** Report the descriptor once, then disable it until {@code EPOLL_CTL_MOD} re-arms it. */
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;

    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    /** {@code sizeof(struct epoll_event)}. */
    public static final long SIZEOF_epoll_event = PACKED ? 12 : 16;
    /** {@code offsetof(struct epoll_event, data)}. */
    public static final long OFFSETOF_data = PACKED ? 4 : 8;

    private static final MethodHandle CREATE1 = Native.downcall("epoll_create1",
            FunctionDescriptor.of(C_INT, C_INT), false);
    private static final MethodHandle CTL = Native.downcall("epoll_ctl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER), false);
    private static final MethodHandle WAIT = Native.downcall("epoll_wait",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT), false);

    /** {@code epoll_create1(flags)}: a descriptor or -errno. */
    public static int epoll_create1(int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) CREATE1.invokeExact(c, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code epoll_ctl(epfd, op, fd, event)}: 0 or -errno; {@code event} holds one {@code epoll_event}. */
    public static int epoll_ctl(int epfd, int op, int fd, MemorySegment event) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) CTL.invokeExact(c, epfd, op, fd, event), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code epoll_wait(epfd, events, max, timeout)}: the number of ready events, or -errno. */
    public static int epoll_wait(int epfd, MemorySegment events, int max, int timeoutMillis) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) WAIT.invokeExact(c, epfd, events, max, timeoutMillis), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** Writes one {@code epoll_event} at {@code index} of {@code events}. */
    public static void setEvent(MemorySegment events, int index, int mask, long data) {
        long base = index * SIZEOF_epoll_event;
        events.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, base, mask);
        events.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, base + OFFSETOF_data, data);
    }

    /** The {@code events} mask of entry {@code index}. */
    public static int eventMask(MemorySegment events, int index) {
        return events.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, index * SIZEOF_epoll_event);
    }

    /** The {@code data} of entry {@code index}. */
    public static long eventData(MemorySegment events, int index) {
        return events.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, index * SIZEOF_epoll_event + OFFSETOF_data);
    }
}
