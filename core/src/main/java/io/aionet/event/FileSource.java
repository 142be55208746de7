package io.aionet.event;

import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.linux.Fds;
import io.aionet.linux.Inotify;

import java.io.UncheckedIOException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * File-system notifications on one path (kevent's inode notifications): an inotify descriptor of its
 * own with one watch, polled by the ring (multishot); each {@code struct inotify_event} read from it
 * becomes a {@link EventKind#FILE} event with the mask as result, the cookie as flags and the entry's
 * name — the one event that allocates (its {@code String}).
 */
final class FileSource extends PolledSource {
    /** Room for at least 15 records with the longest names. */
    private static final int BUFFER = 4096;

    final int wd;
    /** The watched path as given to {@code inotify_add_watch} (a modify re-adds it with the new mask). */
    final String path;
    private final Arena arena;
    private final MemorySegment buf;
    private boolean fdClosed;

    FileSource(SourceHost host, long tag, int fd, int wd, String path) {
        super(host, tag, fd);
        this.wd = wd;
        this.path = path;
        this.arena = Arena.ofConfined();
        // inotify records are 4-byte aligned within the buffer the kernel fills
        this.buf = arena.allocate(BUFFER, 8);
    }

    /**
     * Opens an inotify descriptor with one watch on {@code path} for the {@link FileChange} bits
     * {@code changes}.
     *
     * @throws IllegalArgumentException when the path cannot be watched (missing, not accessible)
     */
    static FileSource open(SourceHost host, long tag, java.nio.file.Path path, int changes) {
        int fd = Inotify.inotify_init1(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
        if (fd < 0) {
            throw new UncheckedIOException(new LinuxException("inotify_init1", -fd));
        }
        String where = path.toAbsolutePath().toString();
        int wd;
        try (Arena a = Arena.ofConfined()) {
            wd = Inotify.inotify_add_watch(fd, a.allocateFrom(where), changes);
        }
        if (wd < 0) {
            Fds.close(fd);
            LinuxException cause = new LinuxException("inotify_add_watch", -wd);
            if (wd == -Errno.ENOENT || wd == -Errno.EACCES || wd == -Errno.ENOTDIR) {
                throw new IllegalArgumentException("cannot watch " + path + ": " + cause.getMessage(), cause);
            }
            throw new UncheckedIOException(cause);
        }
        return new FileSource(host, tag, fd, wd, where);
    }

    /**
     * Replaces the watched bits (without {@code IN_MASK_ADD} the new mask replaces the old one of the
     * same inode's watch).
     *
     * @throws IllegalArgumentException when the path no longer names the watched file
     */
    void modify(int changes) {
        int w;
        try (Arena a = Arena.ofConfined()) {
            w = Inotify.inotify_add_watch(fd, a.allocateFrom(path), changes);
        }
        if (w < 0 || w != wd) {
            if (w >= 0) {
                Inotify.inotify_rm_watch(fd, w); // the path names another file now
            }
            throw new IllegalArgumentException("cannot modify the watch of " + path + ": "
                    + (w < 0 ? new LinuxException("inotify_add_watch", -w).getMessage() : "the path names another file now"));
        }
    }

    @Override
    void readInto(PendingEvents out) {
        while (true) {
            long n = Fds.read(fd, buf);
            if (n <= 0) {
                return; // -EAGAIN: drained
            }
            io.aionet.internal.wire.InotifyRecords.decode(buf, n,
                    (mask, cookie, name) -> out.add(EventKind.FILE, tag, mask, cookie, name));
        }
    }

    @Override
    protected void retired() {
        if (!fdClosed) {
            fdClosed = true;
            Fds.close(fd); // closing the inotify descriptor drops its watch too
            arena.close();
        }
    }
}
