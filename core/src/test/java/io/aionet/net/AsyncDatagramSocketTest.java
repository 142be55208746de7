package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.LinuxException;
import io.aionet.linux.Sockets;
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
import java.nio.file.Path;
import java.util.BitSet;
import java.util.zip.CRC32;

import static io.aionet.net.NetTestLoop.completion;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Datagram sockets — UDP over loopback (IPv4, IPv6) and Unix-domain: sio_sendto / sio_recvfrom in both
 * receive forms, replies, connect, bad input, integrity.
 */
class AsyncDatagramSocketTest {
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

    private static String text(MemorySegment m) {
        return new String(m.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private static InetSocketAddress loop(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void sendToAndReceiveFromKernelChosenBuffersIpv4AndIpv6() throws Exception {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withSlotSize(2048));
                 AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, loop(host, 0));
                 AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, loop(host, 0))) {
                ReceivePool pool = ch.receivePool(area, 5, 8, false);
                b.receiveFrom(pool, 10);
                a.sendTo(bytes("datagram over " + host), loop(host, b.port()), 11);
                assertEquals(("datagram over " + host).length(), completion(ch, 11, 2000, e -> { }).result());
                Event got = completion(ch, 10, 2000, e -> { });
                Buffer buf = got.buffer();
                assertNotNull(buf, "a kernel-chosen buffer");
                assertEquals(("datagram over " + host).length(), got.result());
                assertEquals(got.result(), AsyncDatagramSocket.payloadLength(buf));
                assertEquals("datagram over " + host, text(AsyncDatagramSocket.payload(buf)));
                assertEquals(a.port(), AsyncDatagramSocket.senderPort(buf));
                InetSocketAddress from = (InetSocketAddress) AsyncDatagramSocket.sender(buf);
                assertEquals(a.localAddress(), from, "the sender decoded from the buffer");
                // reply to the sender straight from the received payload, then release
                MemorySegment in = arena.allocate(64);
                a.receiveFrom(in, 0, 64, 0, 13);
                b.replyTo(buf, AsyncDatagramSocket.payload(buf), 12);
                assertEquals(got.result(), completion(ch, 12, 2000, e -> { }).result());
                buf.release();
                Event echoed = completion(ch, 13, 2000, e -> { });
                assertEquals(got.result(), echoed.result());
                assertEquals("datagram over " + host, text(in.asSlice(0, echoed.result())));
                assertEquals(b.localAddress(), a.lastSender());
                assertEquals(b.port(), a.lastSenderPort());
                b.close();
                pool.close();
                drain();
            }
        }
    }

    private void drain() {
        ch.await(1, 10_000_000L);
        Event e = new Event();
        while (ch.next(e)) {
            // completions of closed sockets are not reported; anything else here is harmless bookkeeping
            assertNotEquals(EventKind.OVERFLOW, e.kind());
        }
    }

    /**
     * The program holds every buffer of a two-buffer pool: the kernel ends the multishot receive with
     * ENOBUFS, the datagrams wait in the socket, and once buffers come back the library re-arms the
     * receive by itself — all ten arrive, once each.
     */
    @Test
    void starvedReceiveResumesWhenBuffersComeBack() throws Exception {
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withSlotSize(2048));
             AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0));
             AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0))) {
            ReceivePool pool = ch.receivePool(area, 10, 2, false);
            b.receiveFrom(pool, 60);
            MemorySegment d = arena.allocate(10);
            for (int i = 0; i < 10; i++) {
                d.set(ValueLayout.JAVA_BYTE, i, (byte) i);
                a.sendTo(d.asSlice(i, 1), b.localAddress(), 61);
            }
            java.util.List<Buffer> held = new java.util.ArrayList<>();
            BitSet seen = new BitSet();
            int sends = 0;
            long deadline = System.nanoTime() + 5_000_000_000L;
            Event e = new Event();
            while (seen.cardinality() < 10) {
                assertTrue(System.nanoTime() < deadline, "received only " + seen);
                ch.await(1, 20_000_000L);
                while (ch.next(e)) {
                    if (e.tag() == 61) {
                        assertEquals(1, e.result());
                        sends++;
                        continue;
                    }
                    assertEquals(60, e.tag());
                    assertNotNull(e.buffer(), "the receive must not end for want of buffers: " + e);
                    int v = AsyncDatagramSocket.payload(e.buffer()).get(ValueLayout.JAVA_BYTE, 0);
                    assertFalse(seen.get(v), "duplicate " + v);
                    seen.set(v);
                    held.add(e.buffer());
                }
                if (held.size() == 2) {
                    Thread.sleep(5); // the pool is dry now; the receive waits
                    assertEquals(0, pool.available());
                    held.forEach(Buffer::release);
                    held.clear();
                }
            }
            assertEquals(10, sends);
            held.forEach(Buffer::release);
            b.close();
            pool.close();
        }
    }

    @Test
    void dualStackSocketReachesIpv4Peers() throws Exception {
        try (AsyncDatagramSocket v6 = AsyncDatagramSocket.open(ch, loop("::", 0));
             AsyncDatagramSocket v4 = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0))) {
            MemorySegment in = arena.allocate(16);
            v4.receiveFrom(in, 0, 16, 0, 71);
            v6.sendTo(bytes("mapped"), v4.localAddress(), 70);
            assertEquals(6, completion(ch, 70, 2000, e -> { }).result(), "sent through ::ffff:127.0.0.1");
            assertEquals(6, completion(ch, 71, 2000, e -> { }).result());
            assertEquals("mapped", text(in.asSlice(0, 6)));
            assertEquals(v6.port(), v4.lastSenderPort());
            v6.connect(v4.localAddress());
            v4.receiveFrom(in, 0, 16, 0, 73);
            v6.send(bytes("again"), 72);
            assertEquals(5, completion(ch, 72, 2000, e -> { }).result());
            assertEquals(5, completion(ch, 73, 2000, e -> { }).result());
            MemorySegment m = arena.allocate(4);
            assertThrows(IllegalArgumentException.class, () -> v4.sendTo(m, loop("::1", 9), 1), "IPv6 from IPv4");
        }
    }

    @Test
    void truncatedDatagramIsFlagged() throws Exception {
        try (AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0));
             AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0))) {
            MemorySegment in = arena.allocate(4);
            b.receiveFrom(in, 0, 4, 0, 21);
            a.sendTo(bytes("longer than four"), b.localAddress(), 20);
            assertEquals(16, completion(ch, 20, 2000, e -> { }).result());
            Event e = completion(ch, 21, 2000, x -> { });
            assertEquals(4, e.result());
            assertEquals(Sockets.MSG_TRUNC, e.flags() & Sockets.MSG_TRUNC);
            assertEquals("long", text(in));
        }
    }

    @Test
    void connectedSocketsSendAndReceive() throws Exception {
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withSlotSize(2048));
             AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, loop("::1", 0));
             AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, loop("::1", 0))) {
            a.connect(b.localAddress());
            b.connect(a.localAddress());
            ReceivePool pool = ch.receivePool(area, 6, 4, false);
            b.receive(pool, 31);
            a.send(bytes("to the peer"), 30);
            assertEquals(11, completion(ch, 30, 2000, e -> { }).result());
            Event got = completion(ch, 31, 2000, e -> { });
            assertEquals(11, got.result());
            assertEquals("to the peer", text(got.buffer().segment()), "a plain receive holds the payload alone");
            got.buffer().release();
            MemorySegment in = arena.allocate(32);
            a.receive(in, 0, 32, 0, 33);
            Buffer out = area.reserve(5);
            out.put(0, "reply".getBytes(StandardCharsets.UTF_8), 0, 5);
            b.send(out, 32);
            assertEquals(5, completion(ch, 32, 2000, e -> { }).result());
            assertFalse(out.isOwned(), "the sent buffer went back to its area");
            assertEquals(5, completion(ch, 33, 2000, e -> { }).result());
            assertEquals("reply", text(in.asSlice(0, 5)));
            b.close();
            pool.close();
        }
    }

    @Test
    void receiveDeadline() throws Exception {
        try (AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0))) {
            a.receiveFrom(arena.allocate(8), 0, 8, 20_000_000L, 40);
            assertEquals(-io.aionet.Errno.ETIMEDOUT, completion(ch, 40, 2000, e -> { }).result());
        }
    }

    @Test
    void unixDatagramSocketsSendReceiveAndReplyByPath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        UnixDomainSocketAddress aAddr = UnixDomainSocketAddress.of(dir.resolve("a.sock"));
        // longer than a sockaddr_in6: the sender needs the Unix layout's room
        UnixDomainSocketAddress bAddr = UnixDomainSocketAddress.of(dir.resolve("b-with-a-name-longer-than-28-bytes.sock"));
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withSlotSize(2048));
             AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, aAddr);
             AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, bAddr)) {
            assertEquals(-1, a.port());
            assertEquals(bAddr, b.localAddress());
            ReceivePool pool = ch.receivePool(area, 6, 8, false);
            b.receiveFrom(pool, 10);
            a.sendTo(bytes("over a unix socket"), bAddr, 11);
            assertEquals(18, completion(ch, 11, 2000, e -> { }).result());
            Event got = completion(ch, 10, 2000, e -> { });
            Buffer buf = got.buffer();
            assertNotNull(buf, "a kernel-chosen buffer");
            assertEquals(18, got.result());
            assertEquals("over a unix socket", text(AsyncDatagramSocket.payload(buf)));
            assertEquals(aAddr, AsyncDatagramSocket.sender(buf));
            assertEquals(-1, AsyncDatagramSocket.senderPort(buf));
            b.replyTo(buf, AsyncDatagramSocket.payload(buf), 12);
            assertEquals(18, completion(ch, 12, 2000, e -> { }).result());
            buf.release();
            MemorySegment into = arena.allocate(64);
            a.receiveFrom(into, 0, 64, 0, 13);
            assertEquals(18, completion(ch, 13, 2000, e -> { }).result());
            assertEquals("over a unix socket", text(into.asSlice(0, 18)));
            assertEquals(bAddr, a.lastSender());
            assertEquals(-1, a.lastSenderPort());
            b.close(); // before its pool
            pool.close();
        }
    }

    @Test
    void unixDatagramsAreNotHeldToUdpsLimitAndConnectedSocketsTalk(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        UnixDomainSocketAddress aAddr = UnixDomainSocketAddress.of(dir.resolve("a"));
        UnixDomainSocketAddress bAddr = UnixDomainSocketAddress.of(dir.resolve("b"));
        try (AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, aAddr);
             AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, bAddr)) {
            MemorySegment big = arena.allocate(100_000);
            for (int i = 0; i < 100_000; i++) {
                big.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7));
            }
            MemorySegment back = arena.allocate(100_000);
            b.receiveFrom(back, 0, 100_000, 0, 20);
            a.sendTo(big, bAddr, 21);
            assertEquals(100_000, completion(ch, 21, 2000, e -> { }).result());
            assertEquals(100_000, completion(ch, 20, 2000, e -> { }).result());
            assertEquals(-1, big.mismatch(back), "the datagram arrived whole");
            a.connect(bAddr);
            b.connect(aAddr);
            MemorySegment in = arena.allocate(16);
            b.receive(in, 0, 16, 0, 22);
            a.send(bytes("connected"), 23);
            assertEquals(9, completion(ch, 23, 2000, e -> { }).result());
            assertEquals(9, completion(ch, 22, 2000, e -> { }).result());
            assertEquals("connected", text(in.asSlice(0, 9)));
            assertThrows(IllegalArgumentException.class, () -> a.sendTo(in, loop("127.0.0.1", 9), 1),
                    "an IP destination for a Unix socket");
        }
    }

    @Test
    void badInputIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> AsyncDatagramSocket.open(ch, new SocketAddress() { }));
        assertThrows(NullPointerException.class, () -> AsyncDatagramSocket.open(ch, null));
        assertThrows(IllegalArgumentException.class,
                () -> AsyncDatagramSocket.open(ch, InetSocketAddress.createUnresolved("nowhere", 1)));
        AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0));
        MemorySegment m = arena.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> a.sendTo(m, loop("::1", 9), 1), "IPv6 destination, IPv4 socket");
        assertThrows(IllegalArgumentException.class, () -> a.sendTo(m, loop("127.0.0.1", 0), 1), "port 0");
        assertThrows(NullPointerException.class, () -> a.sendTo(m, null, 1));
        assertThrows(IllegalArgumentException.class,
                () -> a.sendTo(MemorySegment.ofArray(new byte[4]), loop("127.0.0.1", 9), 1), "heap memory");
        assertThrows(IndexOutOfBoundsException.class, () -> a.sendTo(m, 4, 8, loop("127.0.0.1", 9), 1));
        assertThrows(IllegalArgumentException.class,
                () -> a.sendTo(arena.allocate(70_000), loop("127.0.0.1", 9), 1), "too long for a datagram");
        assertThrows(IllegalStateException.class, () -> a.send(m, 1), "not connected");
        assertThrows(IllegalArgumentException.class, () -> a.receiveFrom(m, 0, 8, -1, 1));
        assertThrows(NullPointerException.class, () -> a.receiveFrom(null, 1));
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withSlotSize(2048))) {
            ReceivePool inc = ch.receivePool(area, 9, 4);
            if (inc.isIncremental()) {
                assertThrows(IllegalArgumentException.class, () -> a.receiveFrom(inc, 1),
                        "an incremental pool would cut datagrams");
            }
            inc.close();
        }
        a.close();
        assertThrows(IllegalStateException.class, () -> a.sendTo(m, loop("127.0.0.1", 9), 1));
        a.close(); // twice is harmless
    }

    /**
     * 100,000 datagrams of 16..1,200 bytes over loopback, each with a sequence number and a CRC of its
     * bytes: every one arrives intact, exactly once. Loopback UDP drops only when the receive buffer is
     * full, so the sender keeps at most {@code WINDOW} datagrams unreceived and the buffer is 4 MiB.
     */
    @Test
    void hundredThousandDatagramsNoneLostNoneDuplicated() throws Exception {
        final int n = 100_000;
        final int window = 64;
        final int maxLen = 1200;
        try (DmaArea area = DmaArea.allocate(4 << 20, DmaOptions.defaults().withSlotSize(2048));
             AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0));
             AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, loop("127.0.0.1", 0))) {
            b.options().receiveBufferSize(4 << 20);
            ReceivePool pool = ch.receivePool(area, 7, 256, false);
            b.receiveFrom(pool, 2);
            SocketAddress to = b.localAddress();
            int ringSlots = 2 * window;
            MemorySegment out = arena.allocate((long) ringSlots * maxLen, 8);
            MemorySegment pattern = arena.allocate(64 * 1024, 8);
            java.util.Random rnd = new java.util.Random(17);
            for (int i = 0; i < pattern.byteSize(); i += 8) {
                pattern.set(ValueLayout.JAVA_LONG, i, rnd.nextLong());
            }
            BitSet seen = new BitSet(n);
            CRC32 crc = new CRC32();
            int sent = 0;
            int sendsDone = 0;
            int received = 0;
            long bytes = 0;
            Event e = new Event();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (received < n || sendsDone < n) {
                assertTrue(System.nanoTime() < deadline, "stalled: sent " + sent + ", received " + received);
                while (sent < n && sent - received < window) {
                    int len = 16 + (int) ((sent * 2654435761L) % (maxLen - 16));
                    MemorySegment d = out.asSlice((long) (sent % ringSlots) * maxLen, len);
                    d.set(ValueLayout.JAVA_INT_UNALIGNED, 0, sent);
                    // a different stretch of random bytes per datagram
                    MemorySegment.copy(pattern, (sent * 977L) % (pattern.byteSize() - maxLen), d, 8, len - 8);
                    crc.reset();
                    crc.update(d.asSlice(8).asByteBuffer());
                    d.set(ValueLayout.JAVA_INT_UNALIGNED, 4, (int) crc.getValue());
                    a.sendTo(d, to, 1);
                    sent++;
                }
                ch.await(1, 100_000_000L);
                while (ch.next(e)) {
                    assertEquals(EventKind.COMPLETION, e.kind(), "event " + e);
                    if (e.tag() == 1) {
                        assertTrue(e.result() >= 16, "send result " + e.result());
                        sendsDone++;
                        continue;
                    }
                    assertEquals(2, e.tag());
                    Buffer buf = e.buffer();
                    assertNotNull(buf, "receive ended: " + e);
                    MemorySegment p = AsyncDatagramSocket.payload(buf);
                    assertEquals(0, e.flags() & Sockets.MSG_TRUNC);
                    int seq = p.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
                    assertTrue(seq >= 0 && seq < n, "sequence " + seq);
                    assertEquals(16 + (int) ((seq * 2654435761L) % (maxLen - 16)), p.byteSize(), "length of " + seq);
                    crc.reset();
                    crc.update(p.asSlice(8).asByteBuffer());
                    assertEquals((int) crc.getValue(), p.get(ValueLayout.JAVA_INT_UNALIGNED, 4), "checksum of " + seq);
                    assertFalse(seen.get(seq), "duplicate " + seq);
                    seen.set(seq);
                    bytes += p.byteSize();
                    received++;
                    buf.release();
                }
            }
            assertEquals(n, seen.cardinality(), "every datagram arrived");
            assertEquals(n, sendsDone);
            assertTrue(bytes > 16L * n);
            b.close();
            pool.close();
        }
    }
}
