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
     * @throws java.net.BindException e.g. when the address is in use
     */
    public static BlockingServerSocket listen(SocketAddress local, int backlog) throws IOException {
        return listen(local, backlog, null);
    }

    /**
     * Listens on {@code local} in {@code group} (an aionet group, or {@code null} for the default one).
     *
     * @param backlog pending connections the kernel queues; below 1, a default of 50
     * @throws java.nio.channels.IllegalChannelGroupException when {@code group} is not aionet's
     * @throws java.net.BindException                         e.g. when the address is in use
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

    /** {@return the next connection}, parking until one arrives */
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

    /** {@return the address the server listens on (with the port the kernel chose for port 0)} */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /** Sets a socket option of the listening socket, as {@link java.nio.channels.AsynchronousServerSocketChannel#setOption}. */
    public <T> BlockingServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /** {@return true until {@link #close()}} */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Stops listening; a thread blocked in {@link #accept()} gets {@link java.nio.channels.AsynchronousCloseException}. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
