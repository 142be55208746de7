package io.aionet.nio;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.AcceptPendingException;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A listening TCP socket whose {@link #accept()} returns a {@link CompletableFuture} of a
 * {@link FutureSocket} — Drepper's accept with completion to an event channel: one multishot accept
 * ({@code IORING_OP_ACCEPT} with {@code IORING_ACCEPT_MULTISHOT}) on the server's loop delivers the
 * connections, and each accepted socket goes to the group's next loop, so connections spread across the
 * group's event channels. Futures complete on the accepted socket's loop thread, or on the executor
 * given at {@link #listen(SocketAddress, int, AsynchronousChannelGroup, Executor) listen}, which the
 * accepted sockets keep.
 *
 * {@snippet :
 * FutureServerSocket server = FutureServerSocket.listen(new InetSocketAddress("127.0.0.1", 0), 128);
 * server.accept().thenAccept(s -> {
 *     ByteBuffer b = ByteBuffer.allocate(1024);
 *     s.read(b).thenCompose(n -> s.write(b.flip()));   // echo one read
 * });
 * }
 *
 * <p>One accept may be pending at a time ({@link AcceptPendingException}); an accept on a closed server
 * fails with {@link java.nio.channels.ClosedChannelException}, one pending when it closes with
 * {@link java.nio.channels.AsynchronousCloseException}. Cancelling an accept's future withdraws it at
 * once: the multishot request serves every accept of the server and stays armed, and a connection it
 * brings meanwhile waits for the next accept (connections nobody accepted are closed with the server).
 */
public final class FutureServerSocket implements java.io.Closeable {
    private final AionetServerSocketChannel channel;
    private final Executor executor;
    private final FutureOp.Serial accepts = new FutureOp.Serial();

    private FutureServerSocket(AionetServerSocketChannel channel, Executor executor) {
        this.channel = channel;
        this.executor = executor;
    }

    /**
     * Listens on {@code local} (port 0: an ephemeral port, see {@link #localAddress()}) in the default
     * group, completing on the loop threads.
     *
     * @param local   the address to listen on
     * @param backlog pending connections the kernel queues; below 1, a default of 50
     * @return the listening server
     * @throws IOException            when no socket can be opened
     * @throws java.net.BindException e.g. when the address is in use
     */
    public static FutureServerSocket listen(SocketAddress local, int backlog) throws IOException {
        return listen(local, backlog, null, null);
    }

    /**
     * Listens on {@code local} in {@code group} (an aionet group, or {@code null} for the default one);
     * futures complete on {@code executor}, or on the loop threads when it is {@code null}.
     *
     * @param local    the address to listen on, or {@code null} for any address and a free port
     * @param backlog  pending connections the kernel queues; below 1, a default of 50
     * @param group    an aionet channel group, or {@code null} for the default group
     * @param executor where futures complete, or {@code null} for the loop threads
     * @return the listening server
     * @throws IOException                                     when no socket can be opened
     * @throws java.nio.channels.IllegalChannelGroupException  when {@code group} is not aionet's
     * @throws java.nio.channels.ShutdownChannelGroupException when the group is shut down
     * @throws java.net.BindException                          e.g. when the address is in use
     */
    public static FutureServerSocket listen(SocketAddress local, int backlog, AsynchronousChannelGroup group,
                                            Executor executor) throws IOException {
        AionetServerSocketChannel ch = AionetServerSocketChannel.open(AionetAsynchronousChannelProvider.aionetGroup(group));
        try {
            ch.bind(local, backlog);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new FutureServerSocket(ch, executor);
    }

    /**
     * Accepts the next connection.
     *
     * @return the accept's future: the connected socket
     * @throws AcceptPendingException when an accept is pending
     */
    public CompletableFuture<FutureSocket> accept() {
        FutureOp<FutureSocket> op = new FutureOp<>(accepts, executor) {
            @Override
            void start() {
                channel.acceptForStream(this);
            }

            @Override
            void cancelInKernel() {
                channel.cancelAccept();
            }

            @Override
            boolean settle(Object value, Throwable exc) {
                if (exc != null) {
                    fail(exc);
                } else if (isDone()) {
                    ((AionetSocketChannel) value).closeQuietly(); // accepted just as the future was cancelled
                } else {
                    FutureSocket s = FutureSocket.accepted((AionetSocketChannel) value, executor);
                    deliver(f -> {
                        if (!f.complete(s)) {
                            s.closeQuietly(); // cancelled on its way through the executor
                        }
                    });
                }
                return true;
            }
        };
        accepts.begin(op, AcceptPendingException::new);
        return op;
    }

    /**
     * {@return the address the server listens on (with the port the kernel chose for port 0)}
     *
     * @throws IOException when the server is closed
     */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /**
     * Sets a socket option of the listening socket, as
     * {@link java.nio.channels.AsynchronousServerSocketChannel#setOption}.
     *
     * @param <T>   the option's value type
     * @param name  the option
     * @param value its new value
     * @return this server
     * @throws IOException as {@link java.nio.channels.AsynchronousServerSocketChannel#setOption}
     */
    public <T> FutureServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        Objects.requireNonNull(name, "name");
        channel.setOption(name, value);
        return this;
    }

    /** {@return true until {@link #close()}} */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Stops listening; a pending accept fails with {@link java.nio.channels.AsynchronousCloseException}. Closing twice is harmless. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
