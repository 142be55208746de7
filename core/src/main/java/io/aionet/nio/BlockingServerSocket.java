package io.aionet.nio;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A listening TCP socket whose {@link #accept()} parks the calling thread until a connection arrives —
 * the accept of thread-per-connection servers on virtual threads, on aionet's multishot accept (one
 * {@code IORING_OP_ACCEPT} request serves every connection, delivered as completions to the server's
 * event channel, Drepper's {@code SIGEV_EC}). Accepted {@link BlockingSocket}s spread across the group's
 * loops. See {@link BlockingSocket} for an example.
 *
 * <p>One thread accepts at a time (others wait their turn); an accept on a closed server throws
 * {@link java.nio.channels.ClosedChannelException}, one blocked when another thread closes it
 * {@link java.nio.channels.AsynchronousCloseException}, an interrupted one closes the server and throws
 * {@link java.nio.channels.ClosedByInterruptException}.
 */
public final class BlockingServerSocket implements java.io.Closeable {
    private final AionetServerSocketChannel channel;
    private final ReentrantLock acceptLock = new ReentrantLock();

    private BlockingServerSocket(AionetServerSocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Listens on {@code local} (port 0: an ephemeral port) in the default group.
     *
     * @param local   the address to listen on, or {@code null} for any address and a free port
     * @param backlog pending connections the kernel queues; below 1, a default of 50
     * @return the listening server
     * @throws java.net.BindException e.g. when the address is in use
     * @throws IOException            when no socket can be opened
     */
    public static BlockingServerSocket listen(SocketAddress local, int backlog) throws IOException {
        return listen(local, backlog, null);
    }

    /**
     * Listens on {@code local} in {@code group} (an aionet group, or {@code null} for the default one).
     *
     * @param local   the address to listen on, or {@code null} for any address and a free port
     * @param backlog pending connections the kernel queues; below 1, a default of 50
     * @param group   an aionet channel group, or {@code null} for the default group
     * @return the listening server
     * @throws java.nio.channels.IllegalChannelGroupException  when {@code group} is not aionet's
     * @throws java.nio.channels.ShutdownChannelGroupException when the group is shut down
     * @throws java.net.BindException                          e.g. when the address is in use
     * @throws IOException                                     when no socket can be opened
     */
    public static BlockingServerSocket listen(SocketAddress local, int backlog, AsynchronousChannelGroup group)
            throws IOException {
        AionetServerSocketChannel ch = AionetServerSocketChannel.open(AionetAsynchronousChannelProvider.aionetGroup(group));
        try {
            ch.bind(local, backlog);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new BlockingServerSocket(ch);
    }

    /**
     * Accepts the next connection, parking until one arrives.
     *
     * @return the connection, on the group's next loop
     * @throws java.nio.channels.ClosedChannelException     when the server is closed
     * @throws java.nio.channels.AsynchronousCloseException when another thread closes it meanwhile
     * @throws java.nio.channels.ClosedByInterruptException when the thread is interrupted (the server closes)
     * @throws IOException                                  the kernel's error
     */
    public BlockingSocket accept() throws IOException {
        acceptLock.lock();
        try {
            Parker p = new Parker();
            channel.acceptForStream(p);
            return BlockingSocket.accepted((AionetSocketChannel) p.await(channel));
        } finally {
            acceptLock.unlock();
        }
    }

    /**
     * The address the server listens on (with the port the kernel chose for port 0).
     *
     * @return the address
     * @throws IOException when the server is closed
     */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /**
     * Sets a socket option of the listening socket, as
     * {@link java.nio.channels.AsynchronousServerSocketChannel#setOption}.
     *
     * @param <T>   the option's type
     * @param name  the option
     * @param value its value
     * @return this server
     * @throws UnsupportedOperationException when the option is not supported
     * @throws IllegalArgumentException      for an invalid value
     * @throws IOException                   when the kernel refuses it, or the server is closed
     */
    public <T> BlockingServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /**
     * Whether the server is open.
     *
     * @return true until {@link #close()}
     */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Stops listening; a thread blocked in {@link #accept()} gets
     * {@link java.nio.channels.AsynchronousCloseException}. Closing twice is harmless.
     *
     * @throws IOException when the loop thread did not close the socket in time
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
