package io.aionet.channel.tcp;

import io.aionet.channel.packet.ParsedPacket;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.aionet.channel.tcp.TcpDirection.CLIENT_TO_SERVER;
import static io.aionet.channel.tcp.TcpDirection.SERVER_TO_CLIENT;
import static io.aionet.channel.packet.TestPackets.*;
import static io.aionet.channel.packet.ParsedPacket.*;
import static org.junit.jupiter.api.Assertions.*;

class TcpReceiveEngineTest {
    private final RecordingListener rec = new RecordingListener();
    private TcpReceiveEngine engine = new TcpReceiveEngine(TcpEngineLimits.DEFAULT, rec);

    private static final int C_ISN = 1000, S_ISN = 5000;

    private void c2s(int seq, int flags, byte[] payload) {
        feed(tcp4(REMOTE, 40000, LOCAL, 80, seq, 0, flags, payload));
    }

    private void s2c(int seq, int flags, byte[] payload) {
        feed(tcp4(LOCAL, 80, REMOTE, 40000, seq, 0, flags, payload));
    }

    private void feed(byte[] frame) {
        engine.onFrame(MemorySegment.ofArray(frame), 0, frame.length, 0);
    }

    private void handshake(int cIsn, int sIsn) {
        c2s(cIsn, SYN, new byte[0]);
        s2c(sIsn, SYN | ACK, new byte[0]);
        c2s(cIsn + 1, ACK, new byte[0]);
    }

    private static byte[] slice(byte[] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    @Test
    void handshakeDataAndFinInBothDirections() {
        handshake(C_ISN, S_ISN);
        c2s(C_ISN + 1, ACK | PSH, "GET /".getBytes());
        s2c(S_ISN + 1, ACK | PSH, "200 OK".getBytes());
        c2s(C_ISN + 6, FIN | ACK, new byte[0]);
        assertTrue(rec.closed.isEmpty(), "one FIN does not close the flow");
        s2c(S_ISN + 7, FIN | ACK, new byte[0]);
        assertEquals(TcpFlow.CloseReason.FIN, rec.closed.get(0L));
        assertArrayEquals("GET /".getBytes(), rec.bytes(0, CLIENT_TO_SERVER));
        assertArrayEquals("200 OK".getBytes(), rec.bytes(0, SERVER_TO_CLIENT));
        TcpFlow f = rec.opened.get(0);
        assertTrue(f.handshakeSeen());
        assertEquals(C_ISN, f.isn(CLIENT_TO_SERVER));
        assertEquals(S_ISN, f.isn(SERVER_TO_CLIENT));
        assertEquals(40000, f.clientPort());
        assertEquals(80, f.serverPort());
        assertEquals(0, engine.flows());
        c2s(C_ISN + 7, ACK, new byte[0]); // the last ACK after close creates nothing
        assertEquals(0, engine.flows());
        assertEquals(1, engine.ignored());
    }

    @Test
    void reordersDropsDuplicatesAndTrimsOverlaps() {
        handshake(C_ISN, S_ISN);
        byte[] msg = bytes(1000, 1);
        int base = C_ISN + 1;
        c2s(base + 300, ACK, slice(msg, 300, 600));   // out of order
        c2s(base + 700, ACK, slice(msg, 700, 1000));  // out of order, second hole
        assertEquals(600, engine.bufferedBytes());
        c2s(base + 300, ACK, slice(msg, 300, 600));   // duplicate of a held segment
        c2s(base, ACK, slice(msg, 0, 200));           // in order
        c2s(base + 100, ACK, slice(msg, 100, 350));   // overlaps both what was yielded and what is held
        c2s(base + 550, ACK, slice(msg, 550, 750));   // fills the second hole, overlapping both sides
        c2s(base, ACK, slice(msg, 0, 1000));          // full retransmission
        assertArrayEquals(msg, rec.bytes(0, CLIENT_TO_SERVER));
        assertEquals(0, engine.bufferedBytes());
        TcpFlow f = rec.opened.get(0);
        assertEquals(1000, f.bytes(CLIENT_TO_SERVER));
        assertTrue(f.duplicateBytes(CLIENT_TO_SERVER) >= 300 + 1000, "duplicates counted: " + f.duplicateBytes(CLIENT_TO_SERVER));
        assertTrue(rec.gaps.isEmpty());
    }

    @Test
    void sequenceNumbersWrapPast2to32() {
        int isn = -700; // 0xFFFFFD44: the stream crosses 2^32 after 699 bytes
        handshake(isn, S_ISN);
        byte[] msg = bytes(3000, 2);
        List<int[]> parts = new ArrayList<>();
        for (int off = 0; off < msg.length; off += 250) parts.add(new int[]{off, Math.min(off + 250, msg.length)});
        Collections.shuffle(parts, new Random(3));
        for (int[] p : parts) c2s(isn + 1 + p[0], ACK, slice(msg, p[0], p[1]));
        assertArrayEquals(msg, rec.bytes(0, CLIENT_TO_SERVER));
        c2s(isn + 1 + 3000, FIN | ACK, new byte[0]);
        s2c(S_ISN + 1, FIN | ACK, new byte[0]);
        assertEquals(TcpFlow.CloseReason.FIN, rec.closed.get(0L));
    }

    @Test
    void aMissingSegmentIsReportedAsAGapAtClose() {
        handshake(C_ISN, S_ISN);
        byte[] msg = bytes(300, 4);
        c2s(C_ISN + 1, ACK, slice(msg, 0, 100));
        c2s(C_ISN + 201, ACK, slice(msg, 200, 300)); // 100..200 never captured
        c2s(C_ISN + 301, FIN | ACK, new byte[0]);
        s2c(S_ISN + 1, FIN | ACK, new byte[0]);
        assertTrue(rec.closed.isEmpty(), "the client's FIN is not reached yet");
        engine.flush();
        assertEquals(TcpFlow.CloseReason.FLUSHED, rec.closed.get(0L));
        assertEquals(List.of("0:CLIENT_TO_SERVER@100+100"), rec.gaps);
        byte[] got = rec.bytes(0, CLIENT_TO_SERVER);
        assertArrayEquals(slice(msg, 0, 100), slice(got, 0, 100));
        assertArrayEquals(slice(msg, 200, 300), slice(got, 100, 200));
        assertEquals(100, rec.opened.get(0).gapBytes(CLIENT_TO_SERVER));
    }

    @Test
    void perFlowLimitGivesUpTheOldestHole() {
        engine = new TcpReceiveEngine(new TcpEngineLimits(16, 1000, 1 << 20, 1 << 30), rec);
        handshake(C_ISN, S_ISN);
        byte[] msg = bytes(5000, 5);
        for (int off = 500; off < 5000; off += 500) { // byte 0..500 never arrives
            c2s(C_ISN + 1 + off, ACK, slice(msg, off, off + 500));
            assertTrue(engine.bufferedBytes() <= 1000, "held " + engine.bufferedBytes());
        }
        engine.flush();
        assertEquals("0:CLIENT_TO_SERVER@0+500", rec.gaps.get(0));
        assertArrayEquals(slice(msg, 500, 5000), rec.bytes(0, CLIENT_TO_SERVER));
    }

    @Test
    void resetClosesAndBlindResetsAreIgnored() {
        handshake(C_ISN, S_ISN);
        c2s(C_ISN + 1, ACK, "abc".getBytes());
        s2c(S_ISN + 1 + (1 << 30) + 5, RST, new byte[0]); // far outside the window
        assertTrue(rec.closed.isEmpty());
        assertEquals(1, engine.outOfWindow());
        s2c(S_ISN + 1, RST | ACK, new byte[0]);
        assertEquals(TcpFlow.CloseReason.RST, rec.closed.get(0L));
        assertEquals(0, engine.flows());
    }

    @Test
    void aNewSynOnTheSameAddressesReplacesTheFlow() {
        handshake(C_ISN, S_ISN);
        c2s(C_ISN + 1, ACK, "old".getBytes());
        c2s(C_ISN, SYN, new byte[0]); // a retransmitted SYN: same ISN, same flow
        assertEquals(1, rec.opened.size());
        handshake(900_000, 7);         // the ports are reused by a new connection
        c2s(900_001, ACK, "new".getBytes());
        assertEquals(TcpFlow.CloseReason.REPLACED, rec.closed.get(0L));
        assertEquals(2, rec.opened.size());
        assertArrayEquals("old".getBytes(), rec.bytes(0, CLIENT_TO_SERVER));
        assertArrayEquals("new".getBytes(), rec.bytes(1, CLIENT_TO_SERVER));
        assertEquals(1, engine.flows());
    }

    @Test
    void midStreamPickupAndSynAckOnly() {
        c2s(777, ACK, "xyz".getBytes()); // no handshake seen: the sender becomes the client
        TcpFlow f = rec.opened.get(0);
        assertFalse(f.handshakeSeen());
        assertArrayEquals("xyz".getBytes(), rec.bytes(0, CLIENT_TO_SERVER));
        feed(tcp4(REMOTE, 1, LOCAL, 2, 50, 0, SYN | ACK, new byte[0])); // a SYN-ACK: its receiver is the client
        TcpFlow g = rec.opened.get(1);
        assertEquals(2, g.clientPort());
        assertEquals(1, g.serverPort());
    }

    @Test
    void synFloodEvictsOldestFirstAndStaysBounded() {
        engine = new TcpReceiveEngine(new TcpEngineLimits(100, 1 << 16, 1 << 20, 1 << 30), rec);
        for (int i = 0; i < 10_000; i++) {
            feed(tcp4(REMOTE + i, 1024 + (i & 0x7fff), LOCAL, 80, i, 0, SYN, new byte[0]));
            assertTrue(engine.flows() <= 100);
        }
        assertEquals(100, engine.flows());
        assertEquals(9_900, engine.evicted());
        for (long id = 0; id < 9_900; id++) assertEquals(TcpFlow.CloseReason.EVICTED, rec.closed.get(id), "flow " + id);
        assertNull(rec.closed.get(9_900L), "the newest flows survive");
    }

    @Test
    void totalLimitBoundsMemoryAcrossFlows() {
        engine = new TcpReceiveEngine(new TcpEngineLimits(1000, 1 << 20, 10_000, 1 << 30), rec);
        for (int i = 0; i < 200; i++) {
            feed(tcp4(REMOTE, 2000 + i, LOCAL, 80, 0, 0, SYN, new byte[0]));
            feed(tcp4(REMOTE, 2000 + i, LOCAL, 80, 1000, 0, ACK, new byte[1000])); // a hole before it
            assertTrue(engine.bufferedBytes() <= 10_000, "held " + engine.bufferedBytes());
        }
    }

    @Test
    void ipv6Flows() {
        byte[] a = "over six".getBytes();
        feed(tcp6(V6_A, 1111, V6_B, 443, 10, 0, SYN, new byte[0]));
        feed(tcp6(V6_A, 1111, V6_B, 443, 11, 0, ACK, a));
        assertEquals(6, rec.opened.get(0).ipVersion());
        assertArrayEquals(a, rec.bytes(0, CLIENT_TO_SERVER));
        assertEquals("/2001:db8:0:0:0:0:0:1", rec.opened.get(0).client().getAddress().toString());
    }

    @Test
    void hostileInputIsCountedNotThrown() {
        byte[] f = tcp4(REMOTE, 1, LOCAL, 2, 3, 4, ACK, new byte[10]);
        byte[] bad = f.clone();
        bad[14 + 20 + 12] = (byte) 0xf0;
        feed(bad);
        feed(Arrays.copyOf(f, 40));
        feed(udp4(REMOTE, 1, LOCAL, 2, new byte[5]));
        feed(new byte[3]);
        assertEquals(1, engine.malformed());
        assertEquals(2, engine.truncated());
        assertEquals(1, engine.nonTcp());
        assertEquals(0, engine.flows());
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            byte[] g = f.clone();
            for (int k = 0; k < 4; k++) g[r.nextInt(g.length)] = (byte) r.nextInt();
            feed(g);
        }
        assertTrue(engine.flows() <= TcpEngineLimits.DEFAULT.maxFlows());
    }
}
