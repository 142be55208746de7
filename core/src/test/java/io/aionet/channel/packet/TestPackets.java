package io.aionet.channel.packet;

import java.nio.ByteBuffer;

/** Builds Ethernet frames for tests: IPv4/IPv6, TCP/UDP, optional VLAN tag, IP options, TCP options. */
public final class TestPackets {
    private TestPackets() {}

    public static final int LOCAL = 0x7f000001;
    public static final int REMOTE = 0x0a000002;
    public static final byte[] V6_A = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    public static final byte[] V6_B = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

    /** A TCP segment over IPv4 in Ethernet. */
    public static byte[] tcp4(int src, int sport, int dst, int dport, int seq, int ack, int flags, byte[] payload) {
        return ipv4(src, dst, 6, tcp(sport, dport, seq, ack, flags, new byte[0], payload), new byte[0], 0, false);
    }

    /** A UDP datagram over IPv4 in Ethernet. */
    public static byte[] udp4(int src, int sport, int dst, int dport, byte[] payload) {
        return ipv4(src, dst, 17, udp(sport, dport, payload), new byte[0], 0, false);
    }

    /** A TCP segment over IPv6 in Ethernet, with optional extension headers already encoded. */
    public static byte[] tcp6(byte[] src, int sport, byte[] dst, int dport, int seq, int ack, int flags, byte[] payload) {
        return ipv6(src, dst, 6, new byte[0], tcp(sport, dport, seq, ack, flags, new byte[0], payload), false);
    }

    public static byte[] tcp(int sport, int dport, int seq, int ack, int flags, byte[] options, byte[] payload) {
        int hl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(hl + payload.length);
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack)
                .put((byte) ((hl / 4) << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0)
                .put(options).put(payload);
        return b.array();
    }

    public static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return b.array();
    }

    /** IPv4 in Ethernet; {@code fragOffset} in 8-byte units; {@code vlan} adds an 802.1Q tag (id 42). */
    public static byte[] ipv4(int src, int dst, int proto, byte[] l4, byte[] options, int fragOffset, boolean vlan) {
        int hl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate((vlan ? 18 : 14) + hl + l4.length);
        b.put(new byte[12]);
        if (vlan) {
            b.putShort((short) 0x8100).putShort((short) 42);
        }
        b.putShort((short) 0x0800);
        b.put((byte) (0x40 | hl / 4)).put((byte) 0).putShort((short) (hl + l4.length)).putShort((short) 1)
                .putShort((short) fragOffset).put((byte) 64).put((byte) proto).putShort((short) 0)
                .putInt(src).putInt(dst).put(options).put(l4);
        return b.array();
    }

    /** IPv6 in Ethernet; {@code ext} is a chain of extension headers whose first next-header is given. */
    public static byte[] ipv6(byte[] src, byte[] dst, int firstNext, byte[] ext, byte[] l4, boolean vlan) {
        ByteBuffer b = ByteBuffer.allocate((vlan ? 18 : 14) + 40 + ext.length + l4.length);
        b.put(new byte[12]);
        if (vlan) {
            b.putShort((short) 0x8100).putShort((short) 42);
        }
        b.putShort((short) 0x86DD);
        b.putInt(0x60000000).putShort((short) (ext.length + l4.length)).put((byte) firstNext).put((byte) 64)
                .put(src).put(dst).put(ext).put(l4);
        return b.array();
    }

    public static byte[] bytes(int n, int seed) {
        byte[] a = new byte[n];
        new java.util.Random(seed).nextBytes(a);
        return a;
    }
}
