package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventChannel;
import io.aionet.LinuxException;
import io.aionet.linux.SockaddrIn6;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.SocketAddress;


/**
 * A datagram socket — UDP over IPv4 or IPv6, or Unix-domain ({@code AF_UNIX}, {@code SOCK_DGRAM}) — whose
 * every operation completes as an {@link io.aionet.event.Event} of
 * kind {@link io.aionet.event.EventKind#COMPLETION} on its event channel — the datagram half of
 * Drepper's asynchronous socket calls ({@code sio_sendto}, {@code sio_recvfrom}) with {@code SIGEV_EC}:
 * <ul>
 *   <li>{@link #sendTo(MemorySegment, SocketAddress, long)}, {@link #sendTo(Buffer, SocketAddress, long)}:
 *       {@code sio_sendto}, an {@code IORING_OP_SENDMSG} with {@code msg_name}. Each send in flight uses one
 *       slot (msghdr, iovec, sockaddr) of a small per-socket pool that grows only when more sends are
 *       in flight than ever before: in steady state a datagram costs no allocation. The destination is
 *       encoded once per {@link SocketAddress} instance (sending to the same instance again copies its
 *       cached bytes); {@link #replyTo(Buffer, MemorySegment, long)} answers a received datagram's
 *       sender without any Java address object at all.</li>
 *   <li>{@link #receiveFrom(ReceivePool, long)}: {@code sio_recvfrom(sock, void **buf, …)}, datagrams
 *       into buffers the kernel picks (multishot {@code IORING_OP_RECVMSG} with buffer selection).
 *       Each completion's {@link io.aionet.event.Event#buffer()} holds the kernel's
 *       {@code struct io_uring_recvmsg_out}, the sender, then the payload; the event's result is the
 *       payload length. <b>How the sender is delivered:</b> it stays inside the received buffer, and the
 *       static accessors {@link #payload(Buffer)}, {@link #payloadLength(Buffer)},
 *       {@link #senderPort(Buffer)} and {@link #sender(Buffer)} decode it on demand — nothing is
 *       allocated per datagram unless the program asks for a {@link SocketAddress}.</li>
 *   <li>{@link #receiveFrom(MemorySegment, long, int, long, long)}: {@code sio_recvfrom} into caller
 *       memory; the sender of the last such receive is {@link #lastSender()}.</li>
 *   <li>{@link #connect(SocketAddress)} sets a default peer; then {@link #send(MemorySegment, long)} and
 *       {@link #receive(ReceivePool, long)} / {@link #receive(MemorySegment, long, int, long, long)}.</li>
 * </ul>
 * Datagrams need a pool of whole buffers: with incremental consumption the kernel would cut a datagram
 * that does not fit the rest of a partly used buffer.
 * A Unix-domain socket ({@link #open(EventChannel, SocketAddress)} with a
 * {@link java.net.UnixDomainSocketAddress}) sends to and receives from other Unix datagram sockets by
 * path; its received buffers reserve room for a whole {@code sockaddr_un}, so their payload starts at
 * {@link #UNIX_PAYLOAD_OFFSET} (the accessors know), and its datagrams are not held to UDP's size limit
 * (the socket's send buffer is). Closing it leaves its path in the file system, as the JDK's sockets do.
 * An IPv6 socket sends to IPv4 destinations through their IPv4-mapped addresses
 * ({@code ::ffff:a.b.c.d}) unless {@code IPV6_V6ONLY} is set; their senders then read as such.
 * Results: bytes sent or received, or {@code -errno}. Event flags of receives: {@code MSG_TRUNC}
 * ({@link Sockets#MSG_TRUNC}) when the datagram did not fit. All methods run on the channel's owner
 * thread. Close the socket before the {@link ReceivePool} it receives into.
 *
 * {@snippet :
 * AsyncDatagramSocket udp = AsyncDatagramSocket.open(channel, local);
 * udp.receiveFrom(pool, RECEIVED);
 * Event e = nextCompletion(channel, RECEIVED);               // a datagram and its sender
 * Buffer b = e.buffer();
 * udp.replyTo(b, AsyncDatagramSocket.payload(b), ECHOED);   // echo to the sender
 * nextCompletion(channel, ECHOED);                           // the reply has left
 * b.release();
 * udp.close();
 * }
 */
public final class AsyncDatagramSocket implements AutoCloseable {
    /** Where the payload starts in a buffer received by {@link #receiveFrom(ReceivePool, long)}. */
    public static final int PAYLOAD_OFFSET = DatagramPoolReceiveOp.PAYLOAD_OFFSET;
    /** Where the payload starts in a buffer a Unix-domain socket received by {@link #receiveFrom(ReceivePool, long)}. */
    public static final int UNIX_PAYLOAD_OFFSET = (int) io.aionet.linux.Msghdr.SIZEOF_recvmsg_out + DatagramPoolReceiveOp.UNIX_NAME_ROOM;
    /** The largest UDP payload (65,535 minus the IPv4 and UDP headers). */
    public static final int MAX_PAYLOAD = 65_507;

    private final EventChannel channel;
    private final int fd;
    private final int family;
    private final DatagramSends sends;
    private final DatagramPoolReceiveOp receivesFrom;
    private final DatagramReceiveIntoOp recvsFrom;
    private final PoolReceiveOp receives;
    private final ReceiveIntoOp recvs;
    private final SimpleOp misc;
    private final MemorySegment destCache = Arena.ofAuto().allocate(SocketAddresses.MAX_SIZE, 8);
    private SocketAddress cachedDest;
    private final byte[] nameScratch = new byte[DatagramPoolReceiveOp.UNIX_NAME_ROOM];
    private int cachedDestLength;
    private boolean connected;
    private boolean closed;
    private FlowHookSupport flow;
    /** Open-resource accounting and the opt-in leak detector. */
    private final io.aionet.internal.Resources.Handle tracker;

    private AsyncDatagramSocket(EventChannel channel, int fd, int family) {
        this.channel = channel;
        this.fd = fd;
        this.family = family;
        this.sends = new DatagramSends(channel, fd);
        this.receivesFrom = new DatagramPoolReceiveOp(channel, fd, family == Sockets.AF_UNIX);
        this.recvsFrom = new DatagramReceiveIntoOp(channel, fd);
        this.receives = new PoolReceiveOp(channel, fd);
        this.recvs = new ReceiveIntoOp(channel, fd);
        this.misc = new SimpleOp(channel);
        this.tracker = io.aionet.internal.Resources.track(io.aionet.internal.Resources.Kind.DATAGRAM_SOCKET, this, "AsyncDatagramSocket[fd=" + fd + "]");
    }

    /**
     * Opens a datagram socket bound to {@code bindAddress}: a UDP socket for a resolved
     * {@link InetSocketAddress} (port 0: an ephemeral port; see {@link #localAddress()}; an IPv6 wildcard
     * socket also receives IPv4 traffic, as mapped addresses), a Unix-domain datagram socket for a
     * {@link java.net.UnixDomainSocketAddress} (the path must not exist yet). Call on the channel's owner
     * thread; the socket's operations complete on {@code channel}.
     *
     * @param channel     the channel the socket's operations complete on
     * @param bindAddress the local address, a resolved {@link InetSocketAddress} or a
     *                    {@link java.net.UnixDomainSocketAddress}
     * @return the bound socket
     * @throws IllegalArgumentException when the address is of neither kind, or unresolved
     * @throws LinuxException           e.g. {@code EADDRINUSE}
     */
    public static AsyncDatagramSocket open(EventChannel channel, SocketAddress bindAddress) throws LinuxException {
        java.util.Objects.requireNonNull(channel, "channel");
        java.util.Objects.requireNonNull(bindAddress, "bindAddress");
        if (!(bindAddress instanceof InetSocketAddress) && !(bindAddress instanceof java.net.UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("a datagram socket binds to an InetSocketAddress or a UnixDomainSocketAddress, not "
                    + bindAddress.getClass().getName());
        }
        int family = SocketAddresses.family(bindAddress);
        int fd = SocketFds.open(family, Sockets.SOCK_DGRAM);
        try {
            SocketFds.bind(fd, bindAddress);
            return new AsyncDatagramSocket(channel, fd, family);
        } catch (LinuxException | RuntimeException e) {
            SocketFds.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Opens a UDP socket with a channel option: {@code channelHook} installs its flow entry now (a
     * listener on its address and port) and removes it at close — see
     * {@link AsyncServerSocket#open(EventChannel, SocketAddress, int, boolean, io.aionet.channel.classifier.FlowClassifier.Hook)}.
     *
     * @param channel     the channel the socket's operations complete on
     * @param bindAddress the local address, a resolved {@link InetSocketAddress}
     * @param channelHook the classifier's hook that installs the flow entry
     * @return the bound socket
     * @throws IllegalArgumentException when the address is not a resolved {@link InetSocketAddress}
     * @throws LinuxException           when the kernel refuses the socket or the bind
     */
    public static AsyncDatagramSocket open(EventChannel channel, SocketAddress bindAddress,
                                           io.aionet.channel.classifier.FlowClassifier.Hook channelHook) throws LinuxException {
        java.util.Objects.requireNonNull(channel, "channel");
        java.util.Objects.requireNonNull(bindAddress, "bindAddress");
        java.util.Objects.requireNonNull(channelHook, "channelHook");
        AsyncDatagramSocket s = open(channel, bindAddress);
        try {
            s.flow = FlowHookSupport.install(channelHook, Sockets.IPPROTO_UDP, s.localAddress());
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Sets the default peer ({@code connect(2)} on a UDP socket: no packet is sent, so it is done at
     * once): {@link #send} goes there and only its datagrams are received. Owner thread only.
     *
     * @param peer the default peer, an {@link InetSocketAddress} with a port
     * @throws IllegalArgumentException when {@code peer} is no such address or of the other IP family
     * @throws LinuxException           when {@code connect(2)} fails (e.g. {@code ENETUNREACH})
     */
    public void connect(SocketAddress peer) throws LinuxException {
        java.util.Objects.requireNonNull(peer, "peer");
        ensureOpen();
        checkDestination(peer);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(SocketAddresses.MAX_SIZE, 8);
            int len = encode(peer, sa);
            int r = Sockets.connect(fd, sa, len);
            if (r < 0) {
                throw new LinuxException("connect", -r, String.valueOf(peer));
            }
        }
        connected = true;
    }

    // ---------------------------------------------------------------- sending

    /**
     * {@code sio_sendto}: sends all of {@code data} as one datagram to {@code to}. The kernel reads the
     * memory while the send is in flight: keep it valid and unchanged until the completion.
     *
     * @param data native memory, at most {@link #MAX_PAYLOAD} bytes
     * @param to   the destination, an {@link InetSocketAddress} with a port
     * @param tag  the completion's tag
     * @throws IllegalArgumentException when {@code data} is not native or too long, or {@code to} is no
     *                                  valid destination
     */
    public void sendTo(MemorySegment data, SocketAddress to, long tag) {
        java.util.Objects.requireNonNull(data, "data");
        java.util.Objects.requireNonNull(to, "to");
        sendTo(data, 0, checkedLength(data), to, tag);
    }

    /**
     * {@code sio_sendto} of {@code length} bytes of {@code data} at {@code offset} to {@code to}, as
     * {@link #sendTo(MemorySegment, SocketAddress, long)}.
     *
     * @param data   native memory, valid and unchanged until the completion
     * @param offset where in {@code data} the datagram starts
     * @param length the datagram's length
     * @param to     the destination
     * @param tag    the completion's tag
     * @throws IllegalArgumentException  when {@code data} is not native, or {@code to} is no valid destination
     * @throws IndexOutOfBoundsException when the range is outside {@code data}
     */
    public void sendTo(MemorySegment data, long offset, int length, SocketAddress to, long tag) {
        java.util.Objects.requireNonNull(data, "data");
        java.util.Objects.requireNonNull(to, "to");
        ensureOpen();
        checkRange(data, offset, length);
        int nameLength = destination(to);
        DatagramSendSlot s = sends.take();
        MemorySegment.copy(destCache, 0, s.mem, 128, nameLength);
        s.send(data.address() + offset, length, nameLength, tag, null);
    }

    /**
     * {@code sio_sendto} from a DMA buffer ({@link Buffer#length()} bytes): the buffer is the kernel's
     * until the send completes, then it is released back to its area.
     *
     * @param buffer a buffer the program owns, at most {@link #MAX_PAYLOAD} bytes
     * @param to     the destination
     * @param tag    the completion's tag
     * @throws IllegalArgumentException when the buffer is too long or {@code to} is no valid destination
     * @throws io.aionet.dma.BufferOwnershipException when the program does not own {@code buffer}
     */
    public void sendTo(Buffer buffer, SocketAddress to, long tag) {
        java.util.Objects.requireNonNull(buffer, "buffer");
        java.util.Objects.requireNonNull(to, "to");
        ensureOpen();
        checkLength(buffer.length());
        int nameLength = destination(to);
        DatagramSendSlot s = sends.take();
        MemorySegment.copy(destCache, 0, s.mem, 128, nameLength);
        lendAndSend(s, buffer, nameLength, tag);
    }

    /**
     * Sends {@code data} to the sender of {@code received} (a buffer from
     * {@link #receiveFrom(ReceivePool, long)} the program still owns), copying the sender's address
     * straight from the buffer: no Java object is made. {@code data} may be the received payload itself;
     * release {@code received} only after this send's completion then.
     *
     * @param received a buffer from {@link #receiveFrom(ReceivePool, long)} the program owns
     * @param data     native memory to send, valid and unchanged until the completion
     * @param tag      the completion's tag
     * @throws IllegalArgumentException when {@code received} carries no sender
     */
    public void replyTo(Buffer received, MemorySegment data, long tag) {
        java.util.Objects.requireNonNull(received, "received");
        java.util.Objects.requireNonNull(data, "data");
        ensureOpen();
        checkRange(data, 0, checkedLength(data));
        int nameLength = DatagramPoolReceiveOp.u32(received, 0);
        if (nameLength <= 0 || nameLength > DatagramPoolReceiveOp.UNIX_NAME_ROOM) {
            throw new IllegalArgumentException("the buffer carries no sender (not from receiveFrom?)");
        }
        if (nameLength > DatagramPoolReceiveOp.nameRoom(received)) {
            throw new IllegalArgumentException("the buffer carries no sender (not from receiveFrom?)");
        }
        received.get(16, nameScratch, 0, nameLength);
        DatagramSendSlot s = sends.take();
        MemorySegment.copy(nameScratch, 0, s.mem, ValueLayout.JAVA_BYTE, 128, nameLength);
        s.send(data.address(), (int) data.byteSize(), nameLength, tag, null);
    }

    /**
     * Sends all of {@code data} as one datagram to the {@linkplain #connect connected} peer.
     *
     * @param data native memory, valid and unchanged until the completion
     * @param tag  the completion's tag
     * @throws IllegalStateException when the socket is not connected
     */
    public void send(MemorySegment data, long tag) {
        java.util.Objects.requireNonNull(data, "data");
        ensureConnected();
        int n = checkedLength(data);
        checkRange(data, 0, n);
        sends.take().send(data.address(), n, 0, tag, null);
    }

    /**
     * Sends DMA buffer {@code buffer} as one datagram to the connected peer; the kernel holds it until the
     * completion, then it is released back to its area.
     *
     * @param buffer a buffer the program owns, at most {@link #MAX_PAYLOAD} bytes
     * @param tag    the completion's tag
     * @throws IllegalStateException when the socket is not connected
     */
    public void send(Buffer buffer, long tag) {
        java.util.Objects.requireNonNull(buffer, "buffer");
        ensureConnected();
        checkLength(buffer.length());
        lendAndSend(sends.take(), buffer, 0, tag);
    }

    private void lendAndSend(DatagramSendSlot s, Buffer buffer, int nameLength, long tag) {
        DmaSpi.lend(buffer);
        MemorySegment seg = DmaSpi.kernelSegment(buffer);
        s.send(seg.address(), (int) seg.byteSize(), nameLength, tag, buffer);
    }

    /** Encodes {@code to} into the destination cache unless it is the instance encoded last. */
    private int destination(SocketAddress to) {
        if (to != cachedDest || to == null) {
            checkDestination(to);
            cachedDestLength = encode(to, destCache);
            cachedDest = to;
        }
        return cachedDestLength;
    }

    private int encode(SocketAddress to, MemorySegment out) {
        if (family == Sockets.AF_UNIX) {
            return SocketAddresses.write(to, out);
        }
        InetSocketAddress isa = (InetSocketAddress) to;
        if (family == Sockets.AF_INET6 && isa.getAddress() instanceof java.net.Inet4Address v4) {
            return writeMapped(v4, isa.getPort(), out);
        }
        return SocketAddresses.write(to, out);
    }

    /** An IPv4 destination of an IPv6 socket: the IPv4-mapped address {@code ::ffff:a.b.c.d} in a {@code sockaddr_in6}. */
    private static int writeMapped(java.net.Inet4Address v4, int port, MemorySegment out) {
        out.fill((byte) 0);
        out.set(ValueLayout.JAVA_SHORT, SockaddrIn6.OFFSETOF_sin6_family, (short) Sockets.AF_INET6);
        out.set(ValueLayout.JAVA_SHORT, SockaddrIn6.OFFSETOF_sin6_port, Short.reverseBytes((short) port));
        out.set(ValueLayout.JAVA_BYTE, SockaddrIn6.OFFSETOF_sin6_addr + 10, (byte) 0xff);
        out.set(ValueLayout.JAVA_BYTE, SockaddrIn6.OFFSETOF_sin6_addr + 11, (byte) 0xff);
        MemorySegment.copy(v4.getAddress(), 0, out, ValueLayout.JAVA_BYTE, SockaddrIn6.OFFSETOF_sin6_addr + 12, 4);
        return (int) SockaddrIn6.SIZEOF;
    }

    private void checkDestination(SocketAddress to) {
        if (family == Sockets.AF_UNIX) {
            if (!(to instanceof java.net.UnixDomainSocketAddress)) {
                throw new IllegalArgumentException("a Unix datagram socket sends to a UnixDomainSocketAddress, not "
                        + (to == null ? "null" : to.getClass().getName()));
            }
            return;
        }
        if (!(to instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("a UDP destination is an InetSocketAddress, not "
                    + (to == null ? "null" : to.getClass().getName()));
        }
        if (isa.getPort() == 0) {
            throw new IllegalArgumentException("destination port 0: " + to);
        }
        if (SocketAddresses.family(to) != family && family != Sockets.AF_INET6) {
            throw new IllegalArgumentException("destination " + to + " is IPv6, this socket IPv4");
        }
    }

    // ---------------------------------------------------------------- receiving

    /**
     * {@code sio_recvfrom(sock, void **buf, …)}: receives datagrams, each with its sender, into buffers
     * the kernel picks from {@code pool} (multishot, re-armed by the library after the pool ran dry). One
     * completion per datagram: result the payload length, flags the kernel's {@code recvmsg_out} flags,
     * {@link io.aionet.event.Event#buffer()} the buffer (decode it with {@link #payload(Buffer)} and
     * {@link #sender(Buffer)}; release it when done).
     *
     * @param pool a pool of whole buffers on this socket's channel
     * @param tag  the completions' tag
     * @throws IllegalArgumentException when the pool's buffers cannot hold the header and a payload, or
     *                                  the pool consumes buffers incrementally ({@code IOU_PBUF_RING_INC}:
     *                                  a datagram longer than the rest of a partly used buffer would be cut)
     */
    public void receiveFrom(ReceivePool pool, long tag) {
        java.util.Objects.requireNonNull(pool, "pool");
        ensureOpen();
        receivesFrom.start(pool, tag);
    }

    /**
     * {@code sio_recvfrom} into caller memory: receives one datagram into {@code length} bytes of
     * {@code into} at {@code offset}; the completion says how many bytes arrived (flag
     * {@code MSG_TRUNC} when the datagram was longer, {@code -ETIMEDOUT} when {@code timeoutNanos > 0}
     * passed) and {@link #lastSender()} who sent them.
     *
     * @param into         native memory, valid until the completion
     * @param offset       where in {@code into} to start
     * @param length       the most bytes to receive
     * @param timeoutNanos a deadline; 0 for none
     * @param tag          the completion's tag
     * @throws IndexOutOfBoundsException when the range is outside {@code into}
     */
    public void receiveFrom(MemorySegment into, long offset, int length, long timeoutNanos, long tag) {
        java.util.Objects.requireNonNull(into, "into");
        ensureOpen();
        checkRange(into, offset, length);
        checkTimeout(timeoutNanos);
        recvsFrom.start(into, offset, length, timeoutNanos, tag);
    }

    /**
     * {@return the sender of the last datagram {@link #receiveFrom(MemorySegment, long, int, long, long)} received, or null}
     */
    public SocketAddress lastSender() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        return recvsFrom.sender();
    }

    /** {@return the port of {@link #lastSender()}, or -1; allocates nothing} */
    public int lastSenderPort() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        return recvsFrom.senderPort();
    }

    /**
     * Receives datagrams from the connected peer into buffers the kernel picks from {@code pool}
     * (multishot {@code IORING_OP_RECV}): each completion's buffer holds the payload alone.
     *
     * @param pool a pool of whole buffers on this socket's channel
     * @param tag  the completions' tag
     * @throws IllegalArgumentException when the pool consumes buffers incrementally
     * @throws IllegalStateException    when the socket is not connected
     * @throws LinuxException           when the kernel refuses the receive
     */
    public void receive(ReceivePool pool, long tag) throws LinuxException {
        java.util.Objects.requireNonNull(pool, "pool");
        ensureConnected();
        if (pool.isIncremental()) {
            throw new IllegalArgumentException("datagrams need a pool of whole buffers: channel.receivePool(area, bgid, n, false)");
        }
        receives.start(pool, tag);
    }

    /**
     * Receives one datagram from the connected peer into caller memory, as
     * {@link #receiveFrom(MemorySegment, long, int, long, long)} does from any sender.
     *
     * @param into         native memory, valid until the completion
     * @param offset       where in {@code into} to start
     * @param length       the most bytes to receive
     * @param timeoutNanos a deadline; 0 for none
     * @param tag          the completion's tag
     * @throws IllegalStateException     when the socket is not connected
     * @throws IndexOutOfBoundsException when the range is outside {@code into}
     */
    public void receive(MemorySegment into, long offset, int length, long timeoutNanos, long tag) {
        java.util.Objects.requireNonNull(into, "into");
        ensureConnected();
        checkRange(into, offset, length);
        checkTimeout(timeoutNanos);
        recvs.start(into, offset, length, timeoutNanos, tag);
    }

    // ---------------------------------------------------------------- received buffers

    /**
     * {@return the payload length of a received datagram (longer than the payload held when the event
     * carried {@code MSG_TRUNC})}
     *
     * @param received a buffer from {@link #receiveFrom(ReceivePool, long)} the program owns
     */
    public static int payloadLength(Buffer received) {
        java.util.Objects.requireNonNull(received, "received");
        return DatagramPoolReceiveOp.u32(received, 8);
    }

    /**
     * {@return the payload of a received datagram: a confined view of the buffer, valid while the program
     * owns it}
     *
     * @param received a buffer from {@link #receiveFrom(ReceivePool, long)} the program owns
     */
    public static MemorySegment payload(Buffer received) {
        java.util.Objects.requireNonNull(received, "received");
        int at = DatagramPoolReceiveOp.payloadOffset(received);
        int n = Math.min(payloadLength(received), received.length() - at);
        return received.segment().asSlice(at, n);
    }

    /**
     * {@return the sender's port of a received datagram (-1 for a Unix-domain sender); allocates nothing}
     *
     * @param received a buffer from {@link #receiveFrom(ReceivePool, long)} the program owns
     */
    public static int senderPort(Buffer received) {
        java.util.Objects.requireNonNull(received, "received");
        if (DatagramPoolReceiveOp.nameRoom(received) != DatagramPoolReceiveOp.NAME_ROOM) {
            return -1; // a Unix-domain sender has a path, no port
        }
        // sin_port / sin6_port: network byte order, right after the 2-byte family
        return (Byte.toUnsignedInt(received.get(18)) << 8) | Byte.toUnsignedInt(received.get(19));
    }

    /**
     * {@return the sender of a received datagram, as a new {@link SocketAddress}}
     *
     * @param received a buffer from {@link #receiveFrom(ReceivePool, long)} the program owns
     * @throws IllegalArgumentException when the buffer carries no sender
     */
    public static SocketAddress sender(Buffer received) {
        java.util.Objects.requireNonNull(received, "received");
        MemorySegment k = DmaSpi.kernelSegment(received);
        int n = k.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
        if (n <= 0 || n > DatagramPoolReceiveOp.nameRoom(received)) {
            throw new IllegalArgumentException("the buffer carries no sender (not from receiveFrom?)");
        }
        // received buffers may start anywhere (incremental consumption): decode an aligned copy
        MemorySegment name = Arena.ofAuto().allocate(SocketAddresses.MAX_SIZE, 8);
        MemorySegment.copy(k, 16, name, 0, n);
        return SocketAddresses.read(name, n);
    }

    // ---------------------------------------------------------------- the rest

    /** {@return socket options ({@code SO_RCVBUF}, {@code SO_SNDBUF}, {@code SO_REUSEPORT} …)} */
    public SocketOptions options() {
        ensureOpen();
        return new SocketOptions(fd, channel.owner(), this);
    }

    /**
     * {@return the bound address (with the port the kernel chose for port 0)}
     *
     * @throws LinuxException when {@code getsockname} fails
     */
    public SocketAddress localAddress() throws LinuxException {
        ensureOpen();
        return SocketFds.localAddress(fd);
    }

    /**
     * {@return the bound port, or -1 for a Unix-domain socket}
     *
     * @throws LinuxException when {@code getsockname} fails
     */
    public int port() throws LinuxException {
        SocketAddress a = localAddress();
        return a instanceof InetSocketAddress isa ? isa.getPort() : -1;
    }

    /** {@return sends in the kernel now (each holds one slot of the send pool)} */
    public int sendsInFlight() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        return sends.inFlight();
    }

    int fd() {
        return fd;
    }

    EventChannel channel() {
        return channel;
    }

    /** Checks {@code to} as a destination of this socket and writes it into {@code out}; returns its length. */
    int encodeDestination(SocketAddress to, MemorySegment out) {
        checkDestination(to);
        return encode(to, out);
    }

    /** {@return true after {@link #close()}} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels pending requests and closes the descriptor; no completion of this socket is reported
     * afterwards, and buffers of sends still in the kernel go back to their area when the kernel is
     * done. Closing twice is harmless.
     */
    @Override
    public void close() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (closed) {
            return;
        }
        closed = true;
        FlowHookSupport.remove(flow);
        tracker.close();
        receives.stop();
        if (!channel.isClosed()) {
            // every request on the descriptor ends with -ECANCELED; the detached operations swallow it
            misc.cancelFd(fd);
            // submitted while the descriptor still names this socket: after the close the number may be
            // reused by another socket, which a later cancel-by-fd would hit
            misc.flush();
        }
        sends.close();
        receivesFrom.close();
        recvsFrom.close();
        receives.detachFromSocket();
        recvs.detachFromSocket();
        misc.detachFromSocket();
        SocketFds.closeQuietly(fd);
    }

    private void ensureOpen() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (closed) {
            throw new IllegalStateException("socket is closed");
        }
    }

    private void ensureConnected() {
        ensureOpen();
        if (!connected) {
            throw new IllegalStateException("socket is not connected: use connect(peer) or sendTo/receiveFrom");
        }
    }

    private static void checkTimeout(long timeoutNanos) {
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutNanos);
        }
    }

    private void checkLength(long n) {
        if (n > (family == Sockets.AF_UNIX ? Integer.MAX_VALUE : MAX_PAYLOAD)) {
            throw new IllegalArgumentException("a datagram carries at most " + MAX_PAYLOAD + " bytes: " + n);
        }
    }

    private int checkedLength(MemorySegment data) {
        checkLength(data.byteSize());
        return (int) data.byteSize();
    }

    private static void checkRange(MemorySegment m, long offset, int length) {
        if (m == null) {
            throw new IllegalArgumentException("memory must not be null");
        }
        if (!m.isNative()) {
            throw new IllegalArgumentException("memory must be native (off-heap)");
        }
        if (offset < 0 || length < 0 || offset + length > m.byteSize()) {
            throw new IndexOutOfBoundsException("[" + offset + ", " + (offset + (long) length) + ") outside [0, "
                    + m.byteSize() + ")");
        }
    }

    @Override
    public String toString() {
        return "AsyncDatagramSocket[fd=" + fd + (connected ? ", connected" : "") + (closed ? ", closed" : "") + "]";
    }
}
