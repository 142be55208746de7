package io.aionet.backend.epoll;

import io.aionet.linux.Msghdr;
import io.aionet.linux.SockExtendedErr;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.aionet.linux.SockExtendedErr.IPV6_RECVERR;
import static io.aionet.linux.SockExtendedErr.IP_RECVERR;
import static io.aionet.linux.SockExtendedErr.SOL_IP;
import static io.aionet.linux.SockExtendedErr.SOL_IPV6;

/**
 * Reads {@code MSG_ZEROCOPY} completions from a socket's error queue
 * ({@code recvmsg(fd, MSG_ERRQUEUE)}, one {@link SockExtendedErr} per control message) and hands each
 * completed range of sequence numbers to a {@link RangeSink}. Polyakov's and Drepper's "the buffer comes
 * back on notification", on the pre-io_uring kernel interface. One scratch header and control buffer,
 * reused: no allocation per read.
 */
final class ZeroCopyNotifications {
    /** Receives one completed range {@code [lo, hi]} (inclusive, 32-bit wrapping) of a socket's zero-copy sends. */
    interface RangeSink {
        void completed(Descriptor d, int lo, int hi, boolean copied);
    }

    private static final int CONTROL_ROOM = 256;
    private final MemorySegment header;
    private final MemorySegment control;

    ZeroCopyNotifications(Arena arena) {
        header = arena.allocate(Msghdr.LAYOUT);
        control = arena.allocate(CONTROL_ROOM, 8);
    }

    /** Reads the error queue of {@code d} until it is empty; returns the number of ranges seen. */
    int drain(Descriptor d, RangeSink sink) {
        int ranges = 0;
        for (;;) {
            header.fill((byte) 0);
            header.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_control, control.address());
            header.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_controllen, CONTROL_ROOM);
            long n = Sockets.recvmsg(d.fd, header, Sockets.MSG_ERRQUEUE | Sockets.MSG_DONTWAIT);
            if (n < 0) {
                return ranges; // -EAGAIN: the queue is empty (anything else: nothing more to read either)
            }
            long length = header.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_controllen);
            long off = 0;
            while (off + SockExtendedErr.SIZEOF_cmsghdr <= length) {
                long cmsgLen = control.get(ValueLayout.JAVA_LONG, off + SockExtendedErr.OFFSETOF_cmsg_len);
                if (cmsgLen < SockExtendedErr.SIZEOF_cmsghdr || off + cmsgLen > length) {
                    break;
                }
                int level = control.get(ValueLayout.JAVA_INT, off + SockExtendedErr.OFFSETOF_cmsg_level);
                int type = control.get(ValueLayout.JAVA_INT, off + SockExtendedErr.OFFSETOF_cmsg_type);
                long data = off + SockExtendedErr.SIZEOF_cmsghdr;
                if (((level == SOL_IP && type == IP_RECVERR) || (level == SOL_IPV6 && type == IPV6_RECVERR))
                        && cmsgLen >= SockExtendedErr.SIZEOF_cmsghdr + SockExtendedErr.SIZEOF) {
                    int origin = control.get(ValueLayout.JAVA_BYTE, data + SockExtendedErr.OFFSETOF_ee_origin) & 0xff;
                    int errno = control.get(ValueLayout.JAVA_INT, data + SockExtendedErr.OFFSETOF_ee_errno);
                    if (origin == SockExtendedErr.SO_EE_ORIGIN_ZEROCOPY && errno == 0) {
                        int code = control.get(ValueLayout.JAVA_BYTE, data + SockExtendedErr.OFFSETOF_ee_code) & 0xff;
                        int lo = control.get(ValueLayout.JAVA_INT, data + SockExtendedErr.OFFSETOF_ee_info);
                        int hi = control.get(ValueLayout.JAVA_INT, data + SockExtendedErr.OFFSETOF_ee_data);
                        sink.completed(d, lo, hi, (code & SockExtendedErr.SO_EE_CODE_ZEROCOPY_COPIED) != 0);
                        ranges++;
                    }
                }
                off += SockExtendedErr.cmsgAlign(cmsgLen);
            }
        }
    }
}
