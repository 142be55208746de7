package io.aionet.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_POINTER;

/**
 * {@code statx(2)} of an open descriptor ({@code AT_EMPTY_PATH}), reduced to what a file server asks:
 * the file type and mode, the size, the inode and the modification time — of the file the descriptor
 * holds, not of whatever a path names by now. A reusable holder: {@link #of} overwrites every field.
 *
 * <pre>
 * struct statx {                 // include/uapi/linux/stat.h
 *     __u32 stx_mask;            //   0
 *     __u32 stx_blksize;         //   4
 *     __u64 stx_attributes;      //   8
 *     __u32 stx_nlink;           //  16
 *     __u32 stx_uid;             //  20
 *     __u32 stx_gid;             //  24
 *     __u16 stx_mode;            //  28
 *     __u16 __spare0;
 *     __u64 stx_ino;             //  32
 *     __u64 stx_size;            //  40
 *     __u64 stx_blocks;          //  48
 *     __u64 stx_attributes_mask; //  56
 *     struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime; // 64, 80, 96, 112
 *     ...                        // {__s64 tv_sec; __u32 tv_nsec; __s32 __reserved;} each
 *     __u32 stx_dev_major;       // 136
 *     __u32 stx_dev_minor;       // 140
 *     ...                        // 256 bytes in all
 * };
 * </pre>
 */
public final class Statx {
    /** {@code AT_EMPTY_PATH}: an empty path means the descriptor itself. */
    public static final int AT_EMPTY_PATH = 0x1000;
    /** {@code STATX_TYPE | STATX_MODE | STATX_INO | STATX_SIZE | STATX_MTIME}. */
    public static final int STATX_WANTED = 0x1 | 0x2 | 0x100 | 0x200 | 0x40;
    /** {@code S_IFMT}: the file-type bits of a mode. */
    public static final int S_IFMT = 0170000;
    /** {@code S_IFREG}: a regular file. */
    public static final int S_IFREG = 0100000;
    /** {@code S_IFDIR}: a directory. */
    public static final int S_IFDIR = 0040000;

    static final long SIZEOF_statx = 256;
    static final long OFFSETOF_stx_mode = 28;
    static final long OFFSETOF_stx_ino = 32;
    static final long OFFSETOF_stx_size = 40;
    static final long OFFSETOF_stx_mtime = 112;
    static final long OFFSETOF_stx_dev_major = 136;
    static final long OFFSETOF_stx_dev_minor = 140;

    private static final MethodHandle STATX = Native.downcall("statx",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT, C_POINTER), false);

    private int mode;
    private long inode;
    private long device;
    private long size;
    private long mtimeSeconds;
    private int mtimeNanos;

    /** An empty holder. */
    public Statx() {
    }

    /** {@code sizeof(struct statx)}: the buffer {@link #statx} and io_uring's {@code IORING_OP_STATX} fill. */
    public static final long SIZEOF = SIZEOF_statx;

    /**
     * {@code statx(fd, "", AT_EMPTY_PATH, STATX_WANTED, &buf)} into this holder.
     *
     * @return 0, or -errno ({@code -EBADF} when {@code fd} is not open)
     */
    public int of(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment empty = a.allocateFrom("");
            MemorySegment st = a.allocate(SIZEOF_statx, 8);
            int r = statx(fd, empty, AT_EMPTY_PATH, STATX_WANTED, st);
            if (r == 0) {
                read(st);
            }
            return r;
        }
    }

    /**
     * The raw call: {@code statx(dirFd, path, flags, mask, buf)}, {@code path} a NUL-terminated string and
     * {@code buf} {@link #SIZEOF} bytes, both native.
     *
     * @return 0, or -errno
     */
    public static int statx(int dirFd, MemorySegment path, int flags, int mask, MemorySegment buf) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) STATX.invokeExact(c, dirFd, path, flags, mask, buf), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** Decodes a {@code struct statx} the kernel filled ({@link #statx}, {@code IORING_OP_STATX}) into this holder. */
    public Statx read(MemorySegment st) {
        mode = Short.toUnsignedInt(st.get(ValueLayout.JAVA_SHORT, OFFSETOF_stx_mode));
        inode = st.get(ValueLayout.JAVA_LONG, OFFSETOF_stx_ino);
        size = st.get(ValueLayout.JAVA_LONG, OFFSETOF_stx_size);
        mtimeSeconds = st.get(ValueLayout.JAVA_LONG, OFFSETOF_stx_mtime);
        mtimeNanos = st.get(ValueLayout.JAVA_INT, OFFSETOF_stx_mtime + 8);
        device = ((long) st.get(ValueLayout.JAVA_INT, OFFSETOF_stx_dev_major) << 32)
                | (st.get(ValueLayout.JAVA_INT, OFFSETOF_stx_dev_minor) & 0xFFFF_FFFFL);
        return this;
    }

    /** {@code stx_mode}: type and permission bits. */
    public int mode() {
        return mode;
    }

    /** True for a regular file ({@code S_ISREG}). */
    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** True for a directory ({@code S_ISDIR}). */
    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    /** {@code stx_ino}. */
    public long inode() {
        return inode;
    }

    /** {@code stx_dev_major << 32 | stx_dev_minor}. */
    public long device() {
        return device;
    }

    /** {@code stx_size} in bytes. */
    public long size() {
        return size;
    }

    /** {@code stx_mtime.tv_sec}: seconds since the epoch. */
    public long mtimeSeconds() {
        return mtimeSeconds;
    }

    /** {@code stx_mtime.tv_nsec}. */
    public int mtimeNanos() {
        return mtimeNanos;
    }
}
