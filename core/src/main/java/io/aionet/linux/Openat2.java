package io.aionet.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_LONG;

/**
 * {@code openat2(2)}: opening a path relative to a directory descriptor with the kernel itself
 * checking how the path resolves (glibc has no wrapper; it goes through {@code syscall}). With
 * {@link #RESOLVE_BENEATH} no component may leave the directory — not {@code ..}, not an absolute path,
 * not a symbolic link pointing out — and the check and the open are one step, so nobody can swap a
 * link in between. Results: a descriptor or {@code -errno} ({@code -EXDEV} when the path would leave,
 * {@code -ELOOP} for a refused link).
 *
 * <pre>
 * struct open_how {      // include/uapi/linux/openat2.h
 *     __u64 flags;       // 0:  O_* flags
 *     __u64 mode;        // 8:  creation mode (0 unless O_CREAT / O_TMPFILE)
 *     __u64 resolve;     // 16: RESOLVE_* flags
 * };                     // 24 bytes (OPEN_HOW_SIZE_VER0)
 * </pre>
 */
public final class Openat2 {
    private Openat2() {}

    /** {@code SYS_openat2}: 437 on x86_64 and arm64 alike (the unified syscall table). */
    public static final long __NR_openat2 = 437;

    /** Block mount-point crossings. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    /** Block traversal of "magic links" ({@code /proc/PID/fd/N} and the like). */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** Block every symbolic link (implies {@link #RESOLVE_NO_MAGICLINKS}). */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** Every component must stay beneath the directory: {@code ..} above it, absolute paths and links out fail. */
    public static final long RESOLVE_BENEATH = 0x08;
    /** Resolve as though the directory were the root ({@code chroot}-like). */
    public static final long RESOLVE_IN_ROOT = 0x10;

    /** {@code O_DIRECTORY}: fail unless the path is a directory. */
    public static final int O_DIRECTORY = 0x10000;
    /** {@code O_NOFOLLOW}: fail when the last component is a symbolic link. */
    public static final int O_NOFOLLOW = 0x20000;
    /** {@code O_NOCTTY}: a terminal opened does not become the controlling one. */
    public static final int O_NOCTTY = 0x100;
    /** {@code O_PATH}: a descriptor that names the file without opening it for I/O. */
    public static final int O_PATH = 0x200000;
    /** {@code AT_FDCWD}: paths relative to the working directory. */
    public static final int AT_FDCWD = -100;

    static final long SIZEOF_open_how = 24;
    static final long OFFSETOF_flags = 0;
    static final long OFFSETOF_mode = 8;
    static final long OFFSETOF_resolve = 16;

    private static final MethodHandle SYSCALL = Native.downcall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG), false,
            Linker.Option.firstVariadicArg(1));

    /**
     * {@code openat2(dirfd, path, {flags, 0, resolve}, 24)}: a descriptor, or -errno ({@code -ENOSYS}
     * before Linux 5.6).
     *
     * @param dirfd   the directory {@code path} is relative to ({@link #AT_FDCWD} for the working directory)
     * @param path    the path, relative for {@link #RESOLVE_BENEATH} to mean anything
     * @param flags   {@code O_*} flags, e.g. {@code O_RDONLY | O_CLOEXEC | O_NONBLOCK}
     * @param resolve {@code RESOLVE_*} flags
     */
    public static int openat2(int dirfd, String path, int flags, long resolve) {
        if (path == null) {
            throw new NullPointerException("path");
        }
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocateFrom(path);
            MemorySegment how = a.allocate(SIZEOF_open_how, 8);
            how.set(ValueLayout.JAVA_LONG, OFFSETOF_flags, flags & 0xFFFF_FFFFL);
            how.set(ValueLayout.JAVA_LONG, OFFSETOF_mode, 0L);
            how.set(ValueLayout.JAVA_LONG, OFFSETOF_resolve, resolve);
            long r = (long) SYSCALL.invokeExact(c, __NR_openat2, (long) dirfd, p.address(), how.address(),
                    SIZEOF_open_how);
            return (int) Native.result(r, c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
