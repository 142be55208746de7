package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventChannel;
import io.aionet.LinuxException;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * A connected stream socket (TCP over IPv4 or IPv6, or Unix-domain) whose every operation completes as
 * an {@link io.aionet.event.Event} of kind {@link io.aionet.event.EventKind#COMPLETION} on its event
 * channel, carrying the tag the operation was started with — Drepper's asynchronous socket calls with
 * {@code SIGEV_EC}, Polyakov's network AIO:
 * <ul>
 *   <li>{@link #send(MemorySegment, long)}, {@link #send(Buffer, long)}: {@code sio_send} / {@code aio_send};
 *       short sends are completed by the library (one completion for all N bytes);</li>
 *   <li>{@link #sendZeroCopy(Buffer, long)}: {@code SEND_ZC}; the buffer is the kernel's until the
 *       notification, and only then does the completion arrive;</li>
 *   <li>{@link #send(MemorySegment[], long)}, {@link #sendZeroCopy(MemorySegment[], long)}: gathering
 *       sends ({@code sio_sendmsg}, {@code SENDMSG} / {@code SENDMSG_ZC}), one completion for the total;</li>
 *   <li>{@link #sendFile(java.nio.file.Path, long, long, long)}: Polyakov's lazy {@code aio_sendfile}
 *       (io_uring: readahead, then linked splices file → pipe → socket);</li>
 *   <li>{@link #receive(ReceivePool, long)}: {@code sio_recv(sock, void **buf, …)} — kernel-chosen
 *       buffers from a DMA area the socket is associated with ({@code dma_assoc});</li>
 *   <li>{@link #receive(MemorySegment, long, int, long, long)}: into memory the caller gives;</li>
 *   <li>{@link #shutdownOutput(long)}, {@link #cancelPending()}, {@link #close()}.</li>
 * </ul>
 * Results: bytes moved, 0 at end of stream, or {@code -errno} ({@code -ECONNRESET} on a reset peer;
 * a failed send carries the bytes sent before the error in {@link io.aionet.event.Event#flags()}).
 * Every send of a socket — plain, gathering, zero-copy, file — goes through one queue, so bytes leave in
 * the order of the calls. All methods run on the channel's owner thread ({@link WrongThreadException}
 * elsewhere); a closed socket throws {@link IllegalStateException}; bad arguments
 * {@link IllegalArgumentException} (or {@link IndexOutOfBoundsException} for a range outside its memory).
 *
 * {@snippet :
 * AsyncSocket s = AsyncSocket.connect(channel, peer, 1_000_000_000L, CONNECTED);
 * Event connected = nextCompletion(channel, CONNECTED);   // result 0, or -errno (connected.errorName())
 * s.send(request, SENT);
 * s.receive(pool, RECEIVED);   // each RECEIVED completion: event.buffer() is the program's until released
 * }
 */
public final class AsyncSocket implements AutoCloseable {
    /** Event flag of a zero-copy send the kernel had to copy (always so on loopback). */
    public static final int SEND_COPIED = 1;
    /** Below this size {@link #sendZeroCopy} sends by copying: pinning pages costs more than copying them. */
    public static final int DEFAULT_ZERO_COPY_THRESHOLD = 16 * 1024;

    private final EventChannel channel;
    private final int fd;
    private final Arena arena;
    private final SendQueue sends;
    private final ReceiveIntoOp recvs;
    private final PoolReceiveOp receives;
    private final SimpleOp misc;
    private ConnectOp connect;
    private int zeroCopyThreshold = DEFAULT_ZERO_COPY_THRESHOLD;
    private boolean closed;
    /** Open-resource accounting and the opt-in leak detector. */
    private final io.aionet.internal.Resources.Handle tracker;

    private AsyncSocket(EventChannel channel, int fd) {
        this.channel = channel;
        this.fd = fd;
        this.arena = Arena.ofConfined();
        this.sends = new SendQueue(channel, fd);
        this.recvs = new ReceiveIntoOp(channel, fd);
        this.receives = new PoolReceiveOp(channel, fd);
        this.misc = new SimpleOp(channel);
        this.tracker = io.aionet.internal.Resources.track(io.aionet.internal.Resources.Kind.SOCKET, this, "AsyncSocket[fd=" + fd + "]");
    }

    /**
     * Starts connecting a new stream socket to {@code remote}; the completion tagged {@code tag} says
     * how it went (0, or {@code -ECONNREFUSED}, {@code -ENETUNREACH}, {@code -ETIMEDOUT} …;
     * {@link io.aionet.event.Event#errorName()} names it). Start sends and receives after that
     * completion. Call on the channel's owner thread.
     *
     * @param channel      the channel the socket's operations complete on
     * @param remote       the peer: an {@link java.net.InetSocketAddress} or a
     *                     {@link java.net.UnixDomainSocketAddress}
     * @param timeoutNanos a deadline for the connect; 0 for none
     * @param tag          the connect completion's tag
     * @return the socket, connecting; close it on the owner thread
     * @throws IllegalArgumentException when the timeout is negative or the address of no supported family
     * @throws WrongThreadException     off the channel's owner thread
     * @throws LinuxException           when the kernel refuses the socket
     */
    public static AsyncSocket connect(EventChannel channel, SocketAddress remote, long timeoutNanos, long tag)
            throws LinuxException {
        java.util.Objects.requireNonNull(channel, "channel");
        java.util.Objects.requireNonNull(remote, "remote");
        io.aionet.internal.Owner.check(channel.owner(), channel);
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutNanos);
        }
        int family = SocketAddresses.family(remote);
        int fd = SocketFds.open(family, Sockets.SOCK_STREAM);
        AsyncSocket s;
        try {
            s = new AsyncSocket(channel, fd);
        } catch (RuntimeException e) {
            SocketFds.closeQuietly(fd);
            throw e;
        }
        MemorySegment sa = s.arena.allocate(SocketAddresses.MAX_SIZE, 8);
        int len = SocketAddresses.write(remote, sa);
        s.connect = new ConnectOp(channel, fd);
        s.connect.start(sa, len, timeoutNanos, tag);
        return s;
    }

    /**
     * A new stream socket that is not connected yet, so that options can be set and a local address
     * bound before {@link #connect(SocketAddress, long, long)} (the NIO.2 provider's order of calls).
     * An {@code INET6} socket accepts IPv4 peers as IPv4-mapped addresses ({@code IPV6_V6ONLY} off).
     *
     * @param channel the channel the socket's operations complete on
     * @param family  {@code INET}, {@code INET6} or {@code UNIX}
     * @return the unconnected socket
     * @throws LinuxException           when the kernel refuses the socket (e.g. no IPv6)
     */
    public static AsyncSocket open(EventChannel channel, java.net.StandardProtocolFamily family) throws LinuxException {
        java.util.Objects.requireNonNull(channel, "channel");
        java.util.Objects.requireNonNull(family, "family");
        int af = switch (family) {
            case INET -> Sockets.AF_INET;
            case INET6 -> Sockets.AF_INET6;
            case UNIX -> Sockets.AF_UNIX;
        };
        int fd = SocketFds.open(af, Sockets.SOCK_STREAM);
        try {
            return new AsyncSocket(channel, fd);
        } catch (RuntimeException e) {
            SocketFds.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Binds a socket made by {@link #open(EventChannel, java.net.StandardProtocolFamily)} to
     * {@code local} before it connects. Owner thread only.
     *
     * @param local the local address (port 0: an ephemeral port)
     * @throws LinuxException e.g. {@code EADDRINUSE}, {@code EINVAL} when already bound
     */
    public void bind(SocketAddress local) throws LinuxException {
        java.util.Objects.requireNonNull(local, "local");
        ensureOpen();
        SocketFds.bind(fd, local);
    }

    /**
     * Starts connecting a socket made by {@link #open(EventChannel, java.net.StandardProtocolFamily)};
     * the completion tagged {@code tag} says how it went, as for
     * {@link #connect(EventChannel, SocketAddress, long, long)}. Owner thread only.
     *
     * @param remote       the peer
     * @param timeoutNanos a deadline for the connect; 0 for none
     * @param tag          the completion's tag
     * @throws IllegalArgumentException when the timeout is negative or the address of no supported family
     * @throws IllegalStateException    when a connect is already pending
     */
    public void connect(SocketAddress remote, long timeoutNanos, long tag) {
        java.util.Objects.requireNonNull(remote, "remote");
        ensureOpen();
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutNanos);
        }
        SocketAddresses.family(remote);
        if (connect == null) {
            connect = new ConnectOp(channel, fd);
        }
        MemorySegment sa = arena.allocate(SocketAddresses.MAX_SIZE, 8);
        int len = SocketAddresses.write(remote, sa);
        connect.start(sa, len, timeoutNanos, tag);
    }

    /**
     * Shuts down input, output or both at once with {@code shutdown(2)} (no completion; owner thread
     * only). A receive pending in the kernel then completes with 0 (end of stream). A socket that is not
     * connected (any more) is left as it is.
     *
     * @param input  shut down the receiving side
     * @param output shut down the sending side (the peer sees end of stream)
     * @throws LinuxException when {@code shutdown(2)} fails for another reason than {@code ENOTCONN}
     */
    public void shutdown(boolean input, boolean output) throws LinuxException {
        ensureOpen();
        if (!input && !output) {
            return;
        }
        int how = input && output ? Sockets.SHUT_RDWR : input ? Sockets.SHUT_RD : Sockets.SHUT_WR;
        int r = Sockets.shutdown(fd, how);
        if (r < 0 && r != -io.aionet.Errno.ENOTCONN) {
            throw new LinuxException("shutdown", -r, toString());
        }
    }

    /**
     * Wraps a connected descriptor, e.g. the result of an accept completion. The socket owns it from now
     * on and closes it in {@link #close()}. Call on the channel's owner thread.
     *
     * @param channel the channel the socket's operations complete on
     * @param fd      an open, connected stream socket
     * @return the socket
     * @throws IllegalArgumentException when {@code fd} is not an open stream socket
     * @throws WrongThreadException     off the channel's owner thread
     */
    public static AsyncSocket adopt(EventChannel channel, int fd) {
        java.util.Objects.requireNonNull(channel, "channel");
        io.aionet.internal.Owner.check(channel.owner(), channel);
        if (fd < 0) {
            throw new IllegalArgumentException("not a descriptor: " + fd);
        }
        // one getsockopt, so a descriptor that is closed, or not a stream socket, is refused here rather
        // than failing later inside the ring
        int type = Sockets.getsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_TYPE);
        if (type < 0) {
            throw new IllegalArgumentException("descriptor " + fd + " is not an open socket: "
                    + io.aionet.Errno.describe(-type));
        }
        if (type != Sockets.SOCK_STREAM) {
            throw new IllegalArgumentException("descriptor " + fd + " is not a stream socket (SO_TYPE " + type + ")");
        }
        return new AsyncSocket(channel, fd);
    }

    private void ensureOpen() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (closed) {
            throw new IllegalStateException("socket is closed");
        }
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends all of {@code data}: one completion for every byte ({@code sio_send}). The memory is read by
     * the kernel while the send is in flight: keep it valid and unchanged until the completion.
     *
     * @param data native memory, at most 2 GiB
     * @param tag  the completion's tag
     * @throws IllegalArgumentException when {@code data} is not native or larger than 2 GiB
     */
    public void send(MemorySegment data, long tag) {
        java.util.Objects.requireNonNull(data, "data");
        send(data, 0, checkedLength(data), tag);
    }

    /**
     * Sends {@code length} bytes of {@code data} from {@code offset}, as {@link #send(MemorySegment, long)}.
     *
     * @param data   native memory, valid and unchanged until the completion
     * @param offset where in {@code data} the bytes start
     * @param length bytes to send
     * @param tag    the completion's tag
     * @throws IllegalArgumentException  when {@code data} is not native
     * @throws IndexOutOfBoundsException when the range is outside {@code data}
     */
    public void send(MemorySegment data, long offset, int length, long tag) {
        java.util.Objects.requireNonNull(data, "data");
        ensureOpen();
        checkRange(data, offset, length);
        enqueueSend(data, offset, length, tag, null, false);
    }

    /**
     * Sends the bytes of DMA buffer {@code buffer} ({@link Buffer#length()} bytes): the buffer belongs to
     * the kernel until the send completes, then it is released back to its area.
     *
     * @param buffer a buffer the program owns; it must not be touched after this call
     * @param tag    the completion's tag
     * @throws io.aionet.dma.BufferOwnershipException when the program does not own {@code buffer}
     */
    public void send(Buffer buffer, long tag) {
        java.util.Objects.requireNonNull(buffer, "buffer");
        ensureOpen();
        DmaSpi.lend(buffer);
        // the area's region and the buffer's place in it: no slice object per send
        enqueueSend(DmaSpi.fixedRegion(buffer.area()), DmaSpi.kernelOffset(buffer), buffer.length(), tag, buffer, false);
    }

    /**
     * Zero-copy send of {@code buffer} ({@code SEND_ZC}); below {@link #zeroCopyThreshold()} bytes, a
     * copying send. The buffer is the kernel's until the kernel's notification, after which the
     * completion arrives (flag {@link #SEND_COPIED} when the kernel copied after all) and the buffer
     * is released back to its area.
     *
     * @param buffer a buffer the program owns; it must not be touched after this call
     * @param tag    the completion's tag
     * @throws io.aionet.dma.BufferOwnershipException when the program does not own {@code buffer}
     */
    public void sendZeroCopy(Buffer buffer, long tag) {
        java.util.Objects.requireNonNull(buffer, "buffer");
        ensureOpen();
        DmaSpi.lend(buffer);
        enqueueSend(DmaSpi.fixedRegion(buffer.area()), DmaSpi.kernelOffset(buffer), buffer.length(), tag, buffer,
                buffer.length() >= zeroCopyThreshold);
    }

    /**
     * Zero-copy send of caller memory ({@code SEND_ZC}; below {@link #zeroCopyThreshold()} bytes a
     * copying send). The completion arrives after the kernel's notification; until then the memory must
     * stay valid and unchanged.
     *
     * @param data native memory, at most 2 GiB
     * @param tag  the completion's tag
     * @throws IllegalArgumentException when {@code data} is not native or larger than 2 GiB
     */
    public void sendZeroCopy(MemorySegment data, long tag) {
        java.util.Objects.requireNonNull(data, "data");
        ensureOpen();
        int n = checkedLength(data);
        enqueueSend(data, 0, n, tag, null, n >= zeroCopyThreshold);
    }

    /** {@return the size from which {@link #sendZeroCopy} really avoids the copy} */
    public int zeroCopyThreshold() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        return zeroCopyThreshold;
    }

    /**
     * Sets {@link #zeroCopyThreshold()}; it applies to sends started afterwards. Owner thread only.
     *
     * @param bytes the smallest send that avoids the copy; 0: always zero-copy
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public void zeroCopyThreshold(int bytes) {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (bytes < 0) {
            throw new IllegalArgumentException("threshold must not be negative: " + bytes);
        }
        zeroCopyThreshold = bytes;
    }

    private void enqueueSend(MemorySegment seg, long off, int len, long tag, Buffer buf, boolean zc) {
        sends.enqueueSingle(seg, off, len, tag, buf, zc);
    }

    /**
     * Gathering send ({@code sio_sendmsg} / {@code aio_send} of a vector, {@code IORING_OP_SENDMSG} with
     * one iovec per part): sends every byte of {@code parts}, in order, with one completion for the
     * total. A short send is continued by the library; an error carries the bytes sent before it in
     * {@link io.aionet.event.Event#flags()}. The parts (native memory) and the array must stay unchanged
     * until the completion.
     *
     * <p>It queues behind the socket's earlier sends of any kind.
     *
     * @param parts native segments, 1 … 1,024 of them
     * @param tag   the completion's tag
     * @throws IllegalArgumentException when there are no parts or more than 1,024, a part is null or not
     *                                  native, or the total exceeds 2 GiB
     */
    public void send(MemorySegment[] parts, long tag) {
        java.util.Objects.requireNonNull(parts, "parts");
        enqueueParts(parts, tag, false);
    }

    /**
     * Zero-copy gathering send ({@code IORING_OP_SENDMSG_ZC}): like {@link #send(MemorySegment[], long)},
     * and the completion comes only after the kernel's notification says it no longer reads the parts
     * (flag {@link #SEND_COPIED} when it copied after all, as on loopback). Below
     * {@link #zeroCopyThreshold()} bytes in total it sends by copying.
     *
     * @param parts native segments, 1 … 1,024 of them, unchanged until the completion
     * @param tag   the completion's tag
     * @throws IllegalArgumentException as for {@link #send(MemorySegment[], long)}
     */
    public void sendZeroCopy(MemorySegment[] parts, long tag) {
        java.util.Objects.requireNonNull(parts, "parts");
        enqueueParts(parts, tag, true);
    }

    private void enqueueParts(MemorySegment[] parts, long tag, boolean zc) {
        ensureOpen();
        if (parts == null || parts.length == 0 || parts.length > SendQueue.MAX_PARTS) {
            throw new IllegalArgumentException("a gathering send takes 1 to " + SendQueue.MAX_PARTS + " parts, not "
                    + (parts == null ? "null" : parts.length));
        }
        long total = 0;
        for (MemorySegment p : parts) {
            if (p == null || !p.isNative()) {
                throw new IllegalArgumentException("every part must be native (off-heap) memory: " + p);
            }
            total += p.byteSize();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a send is at most 2 GiB; split it: " + total);
        }
        sends.enqueueParts(parts, total, tag, zc && total >= zeroCopyThreshold);
    }

    /**
     * Polyakov's lazy {@code aio_sendfile}: sends {@code length} bytes of {@code file} from
     * {@code offset}, queued behind the socket's earlier sends. The backend moves the bytes without
     * copying them through user space — on io_uring readahead of the range starts first
     * ({@code IORING_OP_FADVISE}, {@code POSIX_FADV_WILLNEED}), then two linked {@code IORING_OP_SPLICE}s
     * per chunk move them file → pipe → socket (a pipe of up to 1 MiB, {@code F_SETPIPE_SZ}); on epoll
     * {@code sendfile(2)}. One completion for the whole length, or an error with the bytes sent before
     * it in {@link io.aionet.event.Event#flags()}. The file is opened here and closed when the send ends.
     *
     * @param file   the file to send
     * @param offset where in the file the bytes start
     * @param length bytes to send, at most 2 GiB
     * @param tag    the completion's tag
     * @throws IllegalArgumentException when the range is negative, longer than 2 GiB, or past the file's end
     * @throws LinuxException           when the file cannot be opened
     * @throws java.io.IOException      when the file's size cannot be read
     */
    public void sendFile(java.nio.file.Path file, long offset, long length, long tag)
            throws LinuxException, java.io.IOException {
        java.util.Objects.requireNonNull(file, "file");
        ensureOpen();
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad range: offset " + offset + ", length " + length
                    + " (at most 2 GiB per call)");
        }
        long size = java.nio.file.Files.size(file);
        if (offset + length > size) {
            throw new IllegalArgumentException("range [" + offset + ", " + (offset + length) + ") past the end of "
                    + file + " (" + size + " bytes)");
        }
        int ffd = io.aionet.linux.Native.check("open",
                io.aionet.linux.FileFds.open(file.toString(), io.aionet.linux.Fds.O_RDONLY | io.aionet.linux.Fds.O_CLOEXEC));
        sends.enqueueFile(ffd, true, offset, length, tag);
    }

    /**
     * Polyakov's {@code aio_sendfile} from a descriptor the program owns (a regular file it opened; it keeps
     * it open until the completion, and it is not closed here), as {@link #sendFile(java.nio.file.Path, long,
     * long, long)}: queued behind the socket's earlier sends, one completion for the whole length.
     *
     * @param fileFd the file's descriptor
     * @param offset where in the file the bytes start
     * @param length bytes to send, at most 2 GiB
     * @param tag    the completion's tag
     * @throws IllegalArgumentException when the range is negative, longer than 2 GiB or past the file's end,
     *                                  or the descriptor is no regular file
     * @throws LinuxException           when the descriptor cannot be examined ({@code EBADF})
     */
    public void sendFile(int fileFd, long offset, long length, long tag) throws LinuxException {
        ensureOpen();
        if (fileFd < 0 || offset < 0 || length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad file send: descriptor " + fileFd + ", offset " + offset + ", length "
                    + length + " (at most 2 GiB per call)");
        }
        io.aionet.linux.Statx st = new io.aionet.linux.Statx();
        int r = st.of(fileFd);
        if (r < 0) {
            throw new LinuxException("statx", -r, "descriptor " + fileFd);
        }
        if (!st.isRegularFile()) {
            throw new IllegalArgumentException("descriptor " + fileFd + " is no regular file");
        }
        if (offset + length > st.size()) {
            throw new IllegalArgumentException("range [" + offset + ", " + (offset + length) + ") past the end of the file ("
                    + st.size() + " bytes)");
        }
        sends.enqueueFile(fileFd, false, offset, length, tag);
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position}: the range is mapped
     * ({@link java.nio.channels.FileChannel#map(java.nio.channels.FileChannel.MapMode, long, long, Arena)},
     * read-only, in an arena of its own) and sent from the mapping — zero-copy ({@code SEND_ZC}, the kernel
     * reading the page cache's pages) from {@link #zeroCopyThreshold()} bytes on — queued behind the socket's
     * earlier sends; the mapping is unmapped when the send completed. A {@code FileChannel} does not give
     * out its descriptor, so this is the file send for it. One completion for the whole range (flag
     * {@link #SEND_COPIED} when the kernel copied after all, as on loopback).
     *
     * @param file     a channel open for reading
     * @param position where in the file the bytes start
     * @param count    bytes to send, at most 2 GiB
     * @param tag      the completion's tag
     * @throws IllegalArgumentException when the range is negative, longer than 2 GiB or past the file's end
     * @throws java.io.IOException      when the channel cannot be mapped (not readable, closed)
     */
    public void sendFile(java.nio.channels.FileChannel file, long position, long count, long tag) throws java.io.IOException {
        java.util.Objects.requireNonNull(file, "file");
        ensureOpen();
        if (position < 0 || count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad range: position " + position + ", count " + count
                    + " (at most 2 GiB per call)");
        }
        long size = file.size();
        if (position + count > size) {
            throw new IllegalArgumentException("range [" + position + ", " + (position + count) + ") past the end of the file ("
                    + size + " bytes)");
        }
        if (count == 0) {
            sends.enqueueSingle(MemorySegment.NULL, 0, 0, tag, null, false);
            return;
        }
        Arena mapping = Arena.ofConfined(); // the owner thread maps, sends and unmaps
        MemorySegment m;
        try {
            m = file.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, position, count, mapping);
        } catch (java.io.IOException | RuntimeException e) {
            mapping.close();
            throw e;
        }
        sends.enqueueSingle(m, 0, (int) count, tag, null, count >= zeroCopyThreshold, mapping);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives into buffers the kernel chooses from {@code pool} (Drepper's {@code dma_assoc} +
     * {@code sio_recv}): one completion per arrival, whose {@link io.aionet.event.Event#buffer()} the
     * program owns until it releases it; result 0 at end of stream. The receive stays armed until the
     * stream ends, fails or is cancelled; when the pool runs dry it waits for released buffers. Owner
     * thread only.
     *
     * @param pool a pool of this socket's channel ({@link EventChannel#receivePool})
     * @param tag  the completions' tag
     * @throws IllegalStateException when a pool receive is already running on this socket, or the pool
     *                               is closing
     * @throws LinuxException        when the kernel refuses the receive
     */
    public void receive(ReceivePool pool, long tag) throws LinuxException {
        java.util.Objects.requireNonNull(pool, "pool");
        ensureOpen();
        receives.start(pool, tag);
    }

    /**
     * Receives once into {@code length} bytes of {@code into} at {@code offset}; the completion says
     * how many arrived (0 at end of stream, {@code -ETIMEDOUT} when {@code timeoutNanos > 0} passed).
     * The kernel writes the memory while the receive is in flight: keep it valid until the completion.
     *
     * @param into         native memory to receive into
     * @param offset       where in {@code into} to start
     * @param length       the most bytes to receive
     * @param timeoutNanos a deadline; 0 for none
     * @param tag          the completion's tag
     * @throws IllegalArgumentException  when {@code into} is not native or the timeout negative
     * @throws IndexOutOfBoundsException when the range is outside {@code into}
     */
    public void receive(MemorySegment into, long offset, int length, long timeoutNanos, long tag) {
        java.util.Objects.requireNonNull(into, "into");
        ensureOpen();
        checkRange(into, offset, length);
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutNanos);
        }
        recvs.start(into, offset, length, timeoutNanos, tag);
    }

    // ---------------------------------------------------------------- the rest

    /**
     * Half-close: no more sends ({@code SHUT_WR}); the peer sees end of stream. Asynchronous, after the
     * sends already queued.
     *
     * @param tag the completion's tag
     */
    public void shutdownOutput(long tag) {
        ensureOpen();
        misc.shutdown(fd, Sockets.SHUT_WR, tag);
    }

    /**
     * Cancels the pending {@link #receive(MemorySegment, long, int, long, long) receive into caller memory}
     * ({@code IORING_OP_ASYNC_CANCEL} by its tag): it completes with {@code -ECANCELED}, or with its bytes
     * when they arrived before the cancel did. Nothing happens when none is pending.
     */
    public void cancelReceive() {
        ensureOpen();
        recvs.cancel();
    }

    /**
     * Cancels the send the kernel is working on (the oldest of the socket's sends): it completes with
     * {@code -ECANCELED} and the bytes sent before the cancel in {@link io.aionet.event.Event#flags()}
     * (or with its full count when it finished first); the sends behind it go on. The stream then lacks
     * the bytes not sent, so a program usually closes it.
     */
    public void cancelSend() {
        ensureOpen();
        sends.cancelInFlight();
    }

    /** Cancels every pending request on this socket; each completes with {@code -ECANCELED}. */
    public void cancelPending() {
        ensureOpen();
        sends.cancelRequested(); // a file send may end short rather than cancelled
        misc.cancelFd(fd);
    }

    /** {@return socket options of this socket} */
    public SocketOptions options() {
        ensureOpen();
        return new SocketOptions(fd, channel.owner(), this);
    }

    /**
     * {@return the local address}
     *
     * @throws LinuxException when {@code getsockname} fails
     */
    public SocketAddress localAddress() throws LinuxException {
        ensureOpen();
        return SocketFds.localAddress(fd);
    }

    /**
     * {@return the peer's address}
     *
     * @throws LinuxException when {@code getpeername} fails (e.g. {@code ENOTCONN} before the connect completed)
     */
    public SocketAddress remoteAddress() throws LinuxException {
        ensureOpen();
        return SocketFds.remoteAddress(fd);
    }

    int fd() {
        return fd;
    }

    EventChannel channel() {
        return channel;
    }

    /** {@return true after {@link #close()}} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels what is pending and closes the descriptor. Sends already in the kernel still finish
     * handing their buffers back; no completion of this socket is reported afterwards. Closing twice
     * is harmless.
     */
    @Override
    public void close() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (closed) {
            return;
        }
        closed = true;
        tracker.close();
        receives.stop();
        sends.dropQueued();
        if (!channel.isClosed()) {
            misc.cancelFd(fd);
            // Submit now, while the descriptor still names this socket: a cancel-by-fd submitted after the
            // close could hit a socket accepted later under the same number. Submitting also hands the
            // kernel any queued request that points into this socket's memory before it is freed.
            misc.flush();
        }
        sends.close();
        recvs.detachFromSocket();
        receives.detachFromSocket();
        misc.detachFromSocket();
        if (connect != null) {
            connect.detachFromSocket();
        }
        // The kernel holds its own reference to the file for requests still in flight.
        SocketFds.closeQuietly(fd);
        arena.close();
    }

    private static int checkedLength(MemorySegment data) {
        if (data.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a send is at most 2 GiB; split it: " + data.byteSize());
        }
        return (int) data.byteSize();
    }

    private static void checkRange(MemorySegment m, long offset, int length) {
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
        return "AsyncSocket[fd=" + fd + (closed ? ", closed" : "") + "]";
    }
}
