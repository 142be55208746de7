package io.aionet.backend;

import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.linux.Fds;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link Backend} keeps: the completions of each request of the vocabulary, with
 * io_uring's {@code (user_data, res, flags)} semantics. A backend's test subclasses this and says how
 * to open one.
 */
public abstract class BackendContractTest {
    /** Opens the backend under test on the calling thread. */
    protected abstract Backend open(BackendConfig config) throws LinuxException;

    protected Backend b;
    protected final Arena arena = Arena.ofShared();
    protected final Completions seen = new Completions();

    /** What reaps delivered, in order. */
    protected static final class Completions implements CompletionHandler {
        final List<long[]> all = new ArrayList<>();

        @Override
        public void complete(long userData, int res, int flags) {
            assertEquals(0, userData & Backend.RESERVED_BIT, "a reserved user_data reached the caller: " + Long.toHexString(userData));
            all.add(new long[] {userData, res, flags});
        }

        int size() {
            return all.size();
        }

        long[] of(long ud) {
            for (long[] c : all) {
                if (c[0] == ud) {
                    return c;
                }
            }
            throw new AssertionError("no completion for user_data " + ud + " in " + describe());
        }

        List<long[]> allOf(long ud) {
            List<long[]> r = new ArrayList<>();
            for (long[] c : all) {
                if (c[0] == ud) {
                    r.add(c);
                }
            }
            return r;
        }

        String describe() {
            StringBuilder sb = new StringBuilder("[");
            for (long[] c : all) {
                sb.append(" (").append(c[0]).append(", ").append(c[1]).append(", 0x").append(Long.toHexString(c[2])).append(')');
            }
            return sb.append(" ]").toString();
        }
    }

    @BeforeEach
    void openBackend() throws LinuxException {
        b = open(new BackendConfig(64, 256));
    }

    @AfterEach
    void closeBackend() {
        if (b != null) {
            b.close();
        }
        arena.close();
    }

    /** Submits and reaps until {@code n} completions in all were seen, or fails after five seconds. */
    protected void await(Backend backend, Completions into, int n) throws LinuxException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (into.size() < n) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + n + " completions: " + into.describe());
            backend.submitAndWait(1, 100_000_000L);
            backend.reap(into, Integer.MAX_VALUE);
        }
    }

    protected void await(int n) throws LinuxException {
        await(b, seen, n);
    }

    private static boolean more(long[] c) {
        return (c[2] & Backend.CQE_F_MORE) != 0;
    }

    private static void write(int fd, String s) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocateFrom(s, StandardCharsets.US_ASCII);
            assertEquals(s.length(), Fds.write(fd, m.asSlice(0, s.length())));
        }
    }

    // ------------------------------------------------------------------ timers

    @Test
    void aTimeoutExpiresWithEtime() throws LinuxException {
        b.timeout(7, 2_000_000L, 0);
        await(1);
        assertArrayEquals(new long[] {7, -Errno.ETIME, 0}, seen.of(7));
    }

    @Test
    void aRemovedTimeoutEndsCancelledAndTheRemoveSucceeds() throws LinuxException {
        b.timeout(1, 10_000_000_000L, 0);
        b.submit();
        b.timeoutRemove(2, 1);
        await(2);
        assertEquals(-Errno.ECANCELED, seen.of(1)[1]);
        assertEquals(0, seen.of(2)[1]);
    }

    @Test
    void aMultishotTimeoutTicksWithMoreUntilRemoved() throws LinuxException {
        assumeTrue(b.supports(Feature.MULTISHOT_TIMEOUT), "no multishot timeouts on this backend");
        b.timeout(3, 1_000_000L, Backend.TIMEOUT_MULTISHOT);
        await(3);
        for (long[] c : seen.allOf(3)) {
            assertEquals(-Errno.ETIME, c[1]);
            assertTrue(more(c), "a periodic tick carries F_MORE");
        }
        b.timeoutRemove(4, 3);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (seen.allOf(4).isEmpty() || more(seen.allOf(3).getLast())) {
            assertTrue(System.nanoTime() < deadline, seen.describe());
            b.submitAndWait(1, 100_000_000L);
            b.reap(seen, Integer.MAX_VALUE);
        }
    }

    // ------------------------------------------------------------------ wake-ups and messages

    @Test
    void wakeupFromAnotherThreadEndsAWaitWithoutACompletion() throws Exception {
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            b.wakeup();
        });
        long t0 = System.nanoTime();
        b.submitAndWait(1, 5_000_000_000L);
        long took = System.nanoTime() - t0;
        t.join();
        assertTrue(took < 3_000_000_000L, "the wait ended by the wake-up, not the timeout: " + took);
        b.reap(seen, Integer.MAX_VALUE);
        assertEquals(0, seen.size(), "a wake-up is no completion: " + seen.describe());
    }

    @Test
    void aPostArrivesFlaggedPostedAndTheSenderSeesItsResult() throws LinuxException {
        assumeTrue(b.supports(Feature.POST), "no posting between channels on this backend");
        try (Backend target = open(new BackendConfig(8, 16))) {
            Completions there = new Completions();
            b.post(11, target, 99, 5);
            await(1);
            assertEquals(0, seen.of(11)[1]);
            await(target, there, 1);
            long[] c = there.of(99);
            assertEquals(5, c[1]);
            assertTrue((c[2] & Backend.CQE_F_POSTED) != 0, "posted completions carry CQE_F_POSTED");
        }
    }

    // ------------------------------------------------------------------ readiness

    @Test
    void aOneShotPollReportsReadableOnce() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            write(p.client, "x");
            b.pollAdd(5, p.server, Fds.POLLIN, Backend.POLL_ONESHOT);
            await(1);
            long[] c = seen.of(5);
            assertTrue((c[1] & Fds.POLLIN) != 0, seen.describe());
            assertTrue(!more(c), "one-shot: no F_MORE");
        }
    }

    @Test
    void anEdgePollIsMultishotAndRemoveEndsItCancelled() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            b.pollAdd(5, p.server, Fds.POLLIN, Backend.POLL_EDGE);
            b.submit();
            write(p.client, "x");
            await(1);
            assertTrue(more(seen.of(5)), "multishot poll: F_MORE");
            b.pollRemove(6, 5);
            await(3);
            assertEquals(0, seen.of(6)[1]);
            long[] last = seen.allOf(5).getLast();
            assertEquals(-Errno.ECANCELED, last[1]);
            assertTrue(!more(last));
        }
    }

    // ------------------------------------------------------------------ sockets

    @Test
    void aRecvIntoCallerMemoryGetsTheBytes() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            MemorySegment into = arena.allocate(64);
            write(p.client, "hello");
            b.recv(8, p.server, into, 10, 54, 0, 0);
            await(1);
            assertEquals(5, seen.of(8)[1]);
            assertEquals("hello", new String(into.asSlice(10, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aRecvWhoseDeadlinePassesEndsCancelled() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            b.recv(8, p.server, arena.allocate(64), 0, 64, 0, 30_000_000L);
            await(1);
            assertEquals(-Errno.ECANCELED, seen.of(8)[1]);
        }
    }

    @Test
    void aCancelByUserDataEndsTheRequest() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            b.recv(8, p.server, arena.allocate(64), 0, 64, 0, 0);
            b.submit();
            b.cancel(9, 8);
            await(2);
            assertEquals(-Errno.ECANCELED, seen.of(8)[1]);
            assertEquals(0, seen.of(9)[1]);
        }
    }

    @Test
    void aConnectToAClosedPortIsRefused() throws LinuxException {
        int[] lp = LoopbackPair.listen();
        Fds.close(lp[0]); // nobody listens there now
        int fd = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
        try {
            b.connect(3, fd, LoopbackPair.loopback(arena, lp[1]), 16, 2_000_000_000L);
            await(1);
            assertEquals(-Errno.ECONNREFUSED, seen.of(3)[1]);
        } finally {
            Fds.close(fd);
        }
    }

    @Test
    void aMultishotAcceptCompletesPerConnection() throws LinuxException {
        int[] lp = LoopbackPair.listen();
        int c1 = -1;
        int c2 = -1;
        try {
            b.acceptMultishot(4, lp[0], Sockets.SOCK_CLOEXEC);
            b.submit();
            c1 = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
            c2 = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
            Native.check("connect", Sockets.connect(c1, LoopbackPair.loopback(arena, lp[1]), 16));
            Native.check("connect", Sockets.connect(c2, LoopbackPair.loopback(arena, lp[1]), 16));
            await(2);
            for (long[] c : seen.allOf(4)) {
                assertTrue(c[1] >= 0, "an accepted descriptor: " + seen.describe());
                assertTrue(more(c), "the accept stays armed");
                Fds.close((int) c[1]);
            }
            b.cancelFd(5, lp[0]);
            await(4);
            assertEquals(-Errno.ECANCELED, seen.allOf(4).getLast()[1]);
        } finally {
            Fds.close(lp[0]);
            Fds.close(c1);
            Fds.close(c2);
        }
    }

    @Test
    void sendsComeOutTheOtherSide() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            MemorySegment out = arena.allocateFrom("..abcdef", StandardCharsets.US_ASCII);
            b.send(1, p.client, out, 2, 6, Sockets.MSG_NOSIGNAL);
            await(1);
            assertEquals(6, seen.of(1)[1]);
            MemorySegment in = arena.allocate(16);
            assertEquals(6, Fds.read(p.server, in.asSlice(0, 6)));
            assertEquals("abcdef", new String(in.asSlice(0, 6).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aZeroCopySendEndsWithItsNotification() throws LinuxException {
        assumeTrue(b.supports(Feature.SEND_ZC), "no zero-copy sends on this backend");
        try (LoopbackPair p = LoopbackPair.open()) {
            MemorySegment out = arena.allocate(4096);
            b.sendZc(1, p.client, out, 0, 4096, Sockets.MSG_NOSIGNAL);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.allOf(1).isEmpty() || more(seen.allOf(1).getLast())) {
                assertTrue(System.nanoTime() < deadline, seen.describe());
                b.submitAndWait(1, 100_000_000L);
                b.reap(seen, Integer.MAX_VALUE);
            }
            List<long[]> cs = seen.allOf(1);
            assertEquals(4096, cs.getFirst()[1]);
            if (cs.size() > 1) {
                assertTrue((cs.getLast()[2] & Backend.CQE_F_NOTIF) != 0, "the last completion is the notification");
            }
        }
    }

    // ------------------------------------------------------------------ buffer groups

    @Test
    void aMultishotRecvTakesBuffersFromTheGroupAndStarvesWithEnobufs() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            BufferGroup g = b.bufferGroup(7, 1, false);
            MemorySegment buf = arena.allocate(256, 64);
            g.provide(0, buf);
            g.publish();
            b.recvMultishot(2, p.server, g, 0);
            b.submit();
            write(p.client, "first");
            await(1);
            long[] c = seen.of(2);
            assertEquals(5, c[1]);
            assertTrue((c[2] & Backend.CQE_F_BUFFER) != 0, "names its buffer");
            assertEquals(0, c[2] >>> Backend.CQE_BUFFER_SHIFT);
            assertTrue(more(c), "stays armed");
            assertEquals("first", new String(buf.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            write(p.client, "second");
            await(2);
            long[] end = seen.allOf(2).getLast();
            assertEquals(-Errno.ENOBUFS, end[1], seen.describe());
            assertTrue(!more(end), "-ENOBUFS ends the receive");
            g.provide(0, buf); // recycle, re-arm: the bytes waited in the socket
            g.publish();
            b.recvMultishot(2, p.server, g, 0);
            await(3);
            assertEquals(6, seen.allOf(2).getLast()[1]);
            b.cancelFd(3, p.server);
            await(5);
            g.close();
        }
    }

    // ------------------------------------------------------------------ file sends

    @Test
    void aFileSendMovesTheRangeInChunksAndReportsZeroAtTheEnd(@TempDir Path dir) throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 123];
        new Random(7).nextBytes(data);
        Path f = dir.resolve("data");
        Files.write(f, data);
        int file = Native.check("open", Fds.open(f.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC, 0));
        try (LoopbackPair p = LoopbackPair.open()) {
            int from = 1000;
            byte[] got = new byte[data.length - from];
            Thread reader = Thread.ofPlatform().start(() -> {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment m = a.allocate(65536);
                    int at = 0;
                    while (at < got.length) {
                        long n = Fds.read(p.server, m.asSlice(0, Math.min(65536, got.length - at)));
                        if (n <= 0) {
                            return;
                        }
                        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, 0, got, at, (int) n);
                        at += (int) n;
                    }
                }
            });
            long sent = 0;
            int rounds = 0;
            while (sent < got.length) {
                b.sendFile(20 + rounds, file, from + sent, (int) (got.length - sent), p.client);
                await(rounds + 1);
                int res = (int) seen.of(20 + rounds)[1];
                assertTrue(res > 0, "a file send moves bytes: " + seen.describe());
                sent += res;
                rounds++;
            }
            reader.join(10_000);
            assertEquals(got.length, sent);
            assertArrayEquals(Arrays.copyOfRange(data, from, data.length), got);
            b.sendFile(99, file, data.length, 100, p.client);
            await(rounds + 1);
            assertEquals(0, seen.of(99)[1], "at the end of the file: 0");
        } finally {
            Fds.close(file);
        }
    }

    // ------------------------------------------------------------------ files

    private static String text(MemorySegment m, long off, int n) {
        return new String(m.asSlice(off, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }

    @Test
    void writesAndReadsAtFileOffsetsLeaveThePositionAlone(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rw");
        int fd = Native.check("open", Fds.open(f.toString(), Fds.O_RDWR | Fds.O_CLOEXEC | io.aionet.linux.FileFds.O_CREAT, 0600));
        try {
            MemorySegment out = arena.allocateFrom("..0123456789", StandardCharsets.US_ASCII);
            b.write(1, fd, out, 2, 10, 100);
            await(1);
            assertEquals(10, seen.of(1)[1]);
            assertEquals(110, Files.size(f), "written at offset 100");
            MemorySegment in = arena.allocate(32);
            b.read(2, fd, in, 4, 6, 103);
            b.read(3, fd, in, 20, 12, 105); // five bytes left before the end: a short read
            b.read(4, fd, in, 0, 4, 110);   // at the end: 0
            await(4);
            assertEquals(6, seen.of(2)[1]);
            assertEquals("345678", text(in, 4, 6));
            assertEquals(5, seen.of(3)[1]);
            assertEquals("56789", text(in, 20, 5));
            assertEquals(0, seen.of(4)[1]);
            b.read(5, fd, in, 0, 4, -1); // at the file position, which the offset requests did not move: 0
            await(5);
            assertEquals(4, seen.of(5)[1]);
            assertEquals(0, in.get(ValueLayout.JAVA_BYTE, 0), "the hole before offset 100 reads as zeros");
        } finally {
            Fds.close(fd);
        }
    }

    @Test
    void aReadOfAPipeWaitsForDataAndAWriteToItArrives() throws LinuxException {
        int[] pipe = new int[2];
        Native.check("pipe2", Fds.pipe2(pipe, Fds.O_CLOEXEC));
        try {
            MemorySegment in = arena.allocate(16);
            b.read(1, pipe[0], in, 0, 16, -1);
            b.submitAndWait(1, 50_000_000L);
            assertEquals(0, b.reap(seen, Integer.MAX_VALUE), "nothing to read yet: " + seen.describe());
            b.write(2, pipe[1], arena.allocateFrom("piped", StandardCharsets.US_ASCII), 0, 5, -1);
            await(2);
            assertEquals(5, seen.of(2)[1]);
            assertEquals(5, seen.of(1)[1]);
            assertEquals("piped", text(in, 0, 5));
        } finally {
            Fds.close(pipe[0]);
            Fds.close(pipe[1]);
        }
    }

    /** A descriptor without non-blocking reads (an eventfd in blocking mode) is read only once it is ready. */
    @Test
    void aReadOfABlockingEventfdWaitsWithoutBlockingTheBackend() throws LinuxException {
        int efd = Native.check("eventfd", Fds.eventfd(0, Fds.EFD_CLOEXEC));
        try {
            MemorySegment in = arena.allocate(8);
            b.read(1, efd, in, 0, 8, -1);
            b.submitAndWait(1, 30_000_000L);
            assertEquals(0, b.reap(seen, Integer.MAX_VALUE), "nothing to read yet, and the backend returned: " + seen.describe());
            MemorySegment one = arena.allocate(8);
            one.set(ValueLayout.JAVA_LONG, 0, 5L);
            assertEquals(8, Fds.write(efd, one));
            await(1);
            assertEquals(8, seen.of(1)[1]);
            assertEquals(5L, in.get(ValueLayout.JAVA_LONG, 0));
        } finally {
            Fds.close(efd);
        }
    }

    @Test
    void fsyncAndFdatasyncCompleteAndABadDescriptorIsEbadf(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sync");
        Files.writeString(f, "x");
        int fd = Native.check("open", Fds.open(f.toString(), Fds.O_RDWR | Fds.O_CLOEXEC, 0));
        try {
            b.fsync(1, fd, false);
            b.fsync(2, fd, true);
            b.fsync(3, 1 << 20, false);
            await(3);
            assertEquals(0, seen.of(1)[1]);
            assertEquals(0, seen.of(2)[1]);
            assertEquals(-Errno.EBADF, seen.of(3)[1]);
        } finally {
            Fds.close(fd);
        }
    }

    /**
     * The io-wq hazard for fsync: io_uring always runs it in a worker that looks its descriptor up late, so
     * the backend pins the file when the fsync is asked for — closing the number before the submit does not
     * make it fail (nor sync whatever file takes the number next).
     */
    @Test
    void anFsyncSyncsTheFileItsDescriptorNamedWhenAsked(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pinned");
        Files.writeString(f, "x");
        int fd = Native.check("open", Fds.open(f.toString(), Fds.O_RDWR | Fds.O_CLOEXEC, 0));
        b.fsync(1, fd, false);
        b.cancel(2, 1); // a cancel finds it by the caller's tag (it may be too late to stop: 0, -EALREADY or -ENOENT)
        Fds.close(fd);
        await(2);
        assertTrue(seen.of(1)[1] == 0 || seen.of(1)[1] == -Errno.ECANCELED, "synced the file it named: " + seen.describe());
        assertTrue(seen.of(2)[1] != -Errno.EINVAL, seen.describe());
    }

    @Test
    void openatOpensFromTheWorkingDirectoryOrADirectoryAndSaysEnoent(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("there"), "abc");
        MemorySegment absolute = arena.allocateFrom(dir.resolve("there").toString());
        MemorySegment relative = arena.allocateFrom("there");
        MemorySegment missing = arena.allocateFrom(dir.resolve("missing").toString());
        int dfd = Native.check("open", Fds.open(dir.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC, 0));
        try {
            b.openat(1, Backend.AT_FDCWD, absolute, Fds.O_RDONLY | Fds.O_CLOEXEC, 0);
            b.openat(2, dfd, relative, Fds.O_RDONLY | Fds.O_CLOEXEC, 0);
            b.openat(3, Backend.AT_FDCWD, missing, Fds.O_RDONLY | Fds.O_CLOEXEC, 0);
            await(3);
            assertEquals(-Errno.ENOENT, seen.of(3)[1]);
            for (long ud : new long[] {1, 2}) {
                int fd = (int) seen.of(ud)[1];
                assertTrue(fd >= 0, seen.describe());
                MemorySegment m = arena.allocate(8);
                assertEquals(3, io.aionet.linux.FileFds.read(fd, m, 0, 8, 0));
                Fds.close(fd);
            }
        } finally {
            Fds.close(dfd);
        }
    }

    @Test
    void statxOfAPathAndOfADescriptor(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sized");
        Files.write(f, new byte[1234]);
        MemorySegment path = arena.allocateFrom(f.toString());
        MemorySegment empty = arena.allocateFrom("");
        MemorySegment st1 = arena.allocate(io.aionet.linux.Statx.SIZEOF, 8);
        MemorySegment st2 = arena.allocate(io.aionet.linux.Statx.SIZEOF, 8);
        int fd = Native.check("open", Fds.open(f.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC, 0));
        try {
            b.statx(1, Backend.AT_FDCWD, path, 0, io.aionet.linux.Statx.STATX_WANTED, st1);
            b.statx(2, fd, empty, io.aionet.linux.Statx.AT_EMPTY_PATH, io.aionet.linux.Statx.STATX_WANTED, st2);
            b.statx(3, Backend.AT_FDCWD, arena.allocateFrom(dir.resolve("none").toString()), 0,
                    io.aionet.linux.Statx.STATX_WANTED, arena.allocate(io.aionet.linux.Statx.SIZEOF, 8));
            await(3);
            assertEquals(0, seen.of(1)[1]);
            assertEquals(0, seen.of(2)[1]);
            assertEquals(-Errno.ENOENT, seen.of(3)[1]);
            assertEquals(1234, new io.aionet.linux.Statx().read(st1).size());
            io.aionet.linux.Statx s2 = new io.aionet.linux.Statx().read(st2);
            assertEquals(1234, s2.size());
            assertTrue(s2.isRegularFile());
        } finally {
            Fds.close(fd);
        }
    }

    /**
     * The io-wq hazard: a statx of a descriptor is answered for the file the descriptor named when it was
     * asked, even when the number is closed and taken by another file before the submit (io_uring's
     * {@code IORING_OP_STATX} runs in a worker that looks the number up late).
     */
    @Test
    void aStatxOfADescriptorDescribesTheFileItNamedWhenAsked(@TempDir Path dir) throws Exception {
        Path small = dir.resolve("small");
        Path large = dir.resolve("large");
        Files.write(small, new byte[10]);
        Files.write(large, new byte[50_000]);
        MemorySegment st = arena.allocate(io.aionet.linux.Statx.SIZEOF, 8);
        int fd = Native.check("open", Fds.open(small.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC, 0));
        b.statx(1, fd, arena.allocateFrom(""), io.aionet.linux.Statx.AT_EMPTY_PATH, io.aionet.linux.Statx.STATX_WANTED, st);
        Fds.close(fd);
        int again = Native.check("open", Fds.open(large.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC, 0));
        try {
            assertEquals(fd, again, "the test needs the number reused");
            await(1);
            assertEquals(0, seen.of(1)[1]);
            assertEquals(10, new io.aionet.linux.Statx().read(st).size());
        } finally {
            Fds.close(again);
        }
    }

    @Test
    void closeFdEndsTheDescriptorsRequestsThenClosesIt() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            int dup = Native.check("fcntl", Fds.fcntl(p.server, 1030 /* F_DUPFD_CLOEXEC */, 0));
            b.recv(1, dup, arena.allocate(64), 0, 64, 0, 0);
            b.submit();
            b.closeFd(2, dup);
            await(2);
            assertEquals(-Errno.ECANCELED, seen.of(1)[1], seen.describe());
            assertEquals(0, seen.of(2)[1]);
            assertTrue(!Fds.isOpen(dup), "closed");
            b.recv(3, p.server, arena.allocate(64), 0, 64, 0, 20_000_000L);
            await(3);
            assertEquals(-Errno.ECANCELED, seen.of(3)[1], "the socket's other descriptor is still open and waiting");
        }
    }

    @Test
    void fixedBufferReadsAndWritesUseTheRegisteredRegion(@TempDir Path dir) throws Exception {
        assumeTrue(b.supports(Feature.FIXED_BUFFERS), "no fixed buffers on this backend");
        MemorySegment region = arena.allocate(4096, 4096);
        try {
            b.registerBuffers(region);
        } catch (LinuxException e) {
            assumeTrue(false, "registering 4 KiB was refused (RLIMIT_MEMLOCK?): " + e.getMessage());
        }
        Path f = dir.resolve("fixed");
        int fd = Native.check("open", Fds.open(f.toString(), Fds.O_RDWR | Fds.O_CLOEXEC | io.aionet.linux.FileFds.O_CREAT, 0600));
        try {
            region.asSlice(100, 4).copyFrom(arena.allocateFrom("wxyz", StandardCharsets.US_ASCII).asSlice(0, 4));
            b.writeFixed(1, fd, region, 100, 4, 0, 0);
            await(1);
            assertEquals(4, seen.of(1)[1]);
            b.readFixed(2, fd, region, 2000, 4, 0, 0);
            await(2);
            assertEquals(4, seen.of(2)[1]);
            assertEquals("wxyz", text(region, 2000, 4));
        } finally {
            Fds.close(fd);
            b.unregisterBuffers();
        }
    }

    // ------------------------------------------------------------------ one-shot buffer selection, MSG_WAITALL, links

    @Test
    void aOneShotRecvSelectTakesOneBufferAndEnds() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            BufferGroup g = b.bufferGroup(9, 2, false);
            MemorySegment bufs = arena.allocate(512, 64);
            g.provide(0, bufs.asSlice(0, 256));
            g.provide(1, bufs.asSlice(256, 256));
            g.publish();
            write(p.client, "once");
            b.recvSelect(1, p.server, g, 0, 0);
            await(1);
            long[] c = seen.of(1);
            assertEquals(4, c[1]);
            assertTrue((c[2] & Backend.CQE_F_BUFFER) != 0, "names its buffer");
            assertTrue(!more(c), "one-shot: the request ended");
            int bid = (int) (c[2] >>> Backend.CQE_BUFFER_SHIFT);
            assertEquals("once", new String(bufs.asSlice(bid * 256L, 4).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            g.close();
        }
    }

    @Test
    void aRecvWithWaitallOnAStreamWaitsForTheWholeLength() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            MemorySegment into = arena.allocate(10);
            b.recv(1, p.server, into, 0, 10, Sockets.MSG_WAITALL, 0);
            write(p.client, "four");
            b.submitAndWait(1, 50_000_000L);
            b.reap(seen, Integer.MAX_VALUE);
            assertEquals(0, seen.size(), "four of ten bytes do not end it: " + seen.describe());
            write(p.client, "sixsix");
            await(1);
            assertEquals(10, seen.of(1)[1]);
            assertEquals("foursixsix", new String(into.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void linkedRequestsRunInOrderAndAFailureCancelsTheRest(@TempDir Path dir) throws Exception {
        assumeTrue(b.supports(Feature.LINKS), "no linked requests on this backend (their caller orders chains)");
        Path f = dir.resolve("linked");
        Files.write(f, new byte[4]);
        int fd = Native.check("open", Fds.open(f.toString(), Fds.O_RDWR | Fds.O_CLOEXEC, 0));
        try (LoopbackPair p = LoopbackPair.open()) {
            MemorySegment in = arena.allocate(8);
            // the write waits for the receive: with the link it cannot complete before data arrives
            b.recv(1, p.server, in, 0, 3, Sockets.MSG_WAITALL, 0);
            b.link();
            b.write(2, fd, in, 0, 3, 0);
            b.submitAndWait(1, 50_000_000L);
            b.reap(seen, Integer.MAX_VALUE);
            assertEquals(0, seen.size(), "the linked write waits: " + seen.describe());
            write(p.client, "abc");
            await(2);
            assertEquals(3, seen.of(1)[1]);
            assertEquals(3, seen.of(2)[1]);
            assertEquals("abc", Files.readString(f).substring(0, 3));
            // a short read breaks the chain: the rest completes -ECANCELED
            b.reserve(3);
            b.read(3, fd, in, 0, 8, 0);
            b.link();
            b.fsync(4, fd, false);
            b.link();
            b.write(5, fd, in, 0, 1, 0);
            await(5);
            assertEquals(4, seen.of(3)[1]);
            assertEquals(-Errno.ECANCELED, seen.of(4)[1]);
            assertEquals(-Errno.ECANCELED, seen.of(5)[1]);
            // a request of several entries cannot be linked, nor follow a link
            b.shutdown(6, p.client, Sockets.SHUT_WR);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, b::link);
            b.send(7, p.client, in, 0, 1, Sockets.MSG_NOSIGNAL);
            b.link();
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> b.sendFile(8, fd, 0, 1, p.client));
            b.fsync(9, fd, false); // the chain goes on with a request that can follow
            await(8);
        } finally {
            Fds.close(fd);
        }
    }
}
