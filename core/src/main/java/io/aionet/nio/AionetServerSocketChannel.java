package io.aionet.nio;

import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.channels.AcceptPendingException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.NotYetBoundException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link AsynchronousServerSocketChannel} on an aionet {@link AsyncServerSocket}: one multishot accept
 * (armed by the first {@code accept}) delivers connections on the server's loop; each accepted
 * connection becomes a channel on the group's next loop, so connections spread across the group's
 * event channels. Connections that arrive while no accept is pending wait in a queue (they were taken
 * from the kernel's backlog early) and are closed if the server closes first.
 */
final class AionetServerSocketChannel extends AsynchronousServerSocketChannel implements Loop.Slot,
        IoFuture.Cancellable {
    static final int ACCEPT = 4;

    static final Set<SocketOption<?>> OPTIONS = Options.SERVER;

    private final AionetChannelGroup group;
    private final Loop loop;
    private final AsyncServerSocket server;
    private final boolean inet6;
    private final int slot;
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private final Object stateLock = new Object();
    private final AtomicBoolean accepting = new AtomicBoolean();
    private volatile boolean closed;
    private volatile InetSocketAddress localAddress;
    private volatile boolean acceptKilled;
    // loop thread only
    private Done<Object> acceptDone;
    private boolean armed;
    private final ArrayDeque<Integer> arrived = new ArrayDeque<>();

    private AionetServerSocketChannel(AionetChannelGroup group, Loop loop, AsyncServerSocket server, boolean inet6) {
        super(group.provider());
        this.group = group;
        this.loop = loop;
        this.server = server;
        this.inet6 = inet6;
        this.slot = loop.register(this);
    }

    static AionetServerSocketChannel open(AionetChannelGroup group) throws IOException {
        Loop loop = group.nextLoop();
        AionetServerSocketChannel ch;
        try {
            ch = loop.call(() -> {
                AsyncServerSocket s;
                boolean six = true;
                try {
                    s = AsyncServerSocket.open(loop.channel(), StandardProtocolFamily.INET6);
                } catch (IOException noIpv6) {
                    s = AsyncServerSocket.open(loop.channel(), StandardProtocolFamily.INET);
                    six = false;
                }
                return new AionetServerSocketChannel(group, loop, s, six);
            });
        } catch (RejectedExecutionException e) {
            throw new java.nio.channels.ShutdownChannelGroupException();
        }
        try {
            group.register(ch);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    private void begin() throws ClosedChannelException {
        closeLock.readLock().lock();
        if (closed) {
            closeLock.readLock().unlock();
            throw new ClosedChannelException();
        }
    }

    private void end() {
        closeLock.readLock().unlock();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public AsynchronousServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
        InetSocketAddress isa = local == null ? new InetSocketAddress(0) : Addresses.check(local);
        begin();
        try {
            synchronized (stateLock) {
                if (localAddress != null) {
                    throw new AlreadyBoundException();
                }
                try {
                    int bl = backlog < 1 ? 50 : backlog;
                    loop.call(() -> {
                        server.listen(Addresses.toKernel(isa, inet6), bl);
                        return null;
                    });
                } catch (IOException e) {
                    throw Errors.bind(e);
                }
                localAddress = Addresses.fromKernel(loop.call(server::localAddress));
            }
        } finally {
            end();
        }
        return this;
    }

    @Override
    public <T> AsynchronousServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        Objects.requireNonNull(name);
        if (!OPTIONS.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        begin();
        try {
            loop.call(() -> {
                Options.set(server.options(), name, value);
                return null;
            });
        } finally {
            end();
        }
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        Objects.requireNonNull(name);
        if (!OPTIONS.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        begin();
        try {
            return loop.call(() -> Options.get(server.options(), name));
        } finally {
            end();
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return OPTIONS;
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        return localAddress;
    }

    // ---------------------------------------------------------------- accept

    @Override
    public Future<AsynchronousSocketChannel> accept() {
        IoFuture<AsynchronousSocketChannel> f = new IoFuture<>(this, ACCEPT);
        startAccept(cast(f));
        return f;
    }

    @Override
    public <A> void accept(A attachment, CompletionHandler<AsynchronousSocketChannel, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        startAccept(cast(new Done.Handler<>(group, loop, handler, attachment)));
    }

    /** The future and blocking servers' accept: {@code done} gets an {@link AionetSocketChannel}. */
    void acceptForStream(Done<Object> done) {
        startAccept(done);
    }

    private void startAccept(Done<Object> done) {
        if (closed) {
            done.immediate(null, new ClosedChannelException());
            return;
        }
        if (localAddress == null) {
            throw new NotYetBoundException();
        }
        if (acceptKilled) {
            throw new RuntimeException("Accept not allowed due cancellation");
        }
        if (!accepting.compareAndSet(false, true)) {
            throw new AcceptPendingException();
        }
        try {
            // acceptDone is set on the loop, not here: the multishot accept brings connections at any
            // time, and one arriving while this hand-over is queued must not meet an accept the loop
            // has not taken yet
            loop.run(() -> {
                acceptDone = done;
                if (closed) {
                    failPending();
                    return;
                }
                if (!armed) {
                    armed = true;
                    server.accept(Loop.tag(slot, ACCEPT));
                }
                if (dropAbandoned()) {
                    return;
                }
                Integer fd = arrived.poll();
                if (fd != null) {
                    handOver(fd);
                }
            });
        } catch (RejectedExecutionException e) {
            accepting.set(false);
            done.immediate(null, new AsynchronousCloseException());
        }
    }

    @Override
    public void onCompletion(int op, int result, int flags) {
        if (op != ACCEPT) {
            return;
        }
        if (result >= 0) {
            dropAbandoned();
            if (acceptDone != null) {
                handOver(result);
            } else {
                arrived.add(result);
            }
        } else if (acceptDone != null && result != -Errors.ECANCELED) {
            Done<Object> d = acceptDone;
            acceptDone = null;
            accepting.set(false);
            d.done(null, Errors.io(-result));
        }
    }

    /** Gives connection {@code fd} to the pending accept, as a channel on the group's next loop. */
    private void handOver(int fd) {
        Done<Object> d = acceptDone;
        acceptDone = null;
        Loop target = group.nextLoop();
        Runnable adopt = () -> {
            AionetSocketChannel ch = null;
            Throwable exc = null;
            try {
                ch = AionetSocketChannel.accepted(group, target, fd, inet6);
            } catch (IOException | RuntimeException e) {
                exc = e;
            }
            accepting.set(false);
            d.done(ch, exc);
        };
        try {
            target.run(adopt);
        } catch (RejectedExecutionException e) {
            AsyncSocket.adopt(loop.channel(), fd).close();
            accepting.set(false);
            d.done(null, new IOException(new java.nio.channels.ShutdownChannelGroupException()));
        }
    }

    /**
     * Future servers: the pending accept's future was cancelled; it is withdrawn at once. The multishot
     * accept stays armed (it serves every accept of the server), and a connection it brings waits for
     * the next accept. Any thread.
     */
    void cancelAccept() {
        try {
            loop.run(this::dropAbandoned);
        } catch (RejectedExecutionException ended) {
            // the loop ended, and its event channel with every socket on it
        }
    }

    /** Ends a pending accept nobody waits for; true when it did. Loop thread. */
    private boolean dropAbandoned() {
        Done<Object> d = acceptDone;
        if (d == null || !d.abandoned()) {
            return false;
        }
        acceptDone = null;
        accepting.set(false);
        d.done(null, new java.util.concurrent.CancellationException());
        return true;
    }

    @Override
    public void onCancel(int op) {
        acceptKilled = true;
    }

    private void failPending() {
        if (acceptDone != null) {
            Done<Object> d = acceptDone;
            acceptDone = null;
            accepting.set(false);
            d.done(null, new AsynchronousCloseException());
        }
    }

    @Override
    public void close() throws IOException {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        if (loop.inLoop()) {
            implClose();
        } else {
            CompletableFuture<Void> f = new CompletableFuture<>();
            try {
                loop.execute(() -> {
                    try {
                        implClose();
                    } finally {
                        f.complete(null);
                    }
                });
                f.get(10, TimeUnit.SECONDS);
            } catch (RejectedExecutionException ended) {
                // the loop ended, and its event channel with every socket on it
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("the channel group thread did not close the socket", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        group.deregister(this);
    }

    private void implClose() {
        server.close();
        loop.unregister(slot);
        Integer fd;
        while ((fd = arrived.poll()) != null) {
            AsyncSocket.adopt(loop.channel(), fd).close(); // taken from the backlog, never accepted by the program
        }
        failPending();
    }

    @SuppressWarnings("unchecked")
    private static Done<Object> cast(Done<?> d) {
        return (Done<Object>) d;
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + (closed ? "closed" : localAddress == null ? "unbound" : localAddress.toString())
                + "]";
    }
}
