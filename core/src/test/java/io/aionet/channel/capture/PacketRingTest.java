package io.aionet.channel.capture;

import io.aionet.channel.classifier.FlowClassifier;
import io.aionet.channel.packet.PacketHandler;

import io.aionet.channel.packet.ParsedPacket;
import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.linux.PacketSockets;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The mmap'd receive ring on loopback. Needs CAP_NET_RAW (root); skipped with a message otherwise. */
class PacketRingTest {
    static PacketRing open(PacketRing.Builder b) throws LinuxException {
        return CaptureSupport.open(b);
    }

    /** A UDP port nobody listens on (bound then closed), for filters. */
    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void send(int port, int count, int size) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < count; i++) {
                byte[] b = new byte[size];
                b[0] = (byte) i;
                s.send(new DatagramPacket(b, size, InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    static int pollUntil(PacketRing r, PacketHandler h, int want) throws Exception {
        int n = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (n < want && System.nanoTime() < deadline) {
            n += r.poll(h, 50);
        }
        return n;
    }

    @Test
    void badInterfaceAndBadOptionsAreClearErrors() {
        LinuxException e = assertThrows(LinuxException.class, () -> PacketRing.builder("nosuchif0").build());
        assertEquals(Errno.ENODEV, e.errno());
        assertThrows(IllegalArgumentException.class, () -> PacketRing.builder("lo").blockSize(5000));
        assertThrows(IllegalArgumentException.class, () -> PacketRing.builder("lo").blockCount(0));
        assertThrows(IllegalArgumentException.class, () -> PacketRing.builder("lo").frameSize(100));
        assertThrows(IllegalArgumentException.class, () -> PacketRing.builder(""));
        assertThrows(IllegalArgumentException.class, () -> PacketSockets.ifNameToIndex("a-name-that-is-too-long"));
    }

    @Test
    void capturesFilteredDatagramsInPlace() throws Exception {
        int port = freeUdpPort();
        try (PacketRing r = open(PacketRing.builder("lo").ignoreOutgoing(true).filter(BpfProgram.ipv4Port(17, port)))) {
            assertTrue(r.ifindex() > 0);
            send(port, 20, 300);
            List<Integer> firstBytes = new ArrayList<>();
            ParsedPacket p = new ParsedPacket();
            int n = pollUntil(r, (mem, off, len, wire, ts, type) -> {
                assertEquals(ParsedPacket.OK, io.aionet.channel.packet.PacketParser.parseEthernet(mem, off, len, p));
                assertEquals(port, p.dstPort());
                assertEquals(300, p.payloadLength());
                assertEquals(len, wire);
                assertEquals(PacketSockets.PACKET_HOST, type);
                assertTrue(ts > 1_600_000_000_000_000_000L, "a wall-clock timestamp");
                firstBytes.add((int) mem.get(ValueLayout.JAVA_BYTE, p.payloadOffset()));
            }, 20);
            assertEquals(20, n);
            for (int i = 0; i < 20; i++) assertEquals(i, firstBytes.get(i));
            PacketRingStats s = r.stats();
            assertEquals(20, s.packets());
            assertEquals(0, s.drops());
        }
    }

    @Test
    void loopbackShowsEachPacketTwiceUnlessOutgoingIsIgnored() throws Exception {
        int port = freeUdpPort();
        try (PacketRing r = open(PacketRing.builder("lo").filter(BpfProgram.ipv4Port(17, port)))) {
            send(port, 10, 64);
            int[] types = new int[8];
            int n = pollUntil(r, (mem, off, len, wire, ts, type) -> types[type]++, 20);
            assertEquals(20, n);
            assertEquals(10, types[PacketSockets.PACKET_OUTGOING]);
            assertEquals(10, types[PacketSockets.PACKET_HOST]);
        }
    }

    @Test
    void dispatchesThroughTheClassifier() throws Exception {
        int a = freeUdpPort(), b = freeUdpPort();
        List<String> seen = new ArrayList<>();
        FlowClassifier<String> c = new FlowClassifier<>("default", 8);
        c.installListenerV4(17, 0x7f000001, a, "channel-a");
        PacketDispatcher<String> d = new PacketDispatcher<>(c, (ch, mem, off, len, parsed, ts) -> seen.add(ch + ":" + parsed.dstPort()));
        try (PacketRing r = open(PacketRing.builder("lo").ignoreOutgoing(true).filter(udpToPorts(a, b)))) {
            send(a, 3, 10);
            send(b, 2, 10);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.stream().filter(s -> s.endsWith(":" + a) || s.endsWith(":" + b)).count() < 5 && System.nanoTime() < deadline) {
                r.poll(d, 50);
            }
        }
        assertEquals(3, seen.stream().filter(s -> s.equals("channel-a:" + a)).count());
        assertEquals(2, seen.stream().filter(s -> s.equals("default:" + b)).count());
        assertTrue(d.packets() >= 5);
    }

    /**
     * Two rings in one {@code PACKET_FANOUT} group share the packets: each packet reaches exactly one.
     * (Random mode: on loopback with outgoing packets ignored, round-robin mode still counts the skipped
     * outgoing copies and so hands every incoming packet to the same member.)
     */
    /** Hand-assembled classic BPF: IPv4 UDP datagrams whose destination port is {@code a} or {@code b}. */
    static BpfProgram udpToPorts(int a, int b) {
        return BpfProgram.of(
                BpfProgram.insn(0x28, 0, 0, 12),       // 0  ldh [12]
                BpfProgram.insn(0x15, 0, 9, 0x0800),   // 1  jeq #IPv4 else 11
                BpfProgram.insn(0x30, 0, 0, 23),       // 2  ldb [23]
                BpfProgram.insn(0x15, 0, 7, 17),       // 3  jeq #UDP else 11
                BpfProgram.insn(0x28, 0, 0, 20),       // 4  ldh [20]
                BpfProgram.insn(0x45, 5, 0, 0x1fff),   // 5  jset #fragment offset → 11
                BpfProgram.insn(0xb1, 0, 0, 14),       // 6  ldxb 4*([14]&0xf)
                BpfProgram.insn(0x48, 0, 0, 16),       // 7  ldh [x+16]  destination port
                BpfProgram.insn(0x15, 1, 0, a),        // 8  jeq #a → 10
                BpfProgram.insn(0x15, 0, 1, b),        // 9  jeq #b else 11
                BpfProgram.insn(0x06, 0, 0, 0x40000),  // 10 accept
                BpfProgram.insn(0x06, 0, 0, 0));       // 11 drop
    }

    @Test
    void fanoutSplitsOneStreamOverTwoRings() throws Exception {
        int port = freeUdpPort();
        int group = 0x4000 + (int) (ProcessHandle.current().pid() & 0x3fff);
        BpfProgram f = BpfProgram.ipv4Port(17, port);
        try (PacketRing r1 = open(PacketRing.builder("lo").ignoreOutgoing(true).filter(f).fanout(group, PacketSockets.PACKET_FANOUT_RND, 0));
             PacketRing r2 = PacketRing.builder("lo").ignoreOutgoing(true).filter(f).fanout(group, PacketSockets.PACKET_FANOUT_RND, 0).build()) {
            send(port, 40, 32);
            int[] n = new int[2];
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (n[0] + n[1] < 40 && System.nanoTime() < deadline) {
                n[0] += r1.poll((mem, off, len, wire, ts, type) -> { }, 20);
                n[1] += r2.poll((mem, off, len, wire, ts, type) -> { }, 20);
            }
            assertEquals(40, n[0] + n[1]);
            assertTrue(n[0] > 0 && n[1] > 0, "random fanout used both rings: " + n[0] + "/" + n[1]);
        }
    }

    @Test
    void aFullRingCountsDrops() throws Exception {
        int port = freeUdpPort();
        try (PacketRing r = open(PacketRing.builder("lo").ignoreOutgoing(true).filter(BpfProgram.ipv4Port(17, port))
                .blockSize(4096).blockCount(2).frameSize(2048).blockTimeoutMillis(1))) {
            send(port, 200, 1000); // ~2 frames fit a 4 KiB block; nobody drains
            Thread.sleep(50);
            PacketRingStats s = r.stats();
            assertEquals(200, s.packets());
            assertTrue(s.drops() > 100, "drops counted: " + s);
            int n = r.drain((mem, off, len, wire, ts, type) -> { });
            assertEquals(200 - s.drops(), n, "what was not dropped is in the ring");
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsAnError() throws Exception {
        PacketRing r = open(PacketRing.builder("lo").filter(BpfProgram.ipv4Port(17, 9)));
        r.close();
        r.close();
        assertThrows(IllegalStateException.class, () -> r.drain((mem, off, len, wire, ts, type) -> { }));
        assertThrows(IllegalStateException.class, r::stats);
    }
}
