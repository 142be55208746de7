package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.linux.Iovec;
import io.aionet.linux.Msghdr;
import io.aionet.linux.Sockets;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One in-flight datagram send ({@code IORING_OP_SENDMSG}): Drepper's {@code sio_sendto}. Each slot is
 * its own operation (its own {@code user_data}), because datagram sends may complete out of order; it
 * owns {@link #SIZE} bytes of native memory laid out as
 * <pre>
 *   0   struct msghdr   (56 B; msg_name → 128, msg_iov → 64, msg_iovlen 1)
 *   64  struct iovec    (16 B)
 *   128 struct sockaddr (room for 128 B; sockaddr_in / sockaddr_in6)
 * </pre>
 * Slots are taken from and returned to a {@link DatagramSends} pool, so a datagram costs no allocation
 * once the pool has grown to the number of sends the program keeps in flight.
 */
final class DatagramSendSlot extends SocketOp {
    static final long SIZE = 256;
    private static final long IOV = 64;
    private static final long NAME = 128;

    private final DatagramSends pool;
    private final int fd;
    final MemorySegment mem;
    private long tag;
    private Buffer buffer;

    DatagramSendSlot(EventChannel channel, DatagramSends pool, int fd, MemorySegment mem) {
        super(channel);
        this.pool = pool;
        this.fd = fd;
        this.mem = mem;
        mem.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, mem.address() + IOV);
        mem.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen, 1);
    }

    /** Room for the destination: write {@code sockaddr} bytes here, then pass their length to {@link #send}. */
    MemorySegment name() {
        return mem.asSlice(NAME, SocketAddresses.MAX_SIZE);
    }

    /**
     * Submits the send of {@code length} bytes at {@code address}.
     *
     * @param nameLength the length of the destination written into {@link #name()}, or 0 for the
     *                   connected peer
     * @param buffer     a DMA buffer lent to the kernel for this send (given back on completion), or null
     */
    void send(long address, int length, int nameLength, long tag, Buffer buffer) {
        this.tag = tag;
        this.buffer = buffer;
        mem.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_name, nameLength == 0 ? 0 : mem.address() + NAME);
        mem.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen, nameLength);
        mem.set(ValueLayout.JAVA_LONG, IOV + Iovec.OFFSETOF_iov_base, address);
        mem.set(ValueLayout.JAVA_LONG, IOV + Iovec.OFFSETOF_iov_len, length);
        // plain stores: the submit's store-release publishes them with the request
        backend().sendmsg(request(0), fd, mem, Sockets.MSG_NOSIGNAL);
    }

    @Override
    protected void completed(int sub, int res, int flags, boolean more) {
        Buffer b = buffer;
        buffer = null;
        if (b != null) {
            DmaSpi.giveBack(b, true); // the kernel is done with it: back to its area
        }
        long t = tag;
        if (!isDetached()) {
            pool.free(this);
        }
        emit(EventKind.COMPLETION, t, res, 0, null);
    }

    void close() {
        detach();
    }
}
