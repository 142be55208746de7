package io.aionet.uring;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.linux.Native;
import io.aionet.linux.SockaddrIn;
import io.aionet.linux.Sockets;
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

import static io.aionet.uring.IoUringConstants.*;
import static io.aionet.uring.RingTestSupport.byTag;
import static io.aionet.uring.RingTestSupport.reap;
import static io.aionet.uring.RingTestSupport.sqe;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The opcodes the later layers build on, each against a real descriptor. */
class IoUringOpsTest {

    private static MemorySegment text(Arena a, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment m = a.allocate(b.length);
        m.copyFrom(MemorySegment.ofArray(b));
        return m;
    }

    private static String string(MemorySegment m, int n) {
        return new String(m.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    @Test
    void writeThenReadThroughAPipe() throws Exception {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC));
        try (IoUring ring = IoUring.builder().entries(8).open(); Arena a = Arena.ofConfined()) {
            MemorySegment out = text(a, "hello ring");
            MemorySegment in = a.allocate(64);
            sqe(ring).prepWrite(p[1], out, -1).userData(1).flags(IOSQE_IO_LINK);
            sqe(ring).prepRead(p[0], in, -1).userData(2);
            List<Cqe> c = reap(ring, 2);
            assertEquals(10, byTag(c, 1).res);
            assertEquals(10, byTag(c, 2).res);
            assertEquals("hello ring", string(in, 10));
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
    }

    @Test
    void sendAndRecvOverLoopbackTcp() throws Exception {
        try (LoopbackPair tcp = LoopbackPair.open(); IoUring ring = IoUring.builder().entries(8).singleThreaded().open();
             Arena a = Arena.ofConfined()) {
            MemorySegment in = a.allocate(32);
            sqe(ring).prepRecv(tcp.server, in, 0).userData(2);
            ring.submit();
            sqe(ring).prepSend(tcp.client, text(a, "ping"), Sockets.MSG_NOSIGNAL).userData(1);
            List<Cqe> c = reap(ring, 2);
            assertEquals(4, byTag(c, 1).res);
            assertEquals(4, byTag(c, 2).res);
            assertEquals("ping", string(in, 4));
        }
    }

    @Test
    void pollOneShotEdgeAndLevel() throws Exception {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC | Fds.O_NONBLOCK));
        try (IoUring ring = IoUring.builder().entries(8).open(); Arena a = Arena.ofConfined()) {
            MemorySegment b = text(a, "x");
            // multishot poll: one completion per readiness edge, F_MORE kept
            sqe(ring).prepPollMultishot(p[0], Fds.POLLIN).userData(1);
            ring.submit();
            assertEquals(1, Fds.write(p[1], b));
            Cqe first = reap(ring, 1).get(0);
            assertEquals(1, first.userData);
            assertTrue((first.res & Fds.POLLIN) != 0);
            assertTrue(first.hasMore());
            // removing it ends the stream: the poll's final completion is -ECANCELED
            sqe(ring).prepPollRemove(1).userData(2);
            List<Cqe> c = reap(ring, 2);
            assertEquals(0, byTag(c, 2).res);
            assertEquals(-Errno.ECANCELED, byTag(c, 1).res);
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
    }

    @Test
    void pollUpdateChangesTheTag() throws Exception {
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC | Fds.O_NONBLOCK));
        try (IoUring ring = IoUring.builder().entries(8).open(); Arena a = Arena.ofConfined()) {
            sqe(ring).prepPollAdd(p[0], Fds.POLLIN).userData(1);
            ring.submit();
            sqe(ring).prepPollUpdate(1, 5, Fds.POLLIN, IORING_POLL_UPDATE_USER_DATA | IORING_POLL_UPDATE_EVENTS).userData(2);
            assertEquals(0, reap(ring, 1).get(0).res);
            assertEquals(1, Fds.write(p[1], text(a, "y")));
            assertEquals(5, reap(ring, 1).get(0).userData, "the poll now completes under the new tag");
        } finally {
            Fds.close(p[0]);
            Fds.close(p[1]);
        }
    }

    @Test
    void multishotAcceptAndConnect() throws Exception {
        int[] lp = LoopbackPair.listen();
        List<Integer> fds = new ArrayList<>();
        try (IoUring ring = IoUring.builder().entries(16).open(); Arena a = Arena.ofConfined()) {
            sqe(ring).prepMultishotAccept(lp[0], MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC).userData(1);
            ring.submit();
            for (int i = 0; i < 2; i++) {
                int c = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
                fds.add(c);
                sqe(ring).prepConnect(c, LoopbackPair.loopback(a, lp[1]), (int) SockaddrIn.SIZEOF).userData(10 + i);
            }
            List<Cqe> c = reap(ring, 4);
            assertEquals(0, byTag(c, 10).res);
            assertEquals(0, byTag(c, 11).res);
            int accepted = 0;
            for (Cqe x : c) {
                if (x.userData == 1) {
                    assertTrue(x.res >= 0, "accepted fd: " + x.res);
                    assertTrue(x.hasMore(), "multishot accept stays armed");
                    fds.add(x.res);
                    accepted++;
                }
            }
            assertEquals(2, accepted);
        } finally {
            fds.forEach(Fds::close);
            Fds.close(lp[0]);
        }
    }

    @Test
    void connectRefusedIsAnErrno() throws Exception {
        int[] lp = LoopbackPair.listen();
        Fds.close(lp[0]); // nobody listens on that port any more
        int c = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
        try (IoUring ring = IoUring.builder().entries(4).open(); Arena a = Arena.ofConfined()) {
            sqe(ring).prepConnect(c, LoopbackPair.loopback(a, lp[1]), (int) SockaddrIn.SIZEOF).userData(1);
            assertEquals(-Errno.ECONNREFUSED, reap(ring, 1).get(0).res);
        } finally {
            Fds.close(c);
        }
    }

    @Test
    void multishotRecvDrawsKernelChosenBuffers() throws Exception {
        try (LoopbackPair tcp = LoopbackPair.open(); IoUring ring = IoUring.builder().entries(8).open();
             Arena a = Arena.ofConfined()) {
            BufRing br = ring.registerBufRing(4, 7, 0);
            MemorySegment[] bufs = new MemorySegment[4];
            for (int i = 0; i < 4; i++) {
                bufs[i] = a.allocate(64);
                br.add(bufs[i], i, i);
            }
            br.advance(4);
            sqe(ring).prepRecvMultishot(tcp.server, 7, 0).userData(3);
            ring.submit();
            StringBuilder got = new StringBuilder();
            for (String msg : new String[] {"alpha", "beta", "gamma"}) {
                assertEquals(msg.length(), Sockets.send(tcp.client, text(a, msg), 0));
                Cqe c = reap(ring, 1).get(0);
                assertEquals(3, c.userData);
                assertTrue(c.hasMore(), "multishot recv stays armed");
                int bid = c.bufferId();
                assertTrue(bid >= 0 && bid < 4, "completion names a buffer: " + c);
                got.append(string(bufs[bid], c.res)).append(' ');
            }
            assertEquals("alpha beta gamma ", got.toString());
        }
    }

    @Test
    void multishotRecvEndsWithEnobufsWhenTheGroupRunsDry() throws Exception {
        try (LoopbackPair tcp = LoopbackPair.open(); IoUring ring = IoUring.builder().entries(8).open();
             Arena a = Arena.ofConfined()) {
            BufRing br = ring.registerBufRing(1, 9, 0);
            br.provide(a.allocate(16), 0);
            sqe(ring).prepRecvMultishot(tcp.server, 9, 0).userData(4);
            ring.submit();
            Sockets.send(tcp.client, text(a, "one"), 0);
            Cqe first = reap(ring, 1).get(0);
            assertEquals(3, first.res);
            Sockets.send(tcp.client, text(a, "two"), 0);
            Cqe second = reap(ring, 1).get(0);
            assertEquals(-Errno.ENOBUFS, second.res);
            assertFalse(second.hasMore(), "the multishot request ended: the caller re-arms");
            br.close();
            assertThrows(IllegalStateException.class, () -> br.advance(1));
        }
    }

    @Test
    void sendZcGivesResultThenNotification() throws Exception {
        try (LoopbackPair tcp = LoopbackPair.open(); IoUring ring = IoUring.builder().entries(8).open();
             Arena a = Arena.ofConfined()) {
            MemorySegment payload = a.allocate(4096).fill((byte) 'z');
            sqe(ring).prepSendZc(tcp.client, payload, 0, IORING_SEND_ZC_REPORT_USAGE).userData(1);
            List<Cqe> c = reap(ring, 2);
            Cqe result = c.get(0).isNotification() ? c.get(1) : c.get(0);
            Cqe notif = c.get(0).isNotification() ? c.get(0) : c.get(1);
            assertEquals(4096, result.res);
            assertTrue(result.hasMore(), "a notification follows");
            assertTrue(notif.isNotification());
            assertEquals(1, notif.userData);
            // on loopback the kernel copies: the usage report says so
            assertTrue((notif.res & IORING_NOTIF_USAGE_ZC_COPIED) != 0, "loopback zero-copy sends are copied");
            MemorySegment in = a.allocate(8192);
            long n = 0;
            while (n < 4096) {
                n += Sockets.recv(tcp.server, in.asSlice(n), 0);
            }
            assertEquals(4096, n);
        }
    }

    @Test
    void sendmsgGathersTwoBuffers() throws Exception {
        try (LoopbackPair tcp = LoopbackPair.open(); IoUring ring = IoUring.builder().entries(8).open();
             Arena a = Arena.ofConfined()) {
            MemorySegment iov = a.allocate(io.aionet.linux.Iovec.LAYOUT, 2);
            MemorySegment p1 = text(a, "gather");
            MemorySegment p2 = text(a, "-send");
            iov.set(ValueLayout.JAVA_LONG, 0, p1.address());
            iov.set(ValueLayout.JAVA_LONG, 8, p1.byteSize());
            iov.set(ValueLayout.JAVA_LONG, 16, p2.address());
            iov.set(ValueLayout.JAVA_LONG, 24, p2.byteSize());
            MemorySegment msg = a.allocate(io.aionet.linux.Msghdr.LAYOUT);
            msg.set(ValueLayout.JAVA_LONG, io.aionet.linux.Msghdr.OFFSETOF_msg_iov, iov.address());
            msg.set(ValueLayout.JAVA_LONG, io.aionet.linux.Msghdr.OFFSETOF_msg_iovlen, 2);
            sqe(ring).prepSendmsg(tcp.client, msg, 0).userData(1);
            assertEquals(11, reap(ring, 1).get(0).res);
            MemorySegment in = a.allocate(32);
            MemorySegment inIov = a.allocate(io.aionet.linux.Iovec.LAYOUT);
            inIov.set(ValueLayout.JAVA_LONG, 0, in.address());
            inIov.set(ValueLayout.JAVA_LONG, 8, in.byteSize());
            MemorySegment inMsg = a.allocate(io.aionet.linux.Msghdr.LAYOUT);
            inMsg.set(ValueLayout.JAVA_LONG, io.aionet.linux.Msghdr.OFFSETOF_msg_iov, inIov.address());
            inMsg.set(ValueLayout.JAVA_LONG, io.aionet.linux.Msghdr.OFFSETOF_msg_iovlen, 1);
            sqe(ring).prepRecvmsg(tcp.server, inMsg, 0).userData(2);
            assertEquals(11, reap(ring, 1).get(0).res);
            assertEquals("gather-send", string(in, 11));
        }
    }

    @Test
    void spliceFileThroughPipeToSocket() throws Exception {
        Path f = Files.createTempFile("aionet-splice", ".bin");
        byte[] content = "spliced bytes from a file".getBytes(StandardCharsets.UTF_8);
        Files.write(f, content);
        int[] p = new int[2];
        assertEquals(0, Fds.pipe2(p, Fds.O_CLOEXEC));
        int file = openRead(f);
        try (LoopbackPair tcp = LoopbackPair.open(); IoUring ring = IoUring.builder().entries(8).open();
             Arena a = Arena.ofConfined()) {
            sqe(ring).prepFadvise(file, 0, content.length, POSIX_FADV_SEQUENTIAL).userData(0).flags(IOSQE_IO_LINK);
            sqe(ring).prepSplice(file, 0, p[1], -1, content.length, 0).userData(1).flags(IOSQE_IO_LINK);
            sqe(ring).prepSplice(p[0], -1, tcp.client, -1, content.length, 0).userData(2);
            List<Cqe> c = reap(ring, 3);
            assertEquals(0, byTag(c, 0).res);
            assertEquals(content.length, byTag(c, 1).res);
            assertEquals(content.length, byTag(c, 2).res);
            MemorySegment in = a.allocate(64);
            long n = 0;
            while (n < content.length) {
                n += Sockets.recv(tcp.server, in.asSlice(n), 0);
            }
            assertEquals(new String(content, StandardCharsets.UTF_8), string(in, content.length));
        } finally {
            Fds.close(file);
            Fds.close(p[0]);
            Fds.close(p[1]);
            Files.deleteIfExists(f);
        }
    }

    private static int openRead(Path f) throws IOException {
        // a read-only descriptor through /proc: open(2) is not wrapped, so duplicate a Java channel's via /dev/fd
        java.lang.invoke.MethodHandle open = Native.downcall("open",
                java.lang.foreign.FunctionDescriptor.of(Native.C_INT, Native.C_POINTER, Native.C_INT), false,
                java.lang.foreign.Linker.Option.firstVariadicArg(2));
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) open.invokeExact(Native.errnoSegment(), a.allocateFrom(f.toString()), Fds.O_RDONLY | Fds.O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open " + f + " failed");
            }
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Test
    void shutdownAndClose() throws Exception {
        try (LoopbackPair tcp = LoopbackPair.open(); IoUring ring = IoUring.builder().entries(8).open();
             Arena a = Arena.ofConfined()) {
            sqe(ring).prepShutdown(tcp.client, Sockets.SHUT_WR).userData(1);
            assertEquals(0, reap(ring, 1).get(0).res);
            assertEquals(0, Sockets.recv(tcp.server, a.allocate(8), 0), "the peer sees EOF after SHUT_WR");
            int extra = Fds.eventfd(0, Fds.EFD_CLOEXEC);
            sqe(ring).prepClose(extra).userData(2);
            assertEquals(0, reap(ring, 1).get(0).res);
            assertFalse(Fds.isOpen(extra));
        }
    }

    @Test
    void msgRingPostsToAnotherRing() throws Exception {
        try (IoUring source = IoUring.builder().entries(4).open();
             IoUring target = IoUring.builder().entries(4).singleThreaded().open()) {
            sqe(source).prepMsgRing(target.fd(), 1234, 0x55AA, 0).userData(1);
            assertEquals(0, reap(source, 1).get(0).res);
            Cqe c = reap(target, 1).get(0);
            assertEquals(0x55AA, c.userData);
            assertEquals(1234, c.res);
            assertEquals(0, c.flags & IoUring.CQE_F_POSTED);
            sqe(source).prepMsgRingPosted(target.fd(), 7, -1L).userData(2);
            assertEquals(0, reap(source, 1).get(0).res);
            Cqe posted = reap(target, 1).get(0);
            assertEquals(-1L, posted.userData, "all 64 bits of the tag arrive");
            assertEquals(7, posted.res);
            assertTrue((posted.flags & IoUring.CQE_F_POSTED) != 0, "marked as a posted message");
            assertEquals(0, target.inFlight(), "a posted message is not taken for a finished request");
        }
    }

    @Test
    void futexWaitIsWokenByFutexWake() throws Exception {
        try (IoUring ring = IoUring.builder().entries(8).open(); Arena a = Arena.ofConfined()) {
            assumeTrue(ring.probe().isSupported(IORING_OP_FUTEX_WAIT), "kernel lacks IORING_OP_FUTEX_WAIT (6.7)");
            MemorySegment word = a.allocate(ValueLayout.JAVA_INT);
            int flags = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
            sqe(ring).prepFutexWait(word, 0, FUTEX_BITSET_MATCH_ANY & 0xffffffffL, flags).userData(1);
            ring.submit();
            sqe(ring).prepFutexWait(word, 1, FUTEX_BITSET_MATCH_ANY & 0xffffffffL, flags).userData(3);
            assertEquals(-Errno.EAGAIN, reap(ring, 1).get(0).res, "value differs: the wait does not sleep");
            word.set(ValueLayout.JAVA_INT, 0, 1);
            sqe(ring).prepFutexWake(word, 1, FUTEX_BITSET_MATCH_ANY & 0xffffffffL, flags).userData(2);
            List<Cqe> c = reap(ring, 2);
            assertEquals(1, byTag(c, 2).res, "one waiter woken");
            assertEquals(0, byTag(c, 1).res);
        }
    }
}
