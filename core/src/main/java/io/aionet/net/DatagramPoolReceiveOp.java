package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.linux.Msghdr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Receives datagrams with their senders into buffers the kernel picks from a {@link ReceivePool}
 * (as opposed to {@link DatagramReceiveIntoOp}, into caller memory): Drepper's {@code sio_recvfrom}
 * with {@code void **buf}, realized as a multishot {@code IORING_OP_RECVMSG} with buffer selection. The
 * kernel writes each datagram into one buffer as
 * <pre>
 *   0   struct io_uring_recvmsg_out { u32 namelen; u32 controllen; u32 payloadlen; u32 flags; }
 *   16  the sender's sockaddr ({@link #NAME_ROOM} bytes reserved, namelen of them used;
 *       a Unix socket's {@link #UNIX_NAME_ROOM}, and the buffer is marked so: {@link DmaSpi#nameRoom})
 *   44  the payload (payloadlen bytes; MSG_TRUNC in flags when the buffer was too small); 128 for Unix
 * </pre>
 * The completion event carries the buffer, the payload length as its result and the
 * {@code recvmsg_out} flags. When the pool runs dry the receive ends with {@code -ENOBUFS} (datagrams
 * wait in the socket, up to its receive buffer) and the pool calls it back once a buffer is back.
 */
final class DatagramPoolReceiveOp extends PoolReceive {
    /** Bytes reserved for the sender: {@code sizeof(struct sockaddr_in6)}. */
    static final int NAME_ROOM = 28;
    /** Bytes reserved for a Unix socket's sender: {@code sizeof(struct sockaddr_un)} (110), rounded up to 8. */
    static final int UNIX_NAME_ROOM = 112;
    /** Where the payload starts in a received buffer. */
    static final int PAYLOAD_OFFSET = (int) Msghdr.SIZEOF_recvmsg_out + NAME_ROOM;

    private final MemorySegment msghdr;
    private final int nameRoom;

    DatagramPoolReceiveOp(EventChannel channel, int fd, boolean unix) {
        super(channel, fd);
        this.nameRoom = unix ? UNIX_NAME_ROOM : NAME_ROOM;
        // read by the kernel at each arm (it only takes the name and control sizes from it)
        this.msghdr = Arena.ofAuto().allocate(Msghdr.SIZEOF, 8);
        msghdr.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen, nameRoom);
    }

    /** Where the payload starts in {@code b}, a buffer this kind of receive delivered. */
    static int payloadOffset(Buffer b) {
        int room = DmaSpi.nameRoom(b);
        return (int) Msghdr.SIZEOF_recvmsg_out + (room == 0 ? NAME_ROOM : room);
    }

    /** The sender's room in {@code b}. */
    static int nameRoom(Buffer b) {
        int room = DmaSpi.nameRoom(b);
        return room == 0 ? NAME_ROOM : room;
    }

    @Override
    void check(ReceivePool pool) {
        int header = (int) Msghdr.SIZEOF_recvmsg_out + nameRoom;
        if (pool.bufferSize() <= header) {
            throw new IllegalArgumentException("pool buffers of " + pool.bufferSize()
                    + " bytes leave no room for a payload after the " + header + "-byte header");
        }
        if (pool.isIncremental()) {
            // An incremental group hands out the rest of a partly used buffer, however short: a datagram
            // longer than that rest would be cut (MSG_TRUNC) and its tail lost.
            throw new IllegalArgumentException("datagrams need a pool of whole buffers, not an incremental one"
                    + " (IOU_PBUF_RING_INC truncates a datagram that does not fit the rest of a buffer)");
        }
    }

    @Override
    void receive(long userData) {
        backend().recvmsgMultishot(userData, fd, msghdr, DmaSpi.group(pool), 0);
    }

    @Override
    void deliver(Buffer b, int res, int flags) {
        int header = (int) Msghdr.SIZEOF_recvmsg_out + nameRoom;
        int payload = b.length() < header ? -1
                : io.aionet.internal.wire.RecvmsgOut.payloadLength(u32(b, 8), b.length(), header);
        if (nameRoom != NAME_ROOM) {
            DmaSpi.nameRoom(b, nameRoom); // the static accessors find the payload after the longer name
        }
        if (payload < 0) {
            b.release(); // shorter than the header the kernel writes first: nothing to hand over
        } else {
            emit(EventKind.COMPLETION, tag, payload, u32(b, 12), b);
        }
    }

    @Override
    boolean endsAtZero() {
        return false; // a zero-length datagram is no end of stream: the receive goes on
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
        stop();
        detach();
    }
}
