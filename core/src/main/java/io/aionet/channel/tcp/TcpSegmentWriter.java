package io.aionet.channel.tcp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writes the control segments a receiving TCP endpoint sends (SYN-ACK, ACK, window update, FIN, RST)
 * as whole Ethernet/IPv4/TCP frames in place, with the IPv4 header checksum and the TCP checksum over
 * the pseudo-header computed in Java: nothing the device might not offload is left to it.
 */
final class TcpSegmentWriter {
    private TcpSegmentWriter() {}

    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Ethernet + IPv4 + TCP without options. */
    static final int HEADERS = 14 + 20 + 20;

    /**
     * Writes one segment into {@code f} from offset 0.
     *
     * @param srcMac the 48-bit MAC addresses in the low bits, most significant byte first
     * @param mss    a maximum segment size option when &gt; 0 (SYN-ACK only)
     * @return the frame's length
     */
    static int write(MemorySegment f, long srcMac, long dstMac, int srcIp, int dstIp, int sport, int dport,
                     int seq, int ack, int flags, int window, int mss) {
        mac(f, 0, dstMac);
        mac(f, 6, srcMac);
        f.set(BE16, 12, (short) 0x0800);
        int tcpLen = mss > 0 ? 24 : 20;
        int ipLen = 20 + tcpLen;
        // IPv4
        f.set(ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
        f.set(ValueLayout.JAVA_BYTE, 15, (byte) 0);
        f.set(BE16, 16, (short) ipLen);
        f.set(BE16, 18, (short) 0);
        f.set(BE16, 20, (short) 0x4000); // DF
        f.set(ValueLayout.JAVA_BYTE, 22, (byte) 64);
        f.set(ValueLayout.JAVA_BYTE, 23, (byte) 6);
        f.set(BE16, 24, (short) 0);
        f.set(BE32, 26, srcIp);
        f.set(BE32, 30, dstIp);
        f.set(BE16, 24, (short) fold(sum(f, 14, 20, 0)));
        // TCP
        int t = 34;
        f.set(BE16, t, (short) sport);
        f.set(BE16, t + 2, (short) dport);
        f.set(BE32, t + 4, seq);
        f.set(BE32, t + 8, ack);
        f.set(ValueLayout.JAVA_BYTE, t + 12, (byte) ((tcpLen / 4) << 4));
        f.set(ValueLayout.JAVA_BYTE, t + 13, (byte) flags);
        f.set(BE16, t + 14, (short) window);
        f.set(BE16, t + 16, (short) 0);
        f.set(BE16, t + 18, (short) 0);
        if (mss > 0) {
            f.set(ValueLayout.JAVA_BYTE, t + 20, (byte) 2);
            f.set(ValueLayout.JAVA_BYTE, t + 21, (byte) 4);
            f.set(BE16, t + 22, (short) mss);
        }
        long pseudo = (srcIp >>> 16) + (srcIp & 0xffff) + (dstIp >>> 16) + (dstIp & 0xffff) + 6 + tcpLen;
        f.set(BE16, t + 16, (short) fold(sum(f, t, tcpLen, pseudo)));
        return 14 + ipLen;
    }

    private static void mac(MemorySegment f, long off, long mac) {
        for (int i = 0; i < 6; i++) {
            f.set(ValueLayout.JAVA_BYTE, off + i, (byte) (mac >>> (40 - 8 * i)));
        }
    }

    /** Reads a MAC address at {@code off} of {@code m} into the low 48 bits of a long. */
    static long readMac(MemorySegment m, long off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (m.get(ValueLayout.JAVA_BYTE, off + i) & 0xff);
        }
        return v;
    }

    /** One's-complement sum of 16-bit big-endian words of {@code [off, off+len)}, added to {@code acc}. */
    static long sum(MemorySegment m, long off, int len, long acc) {
        int i = 0;
        for (; i + 1 < len; i += 2) {
            acc += Short.toUnsignedInt(m.get(BE16, off + i));
        }
        if (i < len) {
            acc += (m.get(ValueLayout.JAVA_BYTE, off + i) & 0xff) << 8;
        }
        return acc;
    }

    /** Folds a sum to 16 bits and complements it. */
    static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }
}
