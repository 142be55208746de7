package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.Errno;
import io.aionet.LinuxException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static io.aionet.net.NetTestLoop.completion;
import static org.junit.jupiter.api.Assertions.*;

/** Asynchronous sockets over loopback: connect, accept, send, both receive forms, errors, close. */
class AsyncSocketTest {
    private EventChannel ch;
    private Arena arena;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
        arena = Arena.ofConfined();
    }

    @AfterEach
    void close() {
        ch.close();
        arena.close();
    }

    private MemorySegment bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment m = arena.allocate(b.length);
        m.copyFrom(MemorySegment.ofArray(b));
        return m;
    }

    private static String text(MemorySegment m, long off, int n) {
        return new String(m.asSlice(off, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** A connected pair: [client, server side]. */
    private AsyncSocket[] pair(SocketAddress listenOn) throws LinuxException {
        return NetTestLoop.pair(ch, listenOn);
    }

    @Test
    void echoOverIpv4WithKernelChosenBuffers() throws Exception {
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
            ReceivePool pool = ch.receivePool(area, 3, 16);
            p[1].receive(pool, 10);
            p[0].send(bytes("hello, channel"), 11);
            Event sent = completion(ch, 11, 2000, e -> { });
            assertEquals(14, sent.result());
            Event got = completion(ch, 10, 2000, e -> { });
            Buffer b = got.buffer();
            assertNotNull(b, "the receive hands over a kernel-chosen buffer");
            assertEquals(14, got.result());
            byte[] data = new byte[b.length()];
            b.get(0, data, 0, data.length);
            assertEquals("hello, channel", new String(data, StandardCharsets.UTF_8));
            // echo back from a reserved DMA buffer: the kernel owns it until the send completes
            Buffer out = area.reserve(b.length());
            out.copyFrom(0, b.segment());
            b.release();
            p[1].send(out, 12);
            MemorySegment in = arena.allocate(64);
            p[0].receive(in, 0, 64, 0, 13);
            assertEquals(14, completion(ch, 12, 2000, e -> { }).result());
            Event echoed = completion(ch, 13, 2000, e -> { });
            assertEquals(14, echoed.result());
            assertEquals("hello, channel", text(in, 0, 14));
            assertFalse(out.isOwned(), "the sent buffer went back to its area");
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void ipv6AndUnixDomainSockets() throws Exception {
        AsyncSocket[] v6 = pair(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        assertTrue(((InetSocketAddress) v6[0].remoteAddress()).getAddress().getHostAddress().contains(":"));
        roundTrip(v6);
        Path sock = Files.createTempDirectory("aionet-unix").resolve("s");
        AsyncSocket[] unix = pair(UnixDomainSocketAddress.of(sock));
        roundTrip(unix);
        Files.deleteIfExists(sock);
    }

    private void roundTrip(AsyncSocket[] p) {
        MemorySegment in = arena.allocate(16);
        p[1].receive(in, 0, 16, 0, 21);
        p[0].send(bytes("ping"), 20);
        assertEquals(4, completion(ch, 20, 2000, e -> { }).result());
        assertEquals(4, completion(ch, 21, 2000, e -> { }).result());
        assertEquals("ping", text(in, 0, 4));
        p[0].close();
        p[1].close();
    }

    @Test
    void largeSendIsOneCompletionForAllBytes() throws Exception {
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        p[0].options().sendBufferSize(16 * 1024);
        int n = 8 << 20;
        MemorySegment big = arena.allocate(n);
        for (int i = 0; i < n; i += 8) {
            big.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i * 0x9E3779B97F4A7C15L);
        }
        CRC32 want = new CRC32();
        want.update(big.asByteBuffer());
        p[0].send(big, 30);
        MemorySegment in = arena.allocate(64 * 1024);
        CRC32 got = new CRC32();
        long received = 0;
        int[] sendResult = {Integer.MIN_VALUE};
        while (received < n) {
            p[1].receive(in, 0, (int) in.byteSize(), 0, 31);
            Event e = completion(ch, 31, 5000, x -> {
                assertEquals(30, x.tag(), "only the send's completion may come in between");
                assertEquals(Integer.MIN_VALUE, sendResult[0], "the send completes once");
                sendResult[0] = x.result();
            });
            assertTrue(e.result() > 0, "receive: " + e);
            got.update(in.asSlice(0, e.result()).asByteBuffer());
            received += e.result();
        }
        if (sendResult[0] == Integer.MIN_VALUE) {
            sendResult[0] = completion(ch, 30, 5000).result();
        }
        assertEquals(n, sendResult[0], "one completion for all 8 MiB, though the kernel took them in pieces");
        assertEquals(n, received);
        assertEquals(want.getValue(), got.getValue());
        p[0].close();
        p[1].close();
    }

    @Test
    void cancelReceiveAndCancelSendEndTheirRequestInTheKernel() throws Exception {
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // a receive with nothing to receive: the cancel ends it with -ECANCELED, and the socket receives on
        MemorySegment in = arena.allocate(64);
        p[1].receive(in, 0, 64, 0, 40);
        p[1].cancelReceive();
        assertEquals(-io.aionet.Errno.ECANCELED, completion(ch, 40, 5000).result());
        p[1].cancelReceive(); // none pending: nothing happens
        p[1].receive(in, 0, 64, 0, 41);
        p[0].send(arena.allocateFrom("ok").asSlice(0, 2), 42);
        Event r = completion(ch, 41, 5000, x -> assertEquals(42, x.tag()));
        assertEquals(2, r.result());
        // a send the peer does not read stays in the kernel; the cancel ends it with -ECANCELED and the
        // bytes sent before it in the flags, and a send queued behind it still goes
        p[0].options().sendBufferSize(16 * 1024);
        int n = 16 << 20;
        MemorySegment big = arena.allocate(n);
        p[0].send(big, 43);
        p[0].send(arena.allocateFrom("z").asSlice(0, 1), 44);
        long quiet = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < quiet) {
            ch.await(1, 20_000_000L);
            Event e = new Event();
            while (ch.next(e)) {
                fail("the big send ended unread: " + e);
            }
        }
        p[0].cancelSend();
        Event cancelled = completion(ch, 43, 5000, x -> { });
        assertEquals(-io.aionet.Errno.ECANCELED, cancelled.result());
        assertTrue(cancelled.flags() > 0 && cancelled.flags() < n, "bytes sent before the cancel: " + cancelled.flags());
        p[0].close();
        p[1].close();
    }

    @Test
    void connectionRefusedAndTimedOutAreDistinct() throws Exception {
        AsyncServerSocket s = AsyncServerSocket.open(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1, false);
        SocketAddress addr = s.localAddress();
        s.close();
        AsyncSocket refused = AsyncSocket.connect(ch, addr, 0, 40);
        Event failed = completion(ch, 40, 3000);
        assertEquals(-Errno.ECONNREFUSED, failed.result());
        assertEquals("ECONNREFUSED", failed.errorName(), "the failed connect's event names the errno");
        assertTrue(failed.toString().contains("result=-111 ECONNREFUSED"), failed.toString());
        refused.close();

        // a listener that never accepts, with a full backlog: further SYNs are dropped, the connect hangs
        AsyncServerSocket full = AsyncServerSocket.open(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1, false);
        SocketAddress fullAddr = full.localAddress();
        AsyncSocket[] fillers = new AsyncSocket[3];
        for (int i = 0; i < fillers.length; i++) {
            fillers[i] = AsyncSocket.connect(ch, fullAddr, 0, 50 + i);
        }
        AsyncSocket late = AsyncSocket.connect(ch, fullAddr, 200_000_000L, 60);
        Event e = completion(ch, 60, 5000, x -> { });
        if (e.result() != 0) { // some kernels complete the handshake into the queue anyway
            assertEquals(-Errno.ETIMEDOUT, e.result(), "a connect past its deadline times out");
        }
        late.close();
        for (AsyncSocket f : fillers) {
            f.close();
        }
        full.close();
    }

    @Test
    void resetPeerGivesEconnresetAndOthersGoOn() throws Exception {
        AsyncSocket[] a = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        AsyncSocket[] b = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        MemorySegment in = arena.allocate(16);
        a[1].receive(in, 0, 16, 0, 70);
        ch.next(new Event());
        // SO_LINGER 0, then close: an RST instead of a FIN
        MemorySegment linger = arena.allocate(8);
        linger.set(ValueLayout.JAVA_INT, 0, 1);
        linger.set(ValueLayout.JAVA_INT, 4, 0);
        assertEquals(0, io.aionet.linux.Sockets.setsockopt(fdOf(a[0]), io.aionet.linux.Sockets.SOL_SOCKET,
                io.aionet.linux.Sockets.SO_LINGER, linger, 8));
        a[0].close();
        assertEquals(-Errno.ECONNRESET, completion(ch, 70, 3000, e -> { }).result());
        roundTrip(b);
        a[1].close();
    }

    private static int fdOf(AsyncSocket s) throws Exception {
        var f = AsyncSocket.class.getDeclaredField("fd");
        f.setAccessible(true);
        return f.getInt(s);
    }

    @Test
    void zeroCopySendCompletesAfterItsNotification() throws Exception {
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withSlotSize(64 * 1024))) {
            Buffer out = area.reserve(64 * 1024);
            out.fill((byte) 9);
            p[0].sendZeroCopy(out, 80);
            MemorySegment in = arena.allocate(64 * 1024);
            long got = 0;
            Event sent = null;
            while (got < 64 * 1024 || sent == null) {
                if (got < 64 * 1024) {
                    p[1].receive(in, got, (int) (64 * 1024 - got), 0, 81);
                    Event r = completion(ch, 81, 3000, e -> { });
                    got += r.result();
                }
                if (sent == null && got >= 64 * 1024) {
                    sent = completion(ch, 80, 3000, e -> { });
                }
            }
            assertEquals(64 * 1024, sent.result());
            assertEquals(AsyncSocket.SEND_COPIED, sent.flags() & AsyncSocket.SEND_COPIED,
                    "on loopback the kernel copies zero-copy sends, and says so");
            assertFalse(out.isOwned());
            assertEquals(9, in.get(ValueLayout.JAVA_BYTE, 64 * 1024 - 1));
        }
        p[0].close();
        p[1].close();
    }

    @Test
    void closingTheChannelHandsInFlightSendBuffersBack() throws Exception {
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        p[0].options().sendBufferSize(64 * 1024);
        p[1].options().receiveBufferSize(64 * 1024);
        try (DmaArea area = DmaArea.allocate(64L * 64 * 1024, DmaOptions.defaults().withSlotSize(64 * 1024))) {
            for (int i = 0; i < 64; i++) { // 4 MiB to a peer that never reads: most of it cannot go out
                Buffer b = area.reserve(64 * 1024);
                b.fill((byte) i);
                p[0].sendZeroCopy(b, 100 + i);
            }
            ch.next(new Event()); // submit
            assertTrue(area.accounting().heldByKernel() > 0, "sends are stuck in the kernel");
            ch.close(); // ec_destroy: cancels and drains
            assertEquals(0, area.accounting().heldByKernel(), "every buffer came back from the kernel");
            assertEquals(0, area.accounting().heldByProgram());
        }
        p[0].close(); // sockets outlive their closed channel until closed themselves
        p[1].close();
    }

    @Test
    void closedSocketRefusesOperations() throws Exception {
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        p[0].close();
        assertThrows(IllegalStateException.class, () -> p[0].send(bytes("x"), 1));
        assertThrows(IllegalStateException.class, () -> p[0].shutdownOutput(1));
        p[0].close(); // twice is harmless
        p[1].close();
    }

    @Test
    void halfCloseGivesEndOfStream() throws Exception {
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        p[0].shutdownOutput(90);
        assertEquals(0, completion(ch, 90, 2000, e -> { }).result());
        MemorySegment in = arena.allocate(8);
        p[1].receive(in, 0, 8, 0, 91);
        assertEquals(0, completion(ch, 91, 2000, e -> { }).result(), "end of stream");
        p[0].close();
        p[1].close();
    }

    @Test
    void receiveDeadline() throws Exception {
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        MemorySegment in = arena.allocate(8);
        p[1].receive(in, 0, 8, 20_000_000L, 95);
        assertEquals(-Errno.ETIMEDOUT, completion(ch, 95, 2000, e -> { }).result());
        p[0].close();
        p[1].close();
    }

    @Test
    void badInputIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> AsyncSocket.connect(ch, InetSocketAddress.createUnresolved("nowhere", 1), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> AsyncSocket.adopt(ch, -1));
        assertThrows(IllegalArgumentException.class,
                () -> AsyncServerSocket.open(ch, new InetSocketAddress(0), 0, false));
        AsyncSocket[] p = pair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        MemorySegment small = arena.allocate(4);
        assertThrows(IndexOutOfBoundsException.class, () -> p[0].send(small, 2, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> p[0].send(MemorySegment.ofArray(new byte[4]), 1));
        p[0].close();
        p[1].close();
    }
}
