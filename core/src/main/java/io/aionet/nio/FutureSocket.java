package io.aionet.nio;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.ReadPendingException;
import java.nio.channels.WritePendingException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A TCP connection whose operations return {@link CompletableFuture}s — Drepper's asynchronous socket
 * calls ({@code sio_recv}, {@code sio_send}) with completion to an event channel ({@code SIGEV_EC}),
 * for code that does not run on an event channel's owner thread. Each operation is handed to the loop
 * thread that owns the connection's event channel with {@code post}, submitted there as an io_uring
 * request, and its completion completes the future: on that loop thread, or on the executor given at
 * {@link #connect(SocketAddress, AsynchronousChannelGroup, Executor) connect} (accepted sockets take
 * their server's).
 *
 * {@snippet :
 * FutureSocket s = FutureSocket.connect(new InetSocketAddress("127.0.0.1", port)).get();
 * ByteBuffer in = ByteBuffer.allocate(64);
 * s.write(ByteBuffer.wrap("ping".getBytes()))
 *         .thenCompose(n -> s.read(in))
 *         .thenAccept(n -> System.out.println("read " + n + " bytes"))
 *         .join();
 * s.close();
 * }
 *
 * <p><b>Rules</b> (those of {@link java.nio.channels.AsynchronousSocketChannel}): one read and one write
 * may be pending at a time ({@link ReadPendingException} / {@link WritePendingException} otherwise); a
 * read completes with the bytes it moved, {@code -1} at end of stream; a write completes once every
 * remaining byte of its buffer went out. Futures fail with the JDK's exceptions:
 * {@link java.nio.channels.ClosedChannelException} for an operation on a closed socket,
 * {@link java.nio.channels.AsynchronousCloseException} for one in flight when it closes,
 * {@link java.net.ConnectException} for a refused connect, an {@link IOException} naming the kernel's
 * error ({@code "Connection reset by peer"}) otherwise. Bad arguments throw at once
 * ({@link NullPointerException}, {@link IllegalArgumentException} for a read-only buffer).
 *
 * <p><b>Cancellation:</b> {@code future.cancel(…)} cancels the request in the kernel
 * ({@code IORING_OP_ASYNC_CANCEL}). A read is received through the socket's own memory and copied into
 * the caller's buffer only when its future is still waiting, so a cancelled read never touches the
 * buffer afterwards; bytes it received before the cancel took effect go to the next read. A cancelled
 * write may have sent part of its bytes, so the socket then refuses further writes
 * ({@link IllegalStateException}, as the JDK's channels do). A cancelled connect closes the socket.
 * A read or write started while a cancelled one still waits for the kernel runs after it. Only the
 * operation's own future cancels: futures derived from it ({@code thenApply} …) do not reach back.
 */
public final class FutureSocket implements java.io.Closeable {
    private final AionetSocketChannel channel;
    private final Executor executor;
    private final FutureOp.Serial reads = new FutureOp.Serial();
    private final FutureOp.Serial writes = new FutureOp.Serial();

    private FutureSocket(AionetSocketChannel channel, Executor executor) {
        this.channel = channel;
        this.executor = executor;
        channel.stageReads();
    }

    /** A socket for a connection a {@link FutureServerSocket} accepted. */
    static FutureSocket accepted(AionetSocketChannel channel, Executor executor) {
        return new FutureSocket(channel, executor);
    }

    /**
     * Connects to {@code remote} on the default group (one loop thread per processor), completing on
     * the loop thread.
     *
     * @param remote the peer's address
     * @return the connection's future: the socket once connected, or the connect's failure
     * @throws IOException when no socket can be opened
     */
    public static CompletableFuture<FutureSocket> connect(SocketAddress remote) throws IOException {
        return connect(remote, null, null);
    }

    /**
     * Connects to {@code remote}; the socket's futures complete on {@code executor}, or on the loop
     * thread when it is {@code null}.
     *
     * @param remote   the peer's address
     * @param group    an aionet channel group (from {@link AionetAsynchronousChannelProvider}), or
     *                 {@code null} for the default group
     * @param executor where the socket's futures complete, or {@code null} for the loop thread
     * @return the connection's future: the socket once connected, or the connect's failure
     * @throws java.nio.channels.IllegalChannelGroupException  when {@code group} is not aionet's
     * @throws java.nio.channels.ShutdownChannelGroupException when the group is shut down
     * @throws java.nio.channels.UnresolvedAddressException    for an unresolved address
     * @throws IOException                                     when no socket can be opened
     */
    public static CompletableFuture<FutureSocket> connect(SocketAddress remote, AsynchronousChannelGroup group,
                                                          Executor executor) throws IOException {
        Objects.requireNonNull(remote, "remote");
        AionetSocketChannel ch = AionetSocketChannel.open(AionetAsynchronousChannelProvider.aionetGroup(group));
        FutureSocket s = new FutureSocket(ch, executor);
        FutureOp<FutureSocket> op = new FutureOp<>(new FutureOp.Serial(), executor) {
            @Override
            void start() {
                ch.connectForFuture(remote, this);
            }

            @Override
            void cancelInKernel() {
                ch.closeQuietly(); // as the JDK: a channel whose connect did not finish is closed
            }

            @Override
            boolean settle(Object value, Throwable exc) {
                if (exc != null) {
                    fail(exc);
                } else if (isDone()) {
                    ch.closeQuietly(); // connected after the cancel
                } else {
                    deliver(f -> {
                        if (!f.complete(s)) {
                            s.closeQuietly(); // cancelled on its way through the executor
                        }
                    });
                }
                return true;
            }
        };
        try {
            op.start();
        } catch (RuntimeException e) {
            ch.closeQuietly();
            throw e;
        }
        return op;
    }

    /**
     * Reads what has arrived, up to {@code dst.remaining()} bytes, into {@code dst} (its position moves
     * by the count); the future gets the count, {@code -1} at end of stream, 0 when {@code dst} is full.
     *
     * @param dst the buffer the bytes land in
     * @return the read's future: the count, {@code -1} at end of stream
     * @throws ReadPendingException      when a read is pending
     * @throws IllegalArgumentException  when {@code dst} is read-only
     */
    public CompletableFuture<Integer> read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        FutureOp<Integer> op = new FutureOp<>(reads, executor) {
            @Override
            void start() {
                channel.readForStream(dst, this);
            }

            @Override
            void cancelInKernel() {
                channel.cancelRead();
            }

            @Override
            boolean settle(Object value, Throwable exc) {
                if (exc != null) {
                    fail(exc);
                } else {
                    succeed(value);
                }
                return true;
            }
        };
        reads.begin(op, ReadPendingException::new);
        return op;
    }

    /**
     * Writes every remaining byte of {@code src} (its position moves to its limit); the future gets the
     * count once the kernel took them all.
     *
     * @param src the bytes to send
     * @return the write's future: the count of bytes written
     * @throws WritePendingException when a write is pending
     * @throws IllegalStateException when an earlier write was cancelled in the kernel
     */
    public CompletableFuture<Integer> write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        FutureOp<Integer> op = new FutureOp<>(writes, executor) {
            private int total;

            @Override
            void start() {
                channel.writeForStream(src, this);
            }

            @Override
            void cancelInKernel() {
                channel.cancelWrite();
            }

            @Override
            boolean settle(Object value, Throwable exc) {
                if (exc != null) {
                    fail(exc);
                    return true;
                }
                total += (Integer) value;
                if (src.hasRemaining() && !isDone()) {
                    try {
                        start(); // a staged write moves at most 256 KiB: on with the rest
                        return false;
                    } catch (RuntimeException e) {
                        fail(e);
                        return true;
                    }
                }
                succeed(total);
                return true;
            }
        };
        writes.begin(op, WritePendingException::new);
        return op;
    }

    /**
     * Sets a socket option ({@link java.net.StandardSocketOptions}, {@code jdk.net.ExtendedSocketOptions}),
     * with the checks and exceptions of {@link java.nio.channels.AsynchronousSocketChannel#setOption}.
     *
     * @param <T>   the option's value type
     * @param name  the option
     * @param value its new value
     * @return this socket
     * @throws IOException as {@link java.nio.channels.AsynchronousSocketChannel#setOption}
     */
    public <T> FutureSocket setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /**
     * {@return the value of a socket option} As {@link java.nio.channels.AsynchronousSocketChannel#getOption}.
     *
     * @param <T>  the option's value type
     * @param name the option
     * @throws IOException as {@link java.nio.channels.AsynchronousSocketChannel#getOption}
     */
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return channel.getOption(name);
    }

    /**
     * {@return the local address}
     *
     * @throws IOException when the socket is closed
     */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /**
     * {@return the peer's address}
     *
     * @throws IOException when the socket is closed
     */
    public SocketAddress remoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    /**
     * Half-close: no more writes; the peer reads end of stream.
     *
     * @return this socket
     * @throws IOException when the socket is closed or the kernel refuses
     */
    public FutureSocket shutdownOutput() throws IOException {
        channel.shutdownOutput();
        return this;
    }

    /** {@return true until {@link #close()}} */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the socket: pending futures fail with {@link java.nio.channels.AsynchronousCloseException}. Closing twice is harmless. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    void closeQuietly() {
        channel.closeQuietly();
    }

    @Override
    public String toString() {
        return "FutureSocket" + channel.toString().substring(channel.toString().indexOf('['));
    }
}
