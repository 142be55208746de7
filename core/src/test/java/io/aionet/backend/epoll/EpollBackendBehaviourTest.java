package io.aionet.backend.epoll;

import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BackendConfig;
import io.aionet.backend.BufferGroup;
import io.aionet.backend.CompletionHandler;
import io.aionet.backend.LoopbackPair;
import io.aionet.linux.Fds;
import io.aionet.linux.Iovec;
import io.aionet.linux.Msghdr;
import io.aionet.linux.Native;
import io.aionet.linux.SockaddrIn;
import io.aionet.linux.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the epoll emulation does beyond the shared contract: short sends continued, zero-copy
 * notifications read from the error queue, the three poll modes, clock timers on their own timerfds,
 * datagram layouts in group buffers, incremental groups, descriptor reuse, and no descriptor leaked.
 */
class EpollBackendBehaviourTest {
    private EpollBackend b;
    private final Arena arena = Arena.ofShared();
    private final List<long[]> seen = new ArrayList<>();
    private final CompletionHandler into = (ud, res, flags) -> seen.add(new long[] {ud, res, flags});
    private long fdsBefore;

    @BeforeEach
    void open() throws LinuxException {
        fdsBefore = openDescriptors();
        b = EpollBackend.open(new BackendConfig(64, 64));
    }

    @AfterEach
    void close() {
        b.close();
        arena.close();
        assertEquals(fdsBefore, openDescriptors(), "the backend's descriptors are all closed");
    }

    private static long openDescriptors() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<long[]> of(long ud) {
        List<long[]> r = new ArrayList<>();
        for (long[] c : seen) {
            if (c[0] == ud) {
                r.add(c);
            }
        }
        return r;
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        for (long[] c : seen) {
            sb.append(" (").append(c[0]).append(", ").append(c[1]).append(", 0x").append(Long.toHexString(c[2])).append(')');
        }
        return sb.toString();
    }

    /** Runs the loop until {@code ud} has a completion without F_MORE. */
    private long[] untilTerminal(long ud) throws LinuxException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (;;) {
            List<long[]> cs = of(ud);
            if (!cs.isEmpty() && (cs.getLast()[2] & Backend.CQE_F_MORE) == 0) {
                return cs.getLast();
            }
            assertTrue(System.nanoTime() < deadline, "no terminal completion for " + ud + ":" + describe());
            b.submitAndWait(1, 50_000_000L);
            b.reap(into, Integer.MAX_VALUE);
        }
    }

    private void until(int n) throws LinuxException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < n) {
            assertTrue(System.nanoTime() < deadline, "waiting for " + n + ":" + describe());
            b.submitAndWait(1, 50_000_000L);
            b.reap(into, Integer.MAX_VALUE);
        }
    }

    private static void write(int fd, String s) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocateFrom(s, StandardCharsets.US_ASCII);
            assertEquals(s.length(), Fds.write(fd, m.asSlice(0, s.length())));
        }
    }

    private static byte[] readFully(int fd, int n) {
        byte[] got = new byte[n];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(65536);
            int at = 0;
            while (at < n) {
                long r = Fds.read(fd, m.asSlice(0, Math.min(65536, n - at)));
                if (r <= 0) {
                    throw new AssertionError("read ended early at " + at + ": " + r);
                }
                MemorySegment.copy(m, ValueLayout.JAVA_BYTE, 0, got, at, (int) r);
                at += (int) r;
            }
        }
        return got;
    }

    private static byte[] random(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    // ------------------------------------------------------------------ sends

    @Test
    void aSendBiggerThanTheSocketBufferIsContinuedUntilEveryByteIsOut() throws Exception {
        try (LoopbackPair p = LoopbackPair.open()) {
            Sockets.setsockopt(p.client, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, 16384);
            byte[] data = random(4 << 20, 1);
            MemorySegment out = arena.allocate(data.length);
            MemorySegment.copy(data, 0, out, ValueLayout.JAVA_BYTE, 0, data.length);
            byte[][] got = new byte[1][];
            Thread reader = Thread.ofPlatform().start(() -> got[0] = readFully(p.server, data.length));
            b.send(1, p.client, out, 0, data.length, 0);
            long[] c = untilTerminal(1);
            reader.join(10_000);
            assertEquals(data.length, c[1], "one completion for every byte, as with MSG_WAITALL");
            assertArrayEquals(data, got[0]);
        }
    }

    @Test
    void aGatheringSendIsContinuedAcrossItsIovecs() throws Exception {
        try (LoopbackPair p = LoopbackPair.open()) {
            Sockets.setsockopt(p.client, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, 16384);
            int parts = 5;
            int part = 300_001;
            byte[] data = random(parts * part, 2);
            MemorySegment bytes = arena.allocate(data.length);
            MemorySegment.copy(data, 0, bytes, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment iov = arena.allocate(Iovec.SIZEOF * parts, 8);
            for (int i = 0; i < parts; i++) {
                iov.set(ValueLayout.JAVA_LONG, i * Iovec.SIZEOF + Iovec.OFFSETOF_iov_base, bytes.address() + (long) i * part);
                iov.set(ValueLayout.JAVA_LONG, i * Iovec.SIZEOF + Iovec.OFFSETOF_iov_len, part);
            }
            MemorySegment msg = arena.allocate(Msghdr.LAYOUT);
            msg.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, iov.address());
            msg.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen, parts);
            byte[][] got = new byte[1][];
            Thread reader = Thread.ofPlatform().start(() -> got[0] = readFully(p.server, data.length));
            b.sendmsg(1, p.client, msg, 0);
            long[] c = untilTerminal(1);
            reader.join(10_000);
            assertEquals(data.length, c[1]);
            assertArrayEquals(data, got[0]);
            assertEquals(bytes.address(), iov.get(ValueLayout.JAVA_LONG, Iovec.OFFSETOF_iov_base),
                    "the caller's iovecs are left as given");
        }
    }

    @Test
    void zeroCopySendsOverTcpEachGetOneNotificationFromTheErrorQueue() throws Exception {
        try (LoopbackPair p = LoopbackPair.open()) {
            int n = 8;
            int size = 65536;
            MemorySegment out = arena.allocate((long) n * size);
            Thread reader = Thread.ofPlatform().start(() -> readFully(p.server, n * size));
            for (int i = 0; i < n; i++) {
                b.sendZc(100 + i, p.client, out, (long) i * size, size, 0);
            }
            for (int i = 0; i < n; i++) {
                long[] last = untilTerminal(100 + i);
                List<long[]> cs = of(100 + i);
                assertEquals(2, cs.size(), "a result and a notification: " + describe());
                assertEquals(size, cs.getFirst()[1]);
                assertTrue((cs.getFirst()[2] & Backend.CQE_F_MORE) != 0, "the result announces its notification");
                assertTrue((last[2] & Backend.CQE_F_NOTIF) != 0, "then the notification");
                // loopback copies the payload into the receiving socket: the kernel says so
                assertNotEquals(0, last[1] & Backend.NOTIF_USAGE_ZC_COPIED, "copied on loopback: " + describe());
            }
            reader.join(10_000);
            assertTrue(b.zeroCopyRanges > 0, "the notifications came from the socket's error queue");
            assertEquals(0, b.inFlight(), "nothing left waiting for a notification");
        }
    }

    @Test
    void aZeroCopySendOnAUnixSocketIsCopiedAndNotifiedAtOnce() throws LinuxException {
        int[] sv = new int[2];
        Native.check("socketpair", Sockets.socketpair(Sockets.AF_UNIX, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0, sv));
        try {
            MemorySegment out = arena.allocateFrom("unix", StandardCharsets.US_ASCII);
            b.sendZc(1, sv[0], out, 0, 4, 0);
            long[] last = untilTerminal(1);
            assertEquals(4, of(1).getFirst()[1]);
            assertTrue((last[2] & Backend.CQE_F_NOTIF) != 0);
            assertNotEquals(0, last[1] & Backend.NOTIF_USAGE_ZC_COPIED, "SO_ZEROCOPY refused: the send copied");
            assertEquals(0, b.zeroCopyRanges, "no error queue involved");
            assertArrayEquals("unix".getBytes(StandardCharsets.US_ASCII), readFully(sv[1], 4));
            b.cancelFd(2, sv[0]);
            until(seen.size() + 1);
        } finally {
            Fds.close(sv[0]);
            Fds.close(sv[1]);
        }
    }

    // ------------------------------------------------------------------ polls

    @Test
    void theThreePollModesOnAnEventfd() throws LinuxException {
        int one = Native.check("eventfd", Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC));
        int edge = Native.check("eventfd", Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC));
        int level = Native.check("eventfd", Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC));
        MemorySegment v = arena.allocate(8);
        v.set(ValueLayout.JAVA_LONG, 0, 1);
        try {
            b.pollAdd(1, one, Fds.POLLIN, Backend.POLL_ONESHOT);
            b.pollAdd(2, edge, Fds.POLLIN, Backend.POLL_EDGE);
            b.pollAdd(3, level, Fds.POLLIN, Backend.POLL_LEVEL);
            b.submit();
            Fds.write(one, v);
            Fds.write(edge, v);
            Fds.write(level, v);
            for (int turn = 0; turn < 3; turn++) { // three turns; nobody reads the counters
                b.submitAndWait(1, 50_000_000L);
                b.reap(into, Integer.MAX_VALUE);
            }
            Fds.write(one, v);
            Fds.write(edge, v); // a new edge
            for (int turn = 0; turn < 2; turn++) {
                b.submitAndWait(1, 50_000_000L);
                b.reap(into, Integer.MAX_VALUE);
            }
            assertEquals(1, of(1).size(), "one-shot: once: " + describe());
            assertEquals(0, of(1).getFirst()[2] & Backend.CQE_F_MORE);
            assertEquals(2, of(2).size(), "edge: once per write: " + describe());
            assertTrue(of(3).size() >= 4, "level: every turn while readable: " + describe());
            for (long[] c : of(2)) {
                assertEquals(Fds.POLLIN, c[1] & Fds.POLLIN);
                assertTrue((c[2] & Backend.CQE_F_MORE) != 0);
            }
            b.pollRemove(4, 3);
            b.pollRemove(5, 1);
            int before = seen.size();
            until(before + 3); // remove 4 succeeds and poll 3 ends; remove 5 finds nothing
            assertEquals(0, of(4).getFirst()[1]);
            assertEquals(-Errno.ENOENT, of(5).getFirst()[1]);
            assertEquals(-Errno.ECANCELED, of(3).getLast()[1]);
        } finally {
            Fds.close(one);
            Fds.close(edge);
            Fds.close(level);
        }
    }

    @Test
    void thePollableFdIsReadableWhileCompletionsWait() throws LinuxException {
        int fd = b.fd();
        b.timeout(1, 1_000_000L, 0);
        b.submit();
        assertTrue((Fds.poll(fd, Fds.POLLIN, 2000) & Fds.POLLIN) != 0, "the timer's expiry shows on fd()");
        b.submitAndWait(1, 1_000_000_000L);
        b.reap(into, Integer.MAX_VALUE);
        assertEquals(-Errno.ETIME, of(1).getFirst()[1]);
    }

    // ------------------------------------------------------------------ timers

    @Test
    void realtimeAndBoottimeTimeoutsRunOnTheirOwnClocks() throws LinuxException {
        long wallNanos = System.currentTimeMillis() * 1_000_000L + 30_000_000L;
        b.timeout(1, wallNanos, Backend.TIMEOUT_ABS | Backend.TIMEOUT_REALTIME);
        b.timeout(2, 20_000_000L, Backend.TIMEOUT_BOOTTIME);
        b.timeout(3, 5_000_000L, Backend.TIMEOUT_BOOTTIME | Backend.TIMEOUT_MULTISHOT);
        long t0 = System.nanoTime();
        until(5);
        assertEquals(-Errno.ETIME, untilTerminal(1)[1]);
        assertEquals(-Errno.ETIME, untilTerminal(2)[1]);
        assertTrue(System.nanoTime() - t0 >= 19_000_000L, "not before the time");
        assertTrue(of(3).size() >= 2, "periodic: " + describe());
        assertTrue((of(3).getFirst()[2] & Backend.CQE_F_MORE) != 0);
        b.timeoutRemove(4, 3);
        untilTerminal(3);
        assertEquals(-Errno.ECANCELED, of(3).getLast()[1]);
    }

    // ------------------------------------------------------------------ groups

    @Test
    void datagramsArriveInGroupBuffersLaidOutAsTheKernelLaysThem() throws LinuxException {
        int rx = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC, 0));
        int tx = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC, 0));
        try {
            MemorySegment sa = LoopbackPair.loopback(arena, 0);
            Native.check("bind", Sockets.bind(rx, sa, (int) SockaddrIn.SIZEOF));
            MemorySegment len = arena.allocate(4);
            len.set(ValueLayout.JAVA_INT, 0, (int) SockaddrIn.SIZEOF);
            Native.check("getsockname", Sockets.getsockname(rx, sa, len));
            BufferGroup g = b.bufferGroup(3, 4, false);
            MemorySegment area = arena.allocate(4 * 256, 64);
            for (int i = 0; i < 4; i++) {
                g.provide(i, area.asSlice(i * 256L, 256));
            }
            g.publish();
            MemorySegment template = arena.allocate(Msghdr.LAYOUT);
            template.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen, (int) SockaddrIn.SIZEOF);
            b.recvmsgMultishot(7, rx, template, g, 0);
            b.submit();
            Native.check("connect", Sockets.connect(tx, sa, (int) SockaddrIn.SIZEOF));
            write(tx, "datagram one");
            byte[] big = new byte[300]; // more than the payload room: truncated, payloadlen says 300
            try (Arena a = Arena.ofConfined()) {
                MemorySegment m = a.allocate(300);
                assertEquals(300, Fds.write(tx, m));
            }
            until(2);
            long[] first = of(7).getFirst();
            int bid = (int) (first[2] >>> Backend.CQE_BUFFER_SHIFT);
            assertTrue((first[2] & Backend.CQE_F_BUFFER) != 0 && (first[2] & Backend.CQE_F_MORE) != 0, describe());
            MemorySegment buf = g.segment(bid);
            int header = (int) Msghdr.SIZEOF_recvmsg_out;
            assertEquals(SockaddrIn.SIZEOF, buf.get(ValueLayout.JAVA_INT, 0), "namelen");
            assertEquals(12, buf.get(ValueLayout.JAVA_INT, 8), "payloadlen");
            assertEquals(header + SockaddrIn.SIZEOF + 12, first[1], "res counts header, name room and payload");
            assertEquals("datagram one", new String(buf.asSlice(header + SockaddrIn.SIZEOF, 12)
                    .toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            assertEquals(Sockets.AF_INET, buf.get(ValueLayout.JAVA_SHORT, header), "the sender's address is there");
            long[] second = of(7).get(1);
            MemorySegment buf2 = g.segment((int) (second[2] >>> Backend.CQE_BUFFER_SHIFT));
            assertEquals(big.length, buf2.get(ValueLayout.JAVA_INT, 8), "payloadlen before truncation");
            assertNotEquals(0, buf2.get(ValueLayout.JAVA_INT, 12) & Sockets.MSG_TRUNC, "flags say truncated");
            assertEquals(256, second[1], "res: the whole buffer");
            b.cancelFd(8, rx);
            untilTerminal(7);
            g.close();
        } finally {
            Fds.close(rx);
            Fds.close(tx);
        }
    }

    @Test
    void anIncrementalGroupFillsOneBufferPieceByPiece() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            BufferGroup g = b.bufferGroup(1, 1, true);
            MemorySegment buf = arena.allocate(10);
            g.provide(0, buf);
            g.publish();
            b.recvMultishot(1, p.server, g, 0);
            b.submit();
            write(p.client, "abcd");
            until(1);
            write(p.client, "efghijkl");
            until(2);
            long[] c1 = of(1).get(0);
            long[] c2 = of(1).get(1);
            assertEquals(4, c1[1]);
            assertTrue((c1[2] & Backend.CQE_F_BUF_MORE) != 0, "room left: the buffer stays: " + describe());
            assertEquals(6, c2[1], "the rest of the buffer");
            assertEquals(0, c2[2] & Backend.CQE_F_BUF_MORE, "full: the buffer is the caller's now");
            assertEquals("abcdefghij", new String(buf.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            b.cancelFd(2, p.server);
            untilTerminal(1);
            g.close();
        }
    }

    // ------------------------------------------------------------------ descriptors

    @Test
    void aDescriptorNumberReusedAfterCloseIsRegisteredAgain() throws LinuxException {
        MemorySegment in = arena.allocate(16);
        int number;
        try (LoopbackPair p = LoopbackPair.open()) {
            write(p.client, "one");
            b.recv(1, p.server, in, 0, 16, 0, 0);
            assertEquals(3, untilTerminal(1)[1]);
            number = p.server;
        } // closed without cancelFd: the backend's picture of the number is stale
        try (LoopbackPair q = LoopbackPair.open()) {
            int server = q.server == number ? q.server : q.client == number ? q.client : -1;
            int peer = server == q.server ? q.client : q.server;
            org.junit.jupiter.api.Assumptions.assumeTrue(server >= 0, "the kernel did not reuse descriptor " + number);
            b.recv(2, server, in, 0, 16, 0, 0);
            b.submit();
            b.submitAndWait(1, 20_000_000L);
            b.reap(into, Integer.MAX_VALUE);
            write(peer, "two");
            assertEquals(3, untilTerminal(2)[1], "the new socket's data arrives: " + describe());
        }
    }

    @Test
    void aRecvWithADeadlineThatGetsDataInTimeLeavesNoStrayCompletion() throws LinuxException {
        try (LoopbackPair p = LoopbackPair.open()) {
            MemorySegment in = arena.allocate(16);
            write(p.client, "ok"); // before the recv: in time even on a loaded machine
            b.recv(1, p.server, in, 0, 16, 0, 100_000_000L);
            b.submit();
            assertEquals(2, untilTerminal(1)[1]);
            b.timeout(2, 200_000_000L, 0); // past the recv's deadline
            untilTerminal(2);
            assertEquals(1, of(1).size(), "the deadline died with the request: " + describe());
        }
    }

    @Test
    void inFlightCountsRequestsNotTheirCompletions() throws LinuxException {
        int efd = Native.check("eventfd", Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC));
        try {
            MemorySegment v = arena.allocate(8);
            v.set(ValueLayout.JAVA_LONG, 0, 1);
            b.pollAdd(1, efd, Fds.POLLIN, Backend.POLL_LEVEL);
            b.cancel(2, 12345); // done at submit (-ENOENT): a terminal completion queued
            assertEquals(2, b.inFlight(), "prepared requests count");
            b.submit();
            Fds.write(efd, v);
            b.submitAndWait(4, 2_000_000_000L); // the level poll completes on every look: completions pile up unreaped
            assertTrue(b.ready() >= 3, "several completions queued: " + b.ready());
            assertEquals(2, b.inFlight(), "the live poll and the unreaped cancel, not each completion");
            b.reap(into, Integer.MAX_VALUE);
            assertEquals(1, b.inFlight(), "only the poll is left");
            b.pollRemove(3, 1);
            untilTerminal(1);
            b.reap(into, Integer.MAX_VALUE);
            assertEquals(0, b.inFlight());
        } finally {
            Fds.close(efd);
        }
    }

    @Test
    void aPostToAClosedBackendFailsWithEbadfd() throws LinuxException {
        EpollBackend other = EpollBackend.open(new BackendConfig(4, 4));
        other.close();
        b.post(1, other, 9, 9);
        assertEquals(-Errno.EBADFD, untilTerminal(1)[1]);
    }
}
