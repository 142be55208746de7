package io.aionet.channel.packet;

import io.aionet.channel.packet.TestPackets;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static io.aionet.channel.packet.TestPackets.*;
import static org.junit.jupiter.api.Assertions.*;

class PacketParserTest {
    private final ParsedPacket p = new ParsedPacket();

    private int parse(byte[] frame) {
        return PacketParser.parseEthernet(MemorySegment.ofArray(frame), p);
    }

    @Test
    void tcpOverIpv4() {
        byte[] payload = "hello".getBytes();
        byte[] f = tcp4(REMOTE, 40000, LOCAL, 80, 1000, 2000, ParsedPacket.PSH | ParsedPacket.ACK, payload);
        assertEquals(ParsedPacket.OK, parse(f));
        assertEquals(4, p.ipVersion());
        assertEquals(6, p.protocol());
        assertEquals(REMOTE, p.srcIpv4());
        assertEquals(LOCAL, p.dstIpv4());
        assertEquals(40000, p.srcPort());
        assertEquals(80, p.dstPort());
        assertEquals(1000, p.tcpSeq());
        assertEquals(2000, p.tcpAck());
        assertTrue(p.hasFlags(ParsedPacket.PSH | ParsedPacket.ACK));
        assertEquals(65535, p.tcpWindow());
        assertEquals(14 + 20 + 20, p.payloadOffset());
        assertEquals(5, p.payloadLength());
        assertArrayEquals(payload, p.payload(MemorySegment.ofArray(f)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        assertFalse(p.fragment());
        assertEquals(-1, p.vlanId());
    }

    @Test
    void vlanTagAndIpOptionsAndTcpOptions() {
        byte[] ipOpts = {1, 1, (byte) 0x94, 4, 0, 0, 0, 0}; // NOP NOP, router alert (len 4), EOL pad
        byte[] tcpOpts = {2, 4, 0x05, (byte) 0xb4, 1, 3, 3, 7, 4, 2, 0, 0}; // MSS 1460, NOP, WS 7, SACK-perm, EOL
        byte[] l4 = tcp(1234, 443, -5, 0, ParsedPacket.SYN, tcpOpts, new byte[0]);
        byte[] f = ipv4(REMOTE, LOCAL, 6, l4, ipOpts, 0, true);
        assertEquals(ParsedPacket.OK, parse(f));
        assertEquals(1, p.vlanCount());
        assertEquals(42, p.vlanId());
        assertEquals(28, p.ipHeaderLength());
        assertEquals(32, p.tcpHeaderLength());
        assertEquals(1460, p.mss());
        assertEquals(7, p.windowScale());
        assertTrue(p.sackPermitted());
        assertEquals(-5, p.tcpSeq());
        assertEquals(0, p.payloadLength());
    }

    @Test
    void udpOverIpv4() {
        byte[] f = udp4(REMOTE, 53, LOCAL, 5353, new byte[100]);
        assertEquals(ParsedPacket.OK, parse(f));
        assertEquals(17, p.protocol());
        assertEquals(53, p.srcPort());
        assertEquals(5353, p.dstPort());
        assertEquals(100, p.payloadLength());
    }

    @Test
    void ipv6WithExtensionHeaders() {
        // hop-by-hop (8 bytes, next = dstopts), dstopts (16 bytes, next = fragment), fragment (offset 0, M=1, next = TCP)
        ByteBuffer ext = ByteBuffer.allocate(8 + 16 + 8);
        ext.put((byte) 60).put((byte) 0).put(new byte[6]);
        ext.put((byte) 44).put((byte) 1).put(new byte[14]);
        ext.put((byte) 6).put((byte) 0).putShort((short) 1).putInt(77);
        byte[] l4 = tcp(5000, 6000, 1, 2, ParsedPacket.ACK, new byte[0], new byte[10]);
        byte[] f = ipv6(V6_A, V6_B, 0, ext.array(), l4, false);
        assertEquals(ParsedPacket.OK, parse(f));
        assertEquals(6, p.ipVersion());
        assertEquals(6, p.protocol());
        assertEquals(40 + 32, p.ipHeaderLength());
        assertTrue(p.fragment());
        assertEquals(0, p.fragmentOffset());
        assertEquals(5000, p.srcPort());
        assertEquals(10, p.payloadLength());
        assertEquals(0x20010db800000000L, p.srcHi());
        assertEquals(1L, p.srcLo());
        assertEquals(2L, p.dstLo());
    }

    @Test
    void laterFragmentsHaveNoPorts() {
        byte[] f = ipv4(REMOTE, LOCAL, 6, new byte[40], new byte[0], 100, false);
        assertEquals(ParsedPacket.OK, parse(f));
        assertTrue(p.fragment());
        assertEquals(800, p.fragmentOffset());
        assertEquals(0, p.srcPort());
    }

    @Test
    void everyTruncationIsReportedNeverThrown() {
        byte[] full = tcp4(REMOTE, 1, LOCAL, 2, 3, 4, ParsedPacket.ACK, new byte[30]);
        for (int n = 0; n < full.length; n++) {
            int st = parse(Arrays.copyOf(full, n));
            assertNotEquals(ParsedPacket.OK, st, "truncated to " + n);
            assertNotEquals(ParsedPacket.MALFORMED, st, "truncation is not malformation, at " + n);
        }
        byte[] v6 = tcp6(V6_A, 1, V6_B, 2, 3, 4, ParsedPacket.ACK, new byte[30]);
        for (int n = 0; n < v6.length; n++) {
            assertNotEquals(ParsedPacket.OK, parse(Arrays.copyOf(v6, n)), "v6 truncated to " + n);
        }
    }

    @Test
    void hostileLengthsAreMalformed() {
        byte[] f = tcp4(REMOTE, 1, LOCAL, 2, 3, 4, ParsedPacket.ACK, new byte[8]);
        byte[] bad = f.clone();
        bad[14] = 0x44; // IHL 4 words < 5
        assertEquals(ParsedPacket.MALFORMED, parse(bad));
        bad = f.clone();
        bad[14 + 2] = 0; bad[14 + 3] = 10; // total length below header length
        assertEquals(ParsedPacket.MALFORMED, parse(bad));
        bad = f.clone();
        bad[14 + 20 + 12] = (byte) 0xf0; // data offset 60 bytes > segment
        assertEquals(ParsedPacket.MALFORMED, parse(bad));
        bad = f.clone();
        bad[14 + 20 + 12] = 0x40; // data offset 16 < 20
        assertEquals(ParsedPacket.MALFORMED, parse(bad));
        // a TCP option whose length overruns the header
        byte[] l4 = tcp(1, 2, 3, 4, 0, new byte[]{2, 40, 0, 0}, new byte[0]);
        assertEquals(ParsedPacket.MALFORMED, parse(ipv4(REMOTE, LOCAL, 6, l4, new byte[0], 0, false)));
        // option length 0 (would loop forever if trusted)
        l4 = tcp(1, 2, 3, 4, 0, new byte[]{8, 0, 0, 0}, new byte[0]);
        assertEquals(ParsedPacket.MALFORMED, parse(ipv4(REMOTE, LOCAL, 6, l4, new byte[0], 0, false)));
        // IPv4 option overrunning IHL
        assertEquals(ParsedPacket.MALFORMED, parse(ipv4(REMOTE, LOCAL, 6, new byte[20], new byte[]{7, 9, 0, 0}, 0, false)));
        // UDP length larger than the IP payload
        byte[] u = udp4(REMOTE, 1, LOCAL, 2, new byte[4]);
        u[14 + 20 + 4] = 0x7f;
        assertEquals(ParsedPacket.MALFORMED, parse(u));
        // IPv6 extension header longer than the packet
        byte[] ext = {6, (byte) 200, 0, 0, 0, 0, 0, 0};
        assertEquals(ParsedPacket.MALFORMED, parse(ipv6(V6_A, V6_B, 0, ext, new byte[20], false)));
        // endless chain of extension headers
        byte[] chain = new byte[8 * 10];
        for (int i = 0; i < 10; i++) chain[i * 8] = 60;
        assertEquals(ParsedPacket.MALFORMED, parse(ipv6(V6_A, V6_B, 60, chain, new byte[0], false)));
        // three VLAN tags
        byte[] q = new byte[14 + 12 + 40];
        for (int i = 0; i < 3; i++) { q[12 + 4 * i] = (byte) 0x81; q[13 + 4 * i] = 0; }
        q[24] = 0x08;
        assertEquals(ParsedPacket.MALFORMED, parse(q));
    }

    @Test
    void nonIpIsUnsupportedAndOutOfRangeArgumentsAreMalformed() {
        byte[] arp = new byte[60];
        arp[12] = 0x08; arp[13] = 0x06;
        assertEquals(ParsedPacket.UNSUPPORTED, parse(arp));
        MemorySegment s = MemorySegment.ofArray(new byte[10]);
        assertEquals(ParsedPacket.MALFORMED, PacketParser.parseEthernet(s, 5, 10, p));
        assertEquals(ParsedPacket.MALFORMED, PacketParser.parseEthernet(s, -1, 2, p));
        assertEquals(ParsedPacket.MALFORMED, PacketParser.parseIp(s, 0, 10, p)); // version 0
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(6);
        byte[] base = tcp4(REMOTE, 1, LOCAL, 2, 3, 4, ParsedPacket.ACK, new byte[16]);
        for (int i = 0; i < 200_000; i++) {
            byte[] f = base.clone();
            int flips = 1 + r.nextInt(6);
            for (int k = 0; k < flips; k++) f[r.nextInt(f.length)] = (byte) r.nextInt();
            f = Arrays.copyOf(f, r.nextInt(f.length + 1));
            int st = PacketParser.parseEthernet(MemorySegment.ofArray(f), p);
            if (st == ParsedPacket.OK) {
                assertTrue(p.payloadOffset() + p.payloadLength() <= f.length, "payload inside the frame");
            }
        }
    }
}
