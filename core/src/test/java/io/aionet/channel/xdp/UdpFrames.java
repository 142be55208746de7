package io.aionet.channel.xdp;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Builds complete Ethernet/IPv4/UDP frames with correct checksums, for transmit tests. */
final class UdpFrames {
    private UdpFrames() {}

    static byte[] udp4(byte[] srcMac, byte[] dstMac, InetAddress src, int sport, InetAddress dst, int dport, byte[] payload) {
        int udpLen = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + udpLen);
        b.put(dstMac).put(srcMac).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLen)).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(src.getAddress()).put(dst.getAddress());
        b.putShort((short) sport).putShort((short) dport).putShort((short) udpLen).putShort((short) 0).put(payload);
        byte[] f = b.array();
        int ipSum = fold(sum(f, 14, 20, 0));
        f[24] = (byte) (ipSum >>> 8);
        f[25] = (byte) ipSum;
        long pseudo = sum(f, 26, 8, 0) + 17 + udpLen;
        int udpSum = fold(sum(f, 34, udpLen, pseudo));
        if (udpSum == 0) udpSum = 0xffff;
        f[40] = (byte) (udpSum >>> 8);
        f[41] = (byte) udpSum;
        return f;
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
