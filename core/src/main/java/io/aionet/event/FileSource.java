package io.aionet.event;

import io.aionet.linux.Fds;

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

    FileSource(EventChannel channel, long tag, int fd, int wd, String path) {
        super(channel, tag, fd);
        this.wd = wd;
        this.path = path;
        this.arena = Arena.ofConfined();
        // inotify records are 4-byte aligned within the buffer the kernel fills
        this.buf = arena.allocate(BUFFER, 8);
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
    void retired() {
        if (!fdClosed) {
            fdClosed = true;
            Fds.close(fd); // closing the inotify descriptor drops its watch too
            arena.close();
        }
    }
}
