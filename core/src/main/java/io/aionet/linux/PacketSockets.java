package io.aionet.linux;

import io.aionet.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_POINTER;

/**
 * AF_PACKET constants ({@code <linux/if_packet.h>}, {@code <linux/if_ether.h>}) and
 * {@code if_nametoindex}: what the mmap'd receive ring of Van Jacobson's net channels is built from.
 * Results follow the package convention: value or {@code -errno}.
 */
public final class PacketSockets {
    private PacketSockets() {}

    /** {@code SOL_PACKET}: the socket-option level of packet sockets. */
    public static final int SOL_PACKET = 263;

    // setsockopt/getsockopt names at SOL_PACKET
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    public static final int PACKET_RX_RING = 5;
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_VERSION = 10;
    public static final int PACKET_HDRLEN = 11;
    public static final int PACKET_RESERVE = 12;
    public static final int PACKET_FANOUT = 18;
    public static final int PACKET_IGNORE_OUTGOING = 23;

    // tpacket versions
    public static final int TPACKET_V1 = 0;
    public static final int TPACKET_V2 = 1;
    public static final int TPACKET_V3 = 2;

    // block_status / tp_status bits
    public static final int TP_STATUS_KERNEL = 0;
    public static final int TP_STATUS_USER = 1 << 0;
    public static final int TP_STATUS_COPY = 1 << 1;
    public static final int TP_STATUS_LOSING = 1 << 2;
    public static final int TP_STATUS_CSUMNOTREADY = 1 << 3;
    public static final int TP_STATUS_VLAN_VALID = 1 << 4;
    public static final int TP_STATUS_BLK_TMO = 1 << 5;
    public static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;
    public static final int TP_STATUS_CSUM_VALID = 1 << 7;

    // sll_pkttype
    public static final int PACKET_HOST = 0;
    public static final int PACKET_BROADCAST = 1;
    public static final int PACKET_MULTICAST = 2;
    public static final int PACKET_OTHERHOST = 3;
    public static final int PACKET_OUTGOING = 4;

    // PACKET_FANOUT modes and flags (the option value is group id | (mode | flags) << 16)
    public static final int PACKET_FANOUT_HASH = 0;
    public static final int PACKET_FANOUT_LB = 1;
    public static final int PACKET_FANOUT_CPU = 2;
    public static final int PACKET_FANOUT_ROLLOVER = 3;
    public static final int PACKET_FANOUT_RND = 4;
    public static final int PACKET_FANOUT_QM = 5;
    public static final int PACKET_FANOUT_FLAG_ROLLOVER = 0x1000;
    /** The group's own hook ignores outgoing packets (a member's PACKET_IGNORE_OUTGOING does not carry over). */
    public static final int PACKET_FANOUT_FLAG_IGNORE_OUTGOING = 0x4000;
    public static final int PACKET_FANOUT_FLAG_DEFRAG = 0x8000;

    // EtherTypes (host order; sockets take them in network order, see htons)
    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_IPV6 = 0x86DD;

    /** {@code TPACKET_ALIGNMENT}. */
    public static final int TPACKET_ALIGNMENT = 16;

    private static final MethodHandle IF_NAMETOINDEX = Native.downcall("if_nametoindex",
            FunctionDescriptor.of(C_INT, C_POINTER), false);
    private static final MethodHandle POLL = Native.downcall("poll",
            FunctionDescriptor.of(C_INT, C_POINTER, Native.C_LONG, C_INT), false);

    /** {@code sizeof(struct pollfd)}: {@code {int fd; short events; short revents;}}. */
    public static final long SIZEOF_pollfd = 8;

    /**
     * {@code poll(pfd, 1, timeout)} over a caller-owned {@code struct pollfd} (no allocation per wait,
     * unlike {@link Fds#poll}): the {@code revents}, 0 on timeout, or -errno. The caller has filled in
     * {@code fd} and {@code events}.
     */
    public static int poll(MemorySegment pollfd, int timeoutMillis) {
        MemorySegment c = Native.errnoSegment();
        try {
            int r = Native.result((int) POLL.invokeExact(c, pollfd, 1L, timeoutMillis), c);
            return r <= 0 ? r : Short.toUnsignedInt(pollfd.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 6));
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code htons}: the 16-bit value in network byte order, as the kernel wants protocols. */
    public static short htons(int v) {
        return Short.reverseBytes((short) v);
    }

    /**
     * {@code if_nametoindex(name)}: the interface index, or -errno ({@code -ENODEV} for no such
     * interface).
     *
     * @throws IllegalArgumentException when {@code name} is empty, longer than {@code IFNAMSIZ - 1} or has a NUL
     */
    public static int ifNameToIndex(String name) {
        if (name == null || name.isEmpty() || name.length() > 15 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad interface name: " + name);
        }
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            int r = (int) IF_NAMETOINDEX.invokeExact(c, a.allocateFrom(name));
            if (r == 0) {
                int e = Native.errno(c);
                return -(e == 0 ? Errno.ENODEV : e);
            }
            return r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
