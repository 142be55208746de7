package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.linux.Msghdr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Receives datagrams with their senders into buffers the kernel picks from a {@link ReceivePool}:
 * Drepper's {@code sio_recvfrom} with {@code void **buf}, realized as a multishot
 * {@code IORING_OP_RECVMSG} with buffer selection. The kernel writes each datagram into one buffer as
 * <pre>
 *   0   struct io_uring_recvmsg_out { u32 namelen; u32 controllen; u32 payloadlen; u32 flags; }
 *   16  the sender's sockaddr ({@link #NAME_ROOM} bytes reserved, namelen of them used)
 *   44  the payload (payloadlen bytes; MSG_TRUNC in flags when the buffer was too small)
 * </pre>
 * The completion event carries the buffer, the payload length as its result and the
 * {@code recvmsg_out} flags. When the pool runs dry the kernel ends the receive with {@code -ENOBUFS}
 * (datagrams wait in the socket, up to its receive buffer); the receive is re-armed at once when a
 * buffer is back, else a short timer retries until one is.
 */
final class DatagramReceiveOp extends SocketOp {
    /** Bytes reserved for the sender: {@code sizeof(struct sockaddr_in6)}. */
    static final int NAME_ROOM = 28;
    /** Where the payload starts in a received buffer. */
    static final int PAYLOAD_OFFSET = (int) Msghdr.SIZEOF_recvmsg_out + NAME_ROOM;
    /** How long to wait before looking again for a released buffer after {@code -ENOBUFS}. */
    static final long STARVED_RETRY_NANOS = 200_000L;

    private final int fd;
    private final MemorySegment msghdr;
    private ReceivePool pool;
    private long tag;
    private boolean armed;
    private boolean timerPending;
    private boolean ended;

    DatagramReceiveOp(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
        // read by the kernel at each arm (it only takes the name and control sizes from it)
        this.msghdr = Arena.ofAuto().allocate(Msghdr.SIZEOF, 8);
        msghdr.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen, NAME_ROOM);
    }

    void start(ReceivePool pool, long tag) {
        if (this.pool != null) {
            throw new IllegalStateException("this socket already receives into a pool");
        }
        if (pool.bufferSize() <= PAYLOAD_OFFSET) {
            throw new IllegalArgumentException("pool buffers of " + pool.bufferSize()
                    + " bytes leave no room for a payload after the " + PAYLOAD_OFFSET + "-byte header");
        }
        if (pool.isIncremental()) {
            // An incremental ring hands out the rest of a partly used buffer, however short: a datagram
            // longer than that rest would be cut (MSG_TRUNC) and its tail lost.
            throw new IllegalArgumentException("datagrams need a pool of whole buffers, not an incremental one"
                    + " (IOU_PBUF_RING_INC truncates a datagram that does not fit the rest of a buffer)");
        }
        this.pool = pool;
        this.tag = tag;
        arm();
    }

    private void arm() {
        armed = true;
        track(sqe().prepRecvmsgMultishot(fd, msghdr, pool.bgid(), 0));
    }

    boolean isStarted() {
        return pool != null;
    }

    @Override
    protected void completed(int res, int flags, boolean more) {
        if (!armed && timerPending) {
            // the retry timer (res -ETIME): look again for a released buffer
            timerPending = false;
            if (!isDetached()) {
                rearmOrWait();
            }
            return;
        }
        Buffer b = pool.take(res, flags);
        if (b != null) {
            if (isDetached()) {
                b.release();
            } else {
                int payload = b.length() < PAYLOAD_OFFSET ? -1
                        : io.aionet.internal.wire.RecvmsgOut.payloadLength(u32(b, 8), b.length(), PAYLOAD_OFFSET);
                if (payload < 0) {
                    b.release(); // shorter than the header the kernel writes first: nothing to hand over
                } else {
                    emit(EventKind.COMPLETION, tag, payload, u32(b, 12), b);
                }
            }
        }
        if (more) {
            return;
        }
        armed = false;
        if (isDetached() || ended) {
            return;
        }
        if (res == -Errno.ENOBUFS || res >= 0) {
            rearmOrWait(); // ran dry, or the kernel ended the multishot early (CQ overflow): go on
        } else {
            ended = true;
            if (res != -Errno.ECANCELED) {
                emit(EventKind.COMPLETION, tag, res, 0, null);
            }
        }
    }

    private void rearmOrWait() {
        pool.drainReleased();
        if (pool.available() > 0) {
            arm();
        } else {
            timerPending = true;
            track(sqe().prepTimeout(STARVED_RETRY_NANOS, 0, 0));
        }
    }

    /**
     * A native-endian (x86-64, arm64: little-endian) u32 of the kernel's header at {@code off}, read
     * byte by byte: received buffers may start at any byte, and this makes no view object.
     */
    static int u32(Buffer b, int off) {
        return Byte.toUnsignedInt(b.get(off)) | Byte.toUnsignedInt(b.get(off + 1)) << 8
                | Byte.toUnsignedInt(b.get(off + 2)) << 16 | Byte.toUnsignedInt(b.get(off + 3)) << 24;
    }

    void close() {
        detach();
    }
}
