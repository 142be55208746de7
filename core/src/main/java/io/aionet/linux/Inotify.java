package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_POINTER;

/**
 * inotify: {@code inotify_init1}, {@code inotify_add_watch}, {@code inotify_rm_watch}, and the layout of
 * the records read from an inotify descriptor. Results: value or {@code -errno}.
 *
 * <pre>
 * struct inotify_event {
 *     int      wd;        // offset 0: watch descriptor
 *     uint32_t mask;      // 4: IN_* bits
 *     uint32_t cookie;    // 8: pairs IN_MOVED_FROM with IN_MOVED_TO
 *     uint32_t len;       // 12: bytes of name, NUL-padded
 *     char     name[];    // 16
 * };
 * </pre>
 */
public final class Inotify {
    private Inotify() {}

    public static final long SIZEOF_inotify_event = 16;
    public static final long OFFSETOF_wd = 0;
    public static final long OFFSETOF_mask = 4;
    public static final long OFFSETOF_cookie = 8;
    public static final long OFFSETOF_len = 12;
    public static final long OFFSETOF_name = 16;
    /** {@code NAME_MAX}: the longest name a record carries (plus its NUL). */
    public static final int NAME_MAX = 255;

    public static final int IN_NONBLOCK = Fds.O_NONBLOCK;
    public static final int IN_CLOEXEC = Fds.O_CLOEXEC;

    // ---- events ----
    public static final int IN_ACCESS = 0x00000001;
    public static final int IN_MODIFY = 0x00000002;
    public static final int IN_ATTRIB = 0x00000004;
    public static final int IN_CLOSE_WRITE = 0x00000008;
    public static final int IN_CLOSE_NOWRITE = 0x00000010;
    public static final int IN_OPEN = 0x00000020;
    public static final int IN_MOVED_FROM = 0x00000040;
    public static final int IN_MOVED_TO = 0x00000080;
    public static final int IN_CREATE = 0x00000100;
    public static final int IN_DELETE = 0x00000200;
    public static final int IN_DELETE_SELF = 0x00000400;
    public static final int IN_MOVE_SELF = 0x00000800;
    public static final int IN_ALL_EVENTS = 0x00000fff;
    // ---- reported by the kernel without being asked ----
    public static final int IN_UNMOUNT = 0x00002000;
    public static final int IN_Q_OVERFLOW = 0x00004000;
    public static final int IN_IGNORED = 0x00008000;
    // ---- watch flags ----
    public static final int IN_ONLYDIR = 0x01000000;
    public static final int IN_DONT_FOLLOW = 0x02000000;
    public static final int IN_EXCL_UNLINK = 0x04000000;
    public static final int IN_MASK_CREATE = 0x10000000;
    public static final int IN_MASK_ADD = 0x20000000;
    public static final int IN_ISDIR = 0x40000000;
    public static final int IN_ONESHOT = 0x80000000;

    private static final MethodHandle INIT1 = Native.downcall("inotify_init1",
            FunctionDescriptor.of(C_INT, C_INT), false);
    private static final MethodHandle ADD_WATCH = Native.downcall("inotify_add_watch",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT), false);
    private static final MethodHandle RM_WATCH = Native.downcall("inotify_rm_watch",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), false);

    /** {@code inotify_init1(flags)}: a descriptor or -errno. */
    public static int inotify_init1(int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) INIT1.invokeExact(c, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code inotify_add_watch(fd, path, mask)}: a watch descriptor or -errno; {@code path} is a C string. */
    public static int inotify_add_watch(int fd, MemorySegment path, int mask) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) ADD_WATCH.invokeExact(c, fd, path, mask), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code inotify_rm_watch(fd, wd)}: 0 or -errno. */
    public static int inotify_rm_watch(int fd, int wd) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) RM_WATCH.invokeExact(c, fd, wd), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
