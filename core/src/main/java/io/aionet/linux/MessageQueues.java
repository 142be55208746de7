package io.aionet.linux;

import io.aionet.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_LONG;
import static io.aionet.linux.Native.C_POINTER;

/**
 * POSIX message queues: {@code mq_open}, {@code mq_close}, {@code mq_unlink}, {@code mq_send},
 * {@code mq_receive}, {@code mq_getattr} (in libc itself since glibc 2.34). On Linux an {@code mqd_t}
 * is a file descriptor, pollable for reading and writing. Results: value or {@code -errno}.
 *
 * <pre>
 * struct mq_attr {          // 64 bytes
 *     long mq_flags;        // offset 0: O_NONBLOCK or 0
 *     long mq_maxmsg;       // 8
 *     long mq_msgsize;      // 16
 *     long mq_curmsgs;      // 24
 *     long __pad[4];
 * };
 * </pre>
 */
public final class MessageQueues {
    private MessageQueues() {}

    public static final long SIZEOF_mq_attr = 64;
    public static final long OFFSETOF_mq_flags = 0;
    public static final long OFFSETOF_mq_maxmsg = 8;
    public static final long OFFSETOF_mq_msgsize = 16;
    public static final long OFFSETOF_mq_curmsgs = 24;

    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;

    private static final MethodHandle MQ_OPEN = find("mq_open",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_POINTER), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MQ_CLOSE = find("mq_close", FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle MQ_UNLINK = find("mq_unlink", FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle MQ_SEND = find("mq_send",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_LONG, C_INT));
    private static final MethodHandle MQ_RECEIVE = find("mq_receive",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_POINTER));
    private static final MethodHandle MQ_GETATTR = find("mq_getattr",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));

    /** glibc before 2.34 keeps these in librt; then they are missing here and every call returns -ENOSYS. */
    private static MethodHandle find(String name, FunctionDescriptor fd, Linker.Option... extra) {
        return Native.LIBC.find(name).isPresent() ? Native.downcall(name, fd, false, extra) : null;
    }

    /** True when libc has the message queue calls. */
    public static boolean available() {
        return MQ_OPEN != null;
    }

    /**
     * {@code mq_open(name, oflag, mode, attr)}: a descriptor or -errno. {@code name} starts with '/';
     * {@code attr} may be {@link MemorySegment#NULL} (the system's defaults).
     */
    public static int mq_open(String name, int oflag, int mode, MemorySegment attr) {
        if (MQ_OPEN == null) {
            return -Errno.ENOSYS;
        }
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            return Native.result((int) MQ_OPEN.invokeExact(c, a.allocateFrom(name), oflag, mode, attr), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code mq_close(mqd)}: 0 or -errno. */
    public static int mq_close(int mqd) {
        if (MQ_CLOSE == null) {
            return -Errno.ENOSYS;
        }
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) MQ_CLOSE.invokeExact(c, mqd), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code mq_unlink(name)}: 0 or -errno. */
    public static int mq_unlink(String name) {
        if (MQ_UNLINK == null) {
            return -Errno.ENOSYS;
        }
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            return Native.result((int) MQ_UNLINK.invokeExact(c, a.allocateFrom(name)), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code mq_send(mqd, msg, msg.byteSize(), prio)}: 0 or -errno ({@code -EAGAIN} when full and non-blocking). */
    public static int mq_send(int mqd, MemorySegment msg, int prio) {
        if (MQ_SEND == null) {
            return -Errno.ENOSYS;
        }
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) MQ_SEND.invokeExact(c, mqd, msg, msg.byteSize(), prio), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * {@code mq_receive(mqd, buf, buf.byteSize(), prio)}: the message's length or -errno; {@code buf}
     * must hold at least {@code mq_msgsize} bytes; {@code prio} may be {@link MemorySegment#NULL}.
     */
    public static long mq_receive(int mqd, MemorySegment buf, MemorySegment prio) {
        if (MQ_RECEIVE == null) {
            return -Errno.ENOSYS;
        }
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((long) MQ_RECEIVE.invokeExact(c, mqd, buf, buf.byteSize(), prio), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code mq_getattr(mqd, attr)}: fills the 64-byte {@code struct mq_attr}; 0 or -errno. */
    public static int mq_getattr(int mqd, MemorySegment attr) {
        if (MQ_GETATTR == null) {
            return -Errno.ENOSYS;
        }
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) MQ_GETATTR.invokeExact(c, mqd, attr), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
