package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.linux.Iovec;
import io.aionet.linux.Msghdr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;


/**
 * One receive of a datagram and its sender into memory the caller gives (as opposed to
 * {@link DatagramPoolReceiveOp}, into pool buffers): Drepper's
 * {@code sio_recvfrom} ({@code IORING_OP_RECVMSG} with {@code msg_name}). One at a time per socket; the
 * sender stays readable through {@link #sender()} until the next receive starts.
 */
final class DatagramReceiveIntoOp extends SocketOp {
    private static final long IOV = 64;
    private static final long NAME = 128;

    private final int fd;
    private final MemorySegment mem;
    private long tag;
    private boolean pending;
    private boolean timed;
    private int nameLength;

    DatagramReceiveIntoOp(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
        this.mem = Arena.ofAuto().allocate(NAME + SocketAddresses.MAX_SIZE, 8);
        mem.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_name, mem.address() + NAME);
        mem.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, mem.address() + IOV);
        mem.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen, 1);
    }

    void start(MemorySegment into, long offset, int length, long timeoutNanos, long tag) {
        if (pending) {
            throw new IllegalStateException("a receive into caller memory is already pending on this socket");
        }
        this.tag = tag;
        this.pending = true;
        this.timed = timeoutNanos > 0;
        this.nameLength = 0;
        mem.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen, SocketAddresses.MAX_SIZE);
        mem.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_flags, 0);
        mem.set(ValueLayout.JAVA_LONG, IOV + Iovec.OFFSETOF_iov_base, into.address() + offset);
        mem.set(ValueLayout.JAVA_LONG, IOV + Iovec.OFFSETOF_iov_len, length);
        backend().recvmsg(request(0), fd, mem, 0, timeoutNanos);
    }

    @Override
    protected void completed(int sub, int res, int flags, boolean more) {
        pending = false;
        int r = res == -Errno.ECANCELED && timed ? -Errno.ETIMEDOUT : res;
        int msgFlags = 0;
        if (res >= 0) {
            // the kernel wrote back msg_namelen and msg_flags before posting the completion
            nameLength = mem.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen);
            msgFlags = mem.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_flags);
        }
        emit(EventKind.COMPLETION, tag, r, msgFlags, null);
    }

    /** The sender of the last completed receive, or null. */
    SocketAddress sender() {
        return nameLength == 0 ? null : SocketAddresses.read(mem.asSlice(NAME, SocketAddresses.MAX_SIZE), nameLength);
    }

    /** The port of the last sender, or -1; allocates nothing. */
    int senderPort() {
        if (nameLength < 4 || mem.get(ValueLayout.JAVA_SHORT, NAME) == io.aionet.linux.Sockets.AF_UNIX) {
            return -1; // none, or a Unix-domain sender: a path, no port
        }
        return Short.toUnsignedInt(Short.reverseBytes(mem.get(ValueLayout.JAVA_SHORT, NAME + 2)));
    }

    void close() {
        detach();
    }
}
