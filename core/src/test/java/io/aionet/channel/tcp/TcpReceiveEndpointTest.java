package io.aionet.channel.tcp;

import io.aionet.channel.packet.FrameSender;
import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;
import io.aionet.channel.packet.TestPackets;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.aionet.channel.packet.ParsedPacket.ACK;
import static io.aionet.channel.packet.ParsedPacket.FIN;
import static io.aionet.channel.packet.ParsedPacket.RST;
import static io.aionet.channel.packet.ParsedPacket.SYN;
import static io.aionet.channel.packet.TestPackets.LOCAL;
import static io.aionet.channel.packet.TestPackets.REMOTE;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The user-space TCP receive endpoint driven with crafted segments and a recording frame sender: the
 * handshake it answers, the ACK numbers and windows it sends for in-order, out-of-order and
 * hole-filling data, the FIN exchange, resets for strays, and the checksums of everything it writes.
 */
class TcpReceiveEndpointTest {
    /** Records every committed frame. */
    static final class Recorder implements FrameSender {
        final List<byte[]> frames = new ArrayList<>();
        final byte[] buf = new byte[2048];
        int flushes;
        boolean full;

        @Override
        public MemorySegment beginSend() {
            return full ? null : MemorySegment.ofArray(buf);
        }

        @Override
        public void commitSend(int length) {
            frames.add(Arrays.copyOf(buf, length));
        }

        @Override
        public void flush() {
            flushes++;
        }

        ParsedPacket take() {
            assertFalse(frames.isEmpty(), "a segment was sent");
            byte[] f = frames.remove(0);
            ParsedPacket p = new ParsedPacket();
            PacketParser.parseEthernet(MemorySegment.ofArray(f), 0, f.length, p);
            assertEquals(ParsedPacket.OK, p.status());
            assertEquals(0, ipChecksum(f), "IPv4 header checksum");
            assertEquals(0, tcpChecksum(f), "TCP checksum");
            return p;
        }
    }

    private static void feed(TcpReceiveEndpoint ep, byte[] frame) {
        ep.onPacket(MemorySegment.ofArray(frame), 0, frame.length, frame.length, 0, 0);
    }

    private static byte[] seg(int seq, int ack, int flags, byte[] payload) {
        return TestPackets.tcp4(REMOTE, 40000, LOCAL, 80, seq, ack, flags, payload);
    }

    @Test
    void handshakeDataReorderingAndClose() throws Exception {
        Recorder out = new Recorder();
        RecordingListener rec = new RecordingListener();
        TcpReceiveEndpoint ep = new TcpReceiveEndpoint(LOCAL, 80, TcpEngineLimits.DEFAULT, rec, out);

        feed(ep, seg(1000, 0, SYN, new byte[0]));
        ParsedPacket synAck = out.take();
        assertEquals(SYN | ACK, synAck.tcpFlags());
        assertEquals(1001, synAck.tcpAck());
        assertEquals(1460, synAck.mss());
        assertEquals(LOCAL, synAck.srcIpv4());
        assertEquals(REMOTE, synAck.dstIpv4());
        assertEquals(80, synAck.srcPort());
        assertEquals(40000, synAck.dstPort());
        int iss = synAck.tcpSeq();
        assertEquals(1, ep.connections());

        feed(ep, seg(1000, 0, SYN, new byte[0])); // the SYN again: the SYN-ACK was lost
        assertEquals(iss, out.take().tcpSeq());

        feed(ep, seg(1001, iss + 1, ACK, new byte[0]));
        assertTrue(out.frames.isEmpty(), "a bare ACK is not acknowledged");

        byte[] a = TestPackets.bytes(100, 1), b = TestPackets.bytes(100, 2), c = TestPackets.bytes(100, 3);
        feed(ep, seg(1001, iss + 1, ACK, a));
        assertTrue(out.frames.isEmpty(), "in-order data is acknowledged at flush");
        ep.flush();
        ParsedPacket ack1 = out.take();
        assertEquals(ACK, ack1.tcpFlags());
        assertEquals(1101, ack1.tcpAck());
        assertEquals(iss + 1, ack1.tcpSeq());
        assertEquals(65535, ack1.tcpWindow());

        feed(ep, seg(1201, iss + 1, ACK, c)); // out of order: a duplicate ACK at once
        ParsedPacket dup = out.take();
        assertEquals(1101, dup.tcpAck());
        assertEquals(65535, dup.tcpWindow(), "window: 4 MiB per flow less what is held, capped at 65535 without scaling");

        feed(ep, seg(1101, iss + 1, ACK, b)); // fills the hole
        ep.flush();
        assertEquals(1301, out.take().tcpAck());
        long id = rec.opened.get(0).id();
        byte[] all = new byte[300];
        System.arraycopy(a, 0, all, 0, 100);
        System.arraycopy(b, 0, all, 100, 100);
        System.arraycopy(c, 0, all, 200, 100);
        assertArrayEquals(all, rec.data.get(id)[TcpDirection.CLIENT_TO_SERVER.ordinal()].toByteArray());

        feed(ep, seg(1301, iss + 1, FIN | ACK, new byte[0]));
        ep.flush();
        ParsedPacket finAck = out.take();
        assertEquals(FIN | ACK, finAck.tcpFlags());
        assertEquals(1302, finAck.tcpAck());
        assertEquals(iss + 1, finAck.tcpSeq());
        assertEquals(TcpFlow.CloseReason.FIN, rec.closed.get(id));

        feed(ep, seg(1301, iss + 1, FIN | ACK, new byte[0])); // FIN again: our FIN-ACK was lost
        ep.flush();
        assertEquals(FIN | ACK, out.take().tcpFlags());

        feed(ep, seg(1302, iss + 2, ACK, new byte[0]));
        assertEquals(0, ep.connections(), "the last ACK ends the connection");
        assertTrue(out.frames.isEmpty());
        assertTrue(out.flushes >= 4);
    }

    @Test
    void straysGetResetsAndOtherTrafficIsIgnored() {
        Recorder out = new Recorder();
        TcpReceiveEndpoint ep = new TcpReceiveEndpoint(LOCAL, 80, TcpEngineLimits.DEFAULT, new RecordingListener(), out);
        feed(ep, seg(5000, 777, ACK, new byte[10]));
        ParsedPacket rst = out.take();
        assertEquals(RST, rst.tcpFlags());
        assertEquals(777, rst.tcpSeq());
        feed(ep, seg(5000, 0, FIN, new byte[0]));
        ParsedPacket rstAck = out.take();
        assertEquals(RST | ACK, rstAck.tcpFlags());
        assertEquals(5001, rstAck.tcpAck());
        feed(ep, seg(5000, 0, RST, new byte[0]));
        assertTrue(out.frames.isEmpty(), "a reset is never answered");
        feed(ep, TestPackets.tcp4(REMOTE, 40000, LOCAL, 81, 1, 0, SYN, new byte[0]));
        feed(ep, TestPackets.udp4(REMOTE, 40000, LOCAL, 80, new byte[4]));
        assertEquals(2, ep.ignored());
        assertEquals(2, ep.resetsSent());
        assertTrue(out.frames.isEmpty());
        out.full = true;
        feed(ep, seg(1, 0, SYN, new byte[0]));
        assertEquals(1, ep.txBusy(), "no TX buffer: the SYN-ACK waits for the peer's retransmission");
        assertThrows(IllegalArgumentException.class, () -> new TcpReceiveEndpoint(LOCAL, 0, TcpEngineLimits.DEFAULT, new RecordingListener(), out));
    }

    static int ipChecksum(byte[] f) {
        return fold(sum(f, 14, 20, 0));
    }

    static int tcpChecksum(byte[] f) {
        int ipLen = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
        int tcpLen = ipLen - 20;
        long pseudo = sum(f, 26, 8, 0) + 6 + tcpLen;
        return fold(sum(f, 34, tcpLen, pseudo));
    }

    private static long sum(byte[] f, int off, int len, long acc) {
        for (int i = 0; i + 1 < len; i += 2) acc += ((f[off + i] & 0xff) << 8) | (f[off + i + 1] & 0xff);
        if ((len & 1) != 0) acc += (f[off + len - 1] & 0xff) << 8;
        return acc;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return (int) (~s & 0xffff);
    }
}
