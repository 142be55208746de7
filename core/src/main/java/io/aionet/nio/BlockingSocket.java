package io.aionet.nio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP connection with blocking calls for thread-per-connection code on virtual threads: a
 * {@link #read(ByteBuffer)} or {@link #write(ByteBuffer)} submits the operation to the io_uring of the
 * connection's loop thread and parks the calling thread until the completion arrives there — Drepper's
 * {@code sio_recv} / {@code sio_send} with completion to an event channel ({@code SIGEV_EC}), with the
 * parked thread as the waiter. A parked virtual thread leaves its carrier, so thousands of blocked
 * connections cost no platform thread each (the JDK parks virtual threads on its poller the same way,
 * with readiness where aionet has the kernel's completion).
 *
 * {@snippet :
 * BlockingServerSocket server = BlockingServerSocket.listen(new InetSocketAddress("127.0.0.1", 0), 128);
 * Thread.ofVirtual().start(() -> {
 *     try {
 *         while (true) {
 *             BlockingSocket s = server.accept();                   // parks the virtual thread, not a carrier
 *             Thread.ofVirtual().start(() -> {
 *                 try (s) {
 *                     s.inputStream().transferTo(s.outputStream()); // echo until end of stream
 *                 } catch (IOException peerGone) {
 *                     // the connection ends
 *                 }
 *             });
 *         }
 *     } catch (IOException closed) {
 *         // the server closed
 *     }
 * });
 * }
 *
 * <p>Rules: those of {@link java.nio.channels.SocketChannel} in blocking mode — reads return the bytes
 * that arrived (at least one), {@code -1} at end of stream; a write returns once every remaining byte
 * went out; one thread reads and one writes at a time (others wait their turn); a closed socket throws
 * {@link java.nio.channels.ClosedChannelException}, and a call blocked when another thread closes it
 * {@link java.nio.channels.AsynchronousCloseException}; interrupting a blocked thread closes the socket
 * and throws {@link java.nio.channels.ClosedByInterruptException}; the kernel's errors are
 * {@link IOException}s with its message ({@code "Connection reset by peer"}). A direct buffer is read
 * into and written from in place; heap buffers (and the streams) go through the socket's own memory.
 */
public final class BlockingSocket implements ByteChannel {
    private final AionetSocketChannel channel;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();

    private BlockingSocket(AionetSocketChannel channel) {
        this.channel = channel;
    }

    static BlockingSocket accepted(AionetSocketChannel channel) {
        return new BlockingSocket(channel);
    }

    /**
     * Connects to {@code remote} on the default group (one loop thread per processor), parking the
     * calling thread until the connection is made.
     *
     * @param remote the peer's address
     * @return the connected socket
     * @throws java.net.ConnectException                   when the peer refuses
     * @throws java.nio.channels.UnresolvedAddressException for an unresolved address
     * @throws IOException                                 when no socket can be opened or the connect fails
     */
    public static BlockingSocket connect(SocketAddress remote) throws IOException {
        return connect(remote, null);
    }

    /**
     * Connects to {@code remote} with a socket on {@code group}'s loops (an aionet group, or
     * {@code null} for the default group).
     *
     * @param remote the peer's address
     * @param group  an aionet channel group, or {@code null} for the default group
     * @return the connected socket
     * @throws IOException                                     when no socket can be opened or the connect fails
     * @throws java.nio.channels.IllegalChannelGroupException  when {@code group} is not aionet's
     * @throws java.nio.channels.ShutdownChannelGroupException when the group is shut down
     * @throws java.nio.channels.UnresolvedAddressException    for an unresolved address
     * @throws java.net.ConnectException                       when the peer refuses
     */
    public static BlockingSocket connect(SocketAddress remote, AsynchronousChannelGroup group) throws IOException {
        Objects.requireNonNull(remote, "remote");
        AionetSocketChannel ch = AionetSocketChannel.open(AionetAsynchronousChannelProvider.aionetGroup(group));
        try {
            Parker p = new Parker();
            ch.connectForFuture(remote, p);
            p.await(ch);
            return new BlockingSocket(ch);
        } catch (IOException | RuntimeException e) {
            ch.closeQuietly();
            throw e;
        }
    }

    /**
     * Reads what has arrived, up to {@code dst.remaining()} bytes, parking until at least one byte did.
     *
     * @param dst where the bytes go (its position moves by the count)
     * @return the count, {@code -1} at end of stream, 0 when {@code dst} is full
     * @throws IllegalArgumentException                       when {@code dst} is read-only
     * @throws java.nio.channels.ClosedChannelException       when the socket is closed
     * @throws java.nio.channels.AsynchronousCloseException   when another thread closes it meanwhile
     * @throws java.nio.channels.ClosedByInterruptException   when the thread is interrupted (the socket closes)
     * @throws IOException                                    the kernel's error, e.g. {@code "Connection reset by peer"}
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        readLock.lock();
        try {
            Parker p = new Parker();
            channel.readForStream(dst, p);
            return (Integer) p.await(channel);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Writes every remaining byte of {@code src}, parking until the kernel took them.
     *
     * @param src the bytes to send (its position moves to its limit)
     * @return the count
     * @throws java.nio.channels.ClosedChannelException       when the socket is closed or shut down for output
     * @throws java.nio.channels.AsynchronousCloseException   when another thread closes it meanwhile
     * @throws java.nio.channels.ClosedByInterruptException   when the thread is interrupted (the socket closes)
     * @throws IOException                                    the kernel's error, e.g. {@code "Broken pipe"}
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        writeLock.lock();
        try {
            int total = 0;
            do {
                Parker p = new Parker();
                channel.writeForStream(src, p);
                total += (Integer) p.await(channel);
            } while (src.hasRemaining());
            return total;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * An input stream over {@link #read(ByteBuffer)}; closing it closes the socket.
     *
     * @return the stream
     */
    public InputStream inputStream() {
        return Channels.newInputStream(this);
    }

    /**
     * An output stream over {@link #write(ByteBuffer)}; closing it closes the socket.
     *
     * @return the stream
     */
    public OutputStream outputStream() {
        return Channels.newOutputStream(this);
    }

    /**
     * Sets a socket option, with the checks and exceptions of
     * {@link java.nio.channels.AsynchronousSocketChannel#setOption}.
     *
     * @param <T>   the option's type
     * @param name  a {@link java.net.StandardSocketOptions} or {@code jdk.net.ExtendedSocketOptions} option
     * @param value its value
     * @return this socket
     * @throws UnsupportedOperationException when the option is not supported
     * @throws IllegalArgumentException      for an invalid value
     * @throws IOException                   when the kernel refuses it, or the socket is closed
     */
    public <T> BlockingSocket setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /**
     * Reads a socket option, as {@link java.nio.channels.AsynchronousSocketChannel#getOption}.
     *
     * @param <T>  the option's type
     * @param name the option
     * @return its value
     * @throws UnsupportedOperationException when the option is not supported
     * @throws IOException                   when the kernel refuses it, or the socket is closed
     */
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return channel.getOption(name);
    }

    /**
     * The local address.
     *
     * @return the address
     * @throws IOException when the socket is closed
     */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /**
     * The peer's address.
     *
     * @return the address
     * @throws IOException when the socket is closed
     */
    public SocketAddress remoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    /**
     * Half-close: no more writes; the peer reads end of stream.
     *
     * @return this socket
     * @throws IOException when the socket is closed
     */
    public BlockingSocket shutdownOutput() throws IOException {
        channel.shutdownOutput();
        return this;
    }

    /**
     * Whether the socket is open.
     *
     * @return true until {@link #close()}
     */
    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes the socket; threads blocked in it get {@link java.nio.channels.AsynchronousCloseException}.
     * Closing twice is harmless.
     *
     * @throws IOException when the loop thread did not close the socket in time
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        String s = channel.toString();
        return "BlockingSocket" + s.substring(s.indexOf('['));
    }
}
