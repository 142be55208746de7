package io.aionet.linux;

import io.aionet.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** openat2 with RESOLVE_BENEATH refuses every way out of the directory; statx reads the opened file. */
class Openat2Test {
    private static final long BENEATH = Openat2.RESOLVE_BENEATH | Openat2.RESOLVE_NO_MAGICLINKS;
    private static final int EXDEV = 18; // the errno RESOLVE_BENEATH gives for a way out
    private static final int RD = Fds.O_RDONLY | Fds.O_CLOEXEC | Fds.O_NONBLOCK | Openat2.O_NOCTTY;

    @TempDir
    Path tmp;

    private int dir(Path p) {
        int fd = Openat2.openat2(Openat2.AT_FDCWD, p.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC | Openat2.O_DIRECTORY, 0);
        assumeTrue(fd != -38, "the kernel has no openat2 (Linux < 5.6)");
        assertTrue(fd >= 0, "open " + p + ": " + fd);
        return fd;
    }

    @Test
    void opensBeneathAndRefusesEveryWayOut() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("a.txt"), "hello");
        Files.writeString(tmp.resolve("secret"), "s");
        Files.createDirectories(site.resolve("sub"));
        Files.createSymbolicLink(site.resolve("out"), Path.of("../secret"));
        Files.createSymbolicLink(site.resolve("abs"), tmp.resolve("secret"));
        Files.createSymbolicLink(site.resolve("in"), Path.of("a.txt"));
        Files.createSymbolicLink(site.resolve("self"), Path.of("/proc/self/fd/0"));
        int d = dir(site);
        try {
            int f = Openat2.openat2(d, "sub/../a.txt", RD, BENEATH);
            assertTrue(f >= 0, "a path that stays inside opens: " + f);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(16);
                assertEquals(5, FileFds.pread(f, buf, 0));
                assertEquals("hello", new String(buf.asSlice(0, 5).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        StandardCharsets.US_ASCII));
                assertEquals(3, FileFds.pread(f, buf, 2), "pread from an offset");
            }
            Fds.close(f);
            int in = Openat2.openat2(d, "in", RD, BENEATH);
            assertTrue(in >= 0, "a link that stays inside is followed: " + in);
            Fds.close(in);
            assertEquals(-EXDEV, Openat2.openat2(d, "../secret", RD, BENEATH));
            assertEquals(-EXDEV, Openat2.openat2(d, "out", RD, BENEATH));
            assertEquals(-EXDEV, Openat2.openat2(d, tmp.resolve("secret").toString(), RD, BENEATH));
            assertEquals(-EXDEV, Openat2.openat2(d, "abs", RD, BENEATH));
            assertTrue(Openat2.openat2(d, "self", RD, BENEATH) < 0, "a magic link is refused");
            assertEquals(-Errno.ENOENT, Openat2.openat2(d, "missing", RD, BENEATH));
        } finally {
            Fds.close(d);
        }
        assertThrows(NullPointerException.class, () -> Openat2.openat2(d, null, RD, BENEATH));
    }

    @Test
    void statxDescribesTheOpenedFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("x.bin"), "12345678");
        Files.setLastModifiedTime(f, FileTime.from(1_700_000_000L, TimeUnit.SECONDS));
        Path fifo = tmp.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        boolean haveFifo = mk.waitFor() == 0;
        int d = dir(tmp);
        try {
            Statx st = new Statx();
            int fd = Openat2.openat2(d, "x.bin", RD, BENEATH);
            assertTrue(fd >= 0);
            assertEquals(0, st.of(fd));
            assertTrue(st.isRegularFile());
            assertFalse(st.isDirectory());
            assertEquals(8, st.size());
            assertEquals(1_700_000_000L, st.mtimeSeconds());
            assertEquals(Files.getAttribute(f, "unix:ino"), st.inode());
            Fds.close(fd);
            assertEquals(0, st.of(d));
            assertTrue(st.isDirectory());
            if (haveFifo) {
                // O_NONBLOCK: a FIFO without a writer opens at once instead of hanging the caller
                int ff = Openat2.openat2(d, "fifo", RD, BENEATH);
                assertTrue(ff >= 0, "fifo: " + ff);
                assertEquals(0, st.of(ff));
                assertFalse(st.isRegularFile(), "a FIFO is not a regular file");
                Fds.close(ff);
            }
            assertEquals(-Errno.EBADF, st.of(d + 10_000));
        } finally {
            Fds.close(d);
        }
    }
}
