package io.aionet.backend.epoll;

import io.aionet.linux.Iovec;
import io.aionet.linux.Msghdr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Continues a {@code sendmsg} after a short send: the engine copies the caller's {@code msghdr} and iovecs
 * into the request's own scratch (once; the caller's stay as given, as io_uring copies them at issue)
 * and moves the copy past the bytes already sent. Short sends of gathered messages are rare (a full
 * socket buffer), so the scratch is made on first need and kept with the recycled request.
 */
final class MessageScratch {
    private MessageScratch() {}

    /** Moves {@code r}'s message past {@code sent} more bytes. */
    static void advance(Request r, long sent) {
        if (!r.scratchInUse) {
            copy(r);
        }
        MemorySegment h = r.scratch;
        long count = h.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen);
        long iovAt = Msghdr.SIZEOF; // the copied iovecs follow the header; msg_iov points at the first left
        long first = (h.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov) - h.address() - iovAt) / Iovec.SIZEOF;
        long i = first;
        long left = sent;
        long end = first + count;
        while (i < end && left > 0) {
            long at = iovAt + i * Iovec.SIZEOF;
            long len = h.get(ValueLayout.JAVA_LONG, at + Iovec.OFFSETOF_iov_len);
            if (left < len) {
                h.set(ValueLayout.JAVA_LONG, at + Iovec.OFFSETOF_iov_base,
                        h.get(ValueLayout.JAVA_LONG, at + Iovec.OFFSETOF_iov_base) + left);
                h.set(ValueLayout.JAVA_LONG, at + Iovec.OFFSETOF_iov_len, len - left);
                left = 0;
            } else {
                left -= len;
                i++;
            }
        }
        h.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, h.address() + iovAt + i * Iovec.SIZEOF);
        h.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen, end - i);
    }

    private static void copy(Request r) {
        MemorySegment src = r.memory;
        long count = src.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen);
        long need = Msghdr.SIZEOF + count * Iovec.SIZEOF;
        if (r.scratch == null || r.scratch.byteSize() < need) {
            r.scratch = Arena.ofAuto().allocate(need, 8);
        }
        MemorySegment h = r.scratch;
        MemorySegment.copy(src, 0, h, 0, Msghdr.SIZEOF);
        long iov = src.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov);
        MemorySegment.copy(MemorySegment.ofAddress(iov).reinterpret(count * Iovec.SIZEOF), 0, h, Msghdr.SIZEOF,
                count * Iovec.SIZEOF);
        h.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, h.address() + Msghdr.SIZEOF);
        r.scratchInUse = true;
    }
}
