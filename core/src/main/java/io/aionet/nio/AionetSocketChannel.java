package io.aionet.nio;

import io.aionet.linux.Sockets;
import io.aionet.net.AsyncSocket;
import io.aionet.net.SocketOptions;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.ReadPendingException;
import java.nio.channels.WritePendingException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link AsynchronousSocketChannel} on an aionet {@link AsyncSocket}: every read, write and connect
 * is an asynchronous operation submitted on the event channel of the loop the channel belongs to
 * (Drepper's {@code sio_recv} / {@code sio_send} with {@code SIGEV_EC}). Calls from other threads
 * are handed to that loop with {@code post}.
 *
 * <p>Memory: a direct {@link ByteBuffer} given alone is read into / written from in place; heap
 * buffers and scattering/gathering arrays go through one native staging area per direction (at most
 * {@value #STAGE_MAX} bytes per operation, so a read or write may move fewer bytes than remain — as
 * the JDK's may). A write sends every byte it takes before it completes.
 */
final class AionetSocketChannel extends AsynchronousSocketChannel implements Loop.Slot, IoFuture.Cancellable {
    static final int CONNECT = 1;
    static final int READ = 2;
    static final int WRITE = 3;
    /** The most bytes one staged read or write moves. */
    static final int STAGE_MAX = 256 * 1024;
    /** A send made on the initiating thread: never blocks, and a closed peer is {@code EPIPE}, not a signal. */
    private static final int SEND_NOW = Sockets.MSG_DONTWAIT | Sockets.MSG_NOSIGNAL;

    private static final int ST_UNCONNECTED = 0;
    private static final int ST_PENDING = 1;
    private static final int ST_CONNECTED = 2;

    static final Set<SocketOption<?>> OPTIONS = Options.SOCKET;

    final AionetChannelGroup group;
    final Loop loop;
    private final AsyncSocket socket;
    private final boolean inet6;
    private final int slot;
    /** The socket's descriptor, for the sends a foreign thread makes itself ({@link #writeNow()}). */
    private final int fd;

    private final Object stateLock = new Object();
    /** Held (read) by calls that use the descriptor from any thread; close takes it (write) to set {@link #closed}. */
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private volatile int state;
    private volatile InetSocketAddress localAddress;
    private volatile InetSocketAddress remoteAddress;
    private InetSocketAddress pendingRemote;

    // guarded by stateLock
    private boolean reading;
    private boolean readShutdown;
    private boolean readKilled;
    private boolean writing;
    private boolean writeShutdown;
    private boolean writeKilled;

    // the operation in flight of each kind: written by the initiating thread before the hand-over to the
    // loop (the queue orders it), read and cleared on the loop
    private Done<Object> connectDone;
    private Done<Object> readDone;
    private ByteBuffer readDst;
    private ByteBuffer[] readDsts;
    private long readTimeout;
    private boolean readStaged;
    private Done<Object> writeDone;
    private ByteBuffer writeSrc;
    private ByteBuffer[] writeSrcs;
    private long writeTimeout;
    private Loop.Deadline writeDeadline;
    /** A write that timed out is still in the kernel: its staging memory is not reused. */
    private boolean writeInKernel;

    private MemorySegment readStage;
    private MemorySegment writeStage;

    /** Reads always go through {@link #readStage} (the future sockets: a cancelled read never writes into the caller's buffer). */
    private volatile boolean stageReads;
    /** The pending read is in the kernel (loop thread only). */
    private boolean readSubmitted;
    /** Bytes a cancelled read received anyway, kept at {@link #carryOff} of {@link #readStage} for the next read. */
    private int carryOff;
    private int carryLen;

    private AionetSocketChannel(AionetChannelGroup group, Loop loop, AsyncSocket socket, boolean inet6) {
        super(group.provider());
        this.group = group;
        this.loop = loop;
        this.socket = socket;
        this.inet6 = inet6;
        this.slot = loop.register(this);
        this.fd = io.aionet.net.spi.NetSpi.bridge().fd(socket);
    }

    /** A new unconnected channel in {@code group} (a dual-stack socket where the kernel has IPv6). */
    static AionetSocketChannel open(AionetChannelGroup group) throws IOException {
        Loop loop = group.nextLoop();
        AionetSocketChannel ch;
        try {
            ch = loop.call(() -> {
                AsyncSocket s;
                boolean six = true;
                try {
                    s = AsyncSocket.open(loop.channel(), StandardProtocolFamily.INET6);
                } catch (IOException noIpv6) {
                    s = AsyncSocket.open(loop.channel(), StandardProtocolFamily.INET);
                    six = false;
                }
                return new AionetSocketChannel(group, loop, s, six);
            });
        } catch (RejectedExecutionException e) {
            throw new java.nio.channels.ShutdownChannelGroupException();
        }
        try {
            group.register(ch);
        } catch (RuntimeException e) {
            ch.closeQuietly();
            throw e;
        }
        return ch;
    }

    /** A channel for a connection accepted as descriptor {@code fd}; on {@code loop}'s thread. */
    static AionetSocketChannel accepted(AionetChannelGroup group, Loop loop, int fd, boolean inet6) throws IOException {
        AsyncSocket s = AsyncSocket.adopt(loop.channel(), fd);
        AionetSocketChannel ch = new AionetSocketChannel(group, loop, s, inet6);
        try {
            ch.localAddress = Addresses.fromKernel(s.localAddress());
            ch.remoteAddress = Addresses.fromKernel(s.remoteAddress());
            ch.state = ST_CONNECTED;
            group.register(ch);
        } catch (IOException | RuntimeException e) {
            ch.closeQuietly();
            if (e instanceof java.nio.channels.ShutdownChannelGroupException sg) {
                throw new IOException(sg);
            }
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

    // ---------------------------------------------------------------- bind, options, addresses

    @Override
    public AsynchronousSocketChannel bind(SocketAddress local) throws IOException {
        InetSocketAddress isa = local == null ? new InetSocketAddress(0) : Addresses.check(local);
        begin();
        try {
            synchronized (stateLock) {
                if (state == ST_PENDING) {
                    throw new ConnectionPendingException();
                }
                if (localAddress != null) {
                    throw new AlreadyBoundException();
                }
                try {
                    loop.call(() -> {
                        socket.bind(Addresses.toKernel(isa, inet6));
                        return null;
                    });
                } catch (IOException e) {
                    throw Errors.bind(e);
                }
                localAddress = Addresses.fromKernel(loop.call(socket::localAddress));
            }
        } finally {
            end();
        }
        return this;
    }

    @Override
    public <T> AsynchronousSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        Objects.requireNonNull(name);
        if (!OPTIONS.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        begin();
        try {
            if (writeShutdown) {
                throw new IOException("Connection has been shutdown for writing");
            }
            loop.call(() -> {
                Options.set(socket.options(), name, value);
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
            return loop.call(() -> Options.get(socket.options(), name));
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

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        return remoteAddress;
    }

    @Override
    public AsynchronousSocketChannel shutdownInput() throws IOException {
        begin();
        try {
            if (remoteAddress == null) {
                throw new NotYetConnectedException();
            }
            synchronized (stateLock) {
                if (!readShutdown) {
                    loop.call(() -> {
                        socket.shutdown(true, false);
                        return null;
                    });
                    readShutdown = true;
                }
            }
        } finally {
            end();
        }
        return this;
    }

    @Override
    public AsynchronousSocketChannel shutdownOutput() throws IOException {
        begin();
        try {
            if (remoteAddress == null) {
                throw new NotYetConnectedException();
            }
            synchronized (stateLock) {
                if (!writeShutdown) {
                    loop.call(() -> {
                        socket.shutdown(false, true);
                        return null;
                    });
                    writeShutdown = true;
                }
            }
        } finally {
            end();
        }
        return this;
    }

    // ---------------------------------------------------------------- connect

    @Override
    public Future<Void> connect(SocketAddress remote) {
        IoFuture<Void> f = new IoFuture<>(this, CONNECT);
        startConnect(remote, cast(f));
        return f;
    }

    @Override
    public <A> void connect(SocketAddress remote, A attachment, CompletionHandler<Void, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        startConnect(remote, cast(new Done.Handler<>(group, loop, handler, attachment)));
    }

    /** The future sockets' connect: {@code done} gets {@code null} or why it failed. */
    void connectForFuture(SocketAddress remote, Done<Object> done) {
        startConnect(remote, done);
    }

    private void startConnect(SocketAddress remote, Done<Object> done) {
        if (closed) {
            done.immediate(null, new ClosedChannelException());
            return;
        }
        InetSocketAddress isa = Addresses.check(remote);
        if (isa.getAddress().isAnyLocalAddress()) {
            isa = new InetSocketAddress(InetAddress.getLoopbackAddress(), isa.getPort());
        }
        synchronized (stateLock) {
            if (state == ST_CONNECTED) {
                throw new AlreadyConnectedException();
            }
            if (state == ST_PENDING) {
                throw new ConnectionPendingException();
            }
            state = ST_PENDING;
            pendingRemote = isa;
        }
        connectDone = done;
        InetSocketAddress target = Addresses.toKernel(isa, inet6);
        handOver(() -> {
            if (closed) {
                failPending();
                return;
            }
            socket.connect(target, 0, Loop.tag(slot, CONNECT));
        }, CONNECT);
    }

    private void connected(int res) {
        Done<Object> d = connectDone;
        connectDone = null;
        if (d == null) {
            return;
        }
        Throwable exc = null;
        if (res == 0) {
            try {
                InetSocketAddress local = Addresses.fromKernel(socket.localAddress());
                synchronized (stateLock) {
                    localAddress = local;
                    remoteAddress = pendingRemote;
                    state = ST_CONNECTED;
                }
            } catch (IOException e) {
                exc = e;
            }
        } else {
            exc = closed && res == -Errors.ECANCELED ? new AsynchronousCloseException() : Errors.connect(-res);
        }
        if (exc != null) {
            closeQuietly(); // as the JDK: a channel whose connect failed is closed
        }
        d.done(null, exc);
    }

    // ---------------------------------------------------------------- read

    @Override
    public Future<Integer> read(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        IoFuture<Integer> f = new IoFuture<>(this, READ);
        startRead(false, dst, null, 0, null, cast(f));
        return f;
    }

    @Override
    public <A> void read(ByteBuffer dst, long timeout, TimeUnit unit, A attachment,
                         CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        startRead(false, dst, null, timeout, unit, cast(new Done.Handler<>(group, loop, handler, attachment)));
    }

    @Override
    public <A> void read(ByteBuffer[] dsts, int offset, int length, long timeout, TimeUnit unit, A attachment,
                         CompletionHandler<Long, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        Objects.checkFromIndexSize(offset, length, dsts.length);
        ByteBuffer[] bufs = java.util.Arrays.copyOfRange(dsts, offset, offset + length);
        for (ByteBuffer b : bufs) {
            if (b.isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
        }
        startRead(true, null, bufs, timeout, unit, cast(new Done.Handler<>(group, loop, handler, attachment)));
    }

    /** The future sockets' and blocking streams' read: {@code done} gets an {@link Integer}. */
    void readForStream(ByteBuffer dst, Done<Object> done) {
        startRead(false, dst, null, 0, null, done);
    }

    private void startRead(boolean scatter, ByteBuffer dst, ByteBuffer[] dsts, long timeout, TimeUnit unit,
                           Done<Object> done) {
        if (closed) {
            done.immediate(null, new ClosedChannelException());
            return;
        }
        if (remoteAddress == null) {
            throw new NotYetConnectedException();
        }
        boolean space = scatter || dst.hasRemaining();
        boolean shut;
        synchronized (stateLock) {
            if (readKilled) {
                throw new IllegalStateException("Reading not allowed due to timeout or cancellation");
            }
            if (reading) {
                throw new ReadPendingException();
            }
            shut = readShutdown;
            if (!shut && space) {
                reading = true;
            }
        }
        if (shut || !space) {
            done.immediate(result(scatter, shut ? -1 : 0), null);
            return;
        }
        readDone = done;
        readDst = dst;
        readDsts = dsts;
        readTimeout = timeout > 0 ? unit.toNanos(timeout) : 0;
        handOver(this::submitRead, READ);
    }

    private void submitRead() {
        if (closed) {
            failPending();
            return;
        }
        if (readDone.abandoned()) {
            takeRead(false).done(null, new java.util.concurrent.CancellationException());
            return;
        }
        if (carryLen > 0) {
            deliverCarry();
            return;
        }
        readSubmitted = true;
        if (!stageReads && readDst != null && readDst.isDirect()) {
            readStaged = false;
            MemorySegment m = MemorySegment.ofBuffer(readDst);
            socket.receive(m, 0, (int) m.byteSize(), readTimeout, Loop.tag(slot, READ));
            return;
        }
        long want = 0;
        if (readDst != null) {
            want = readDst.remaining();
        } else {
            for (ByteBuffer b : readDsts) {
                want += b.remaining();
            }
        }
        if (want == 0) { // a scattering read into full buffers
            completeRead(0);
            return;
        }
        int n = (int) Math.min(want, STAGE_MAX);
        readStage = stage(readStage, n);
        readStaged = true;
        socket.receive(readStage, 0, n, readTimeout, Loop.tag(slot, READ));
    }

    private void read(int res) {
        if (readDone == null) {
            return;
        }
        if (res > 0 && readStaged && !readDone.claim()) {
            carryOff = 0; // the cancel came too late: the bytes wait in the stage for the next read
            carryLen = res;
            takeRead(false).done(null, new java.util.concurrent.CancellationException());
            return;
        }
        if (res > 0) {
            if (readStaged) {
                scatter(res);
            } else {
                readDst.position(readDst.position() + res);
            }
            completeRead(res);
        } else if (res == 0) {
            completeRead(-1);
        } else {
            Throwable exc;
            boolean killed = false;
            if (res == -Errors.ETIMEDOUT && readTimeout > 0) {
                exc = new InterruptedByTimeoutException();
                killed = true;
            } else if (res == -Errors.ECANCELED || closed) {
                exc = new AsynchronousCloseException();
            } else {
                exc = Errors.io(-res);
            }
            Done<Object> d = takeRead(killed);
            d.done(null, exc);
        }
    }

    private void completeRead(int n) {
        boolean scatterForm = readDsts != null;
        Done<Object> d = takeRead(false);
        d.done(result(scatterForm, n), null);
    }

    /** Gives the next read what a cancelled read had received (no kernel request). */
    private void deliverCarry() {
        if (!readDone.claim()) { // cancelled meanwhile: the bytes wait for the next read
            takeRead(false).done(null, new java.util.concurrent.CancellationException());
            return;
        }
        int n = 0;
        if (readDst != null) {
            n = Math.min(readDst.remaining(), carryLen);
            MemorySegment.copy(readStage, carryOff, MemorySegment.ofBuffer(readDst), 0, n);
            readDst.position(readDst.position() + n);
        } else {
            for (ByteBuffer b : readDsts) {
                int k = Math.min(b.remaining(), carryLen - n);
                MemorySegment.copy(readStage, carryOff + n, MemorySegment.ofBuffer(b), 0, k);
                b.position(b.position() + k);
                n += k;
            }
        }
        carryOff += n;
        carryLen -= n;
        completeRead(n);
    }

    /** Future sockets: every read goes through the channel's own memory; call before the first read. */
    void stageReads() {
        stageReads = true;
    }

    /**
     * Future sockets: the pending read's future was cancelled; cancel its request in the kernel (a read
     * not submitted yet is dropped when its turn comes). Any thread.
     */
    void cancelRead() {
        runOnLoop(() -> {
            if (readDone != null && readDone.abandoned() && readSubmitted && !closed) {
                socket.cancelReceive();
            }
        });
    }

    /**
     * Future sockets: the pending write's future was cancelled; cancel its send in the kernel. A write
     * already in the kernel may have sent part of its bytes, so the channel then refuses further writes
     * (as the JDK's channels do after a cancel). Any thread.
     */
    void cancelWrite() {
        runOnLoop(() -> {
            if (writeDone != null && writeDone.abandoned() && writeInKernel && !closed) {
                synchronized (stateLock) {
                    writeKilled = true;
                }
                socket.cancelSend();
            }
        });
    }

    private void runOnLoop(Runnable r) {
        try {
            loop.run(r);
        } catch (RejectedExecutionException ended) {
            // the loop ended: its channel, and every request on it, is gone
        }
    }

    private Done<Object> takeRead(boolean killed) {
        Done<Object> d = readDone;
        readDone = null;
        readSubmitted = false;
        readDst = null;
        readDsts = null;
        synchronized (stateLock) {
            reading = false;
            if (killed) {
                readKilled = true;
            }
        }
        return d;
    }

    private void scatter(int n) {
        long off = 0;
        if (readDst != null) {
            copyOut(readStage, 0, readDst, n);
            return;
        }
        for (ByteBuffer b : readDsts) {
            if (off == n) {
                break;
            }
            int k = (int) Math.min(b.remaining(), n - off);
            copyOut(readStage, off, b, k);
            off += k;
        }
    }

    private static void copyOut(MemorySegment from, long off, ByteBuffer to, int n) {
        MemorySegment.copy(from, off, MemorySegment.ofBuffer(to), 0, n);
        to.position(to.position() + n);
    }

    // ---------------------------------------------------------------- write

    @Override
    public Future<Integer> write(ByteBuffer src) {
        IoFuture<Integer> f = new IoFuture<>(this, WRITE);
        startWrite(false, src, null, 0, null, cast(f));
        return f;
    }

    @Override
    public <A> void write(ByteBuffer src, long timeout, TimeUnit unit, A attachment,
                          CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        startWrite(false, src, null, timeout, unit, cast(new Done.Handler<>(group, loop, handler, attachment)));
    }

    @Override
    public <A> void write(ByteBuffer[] srcs, int offset, int length, long timeout, TimeUnit unit, A attachment,
                          CompletionHandler<Long, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        Objects.checkFromIndexSize(offset, length, srcs.length);
        ByteBuffer[] bufs = java.util.Arrays.copyOfRange(srcs, offset, offset + length);
        startWrite(true, null, bufs, timeout, unit, cast(new Done.Handler<>(group, loop, handler, attachment)));
    }

    /** The future sockets' and blocking streams' write: {@code done} gets an {@link Integer}. */
    void writeForStream(ByteBuffer src, Done<Object> done) {
        startWrite(false, src, null, 0, null, done);
    }

    private void startWrite(boolean gather, ByteBuffer src, ByteBuffer[] srcs, long timeout, TimeUnit unit,
                            Done<Object> done) {
        boolean data = gather || src.hasRemaining();
        boolean refused = false;
        if (!closed) {
            if (remoteAddress == null) {
                throw new NotYetConnectedException();
            }
            synchronized (stateLock) {
                if (writeKilled) {
                    throw new IllegalStateException("Writing not allowed due to timeout or cancellation");
                }
                if (writing) {
                    throw new WritePendingException();
                }
                if (writeShutdown) {
                    refused = true;
                } else if (data) {
                    writing = true;
                }
            }
        } else {
            refused = true;
        }
        if (refused) {
            done.immediate(null, new ClosedChannelException());
            return;
        }
        if (!data) {
            done.immediate(result(gather, 0), null);
            return;
        }
        writeDone = done;
        writeSrc = src;
        writeSrcs = srcs;
        writeTimeout = timeout > 0 ? unit.toNanos(timeout) : 0;
        if (!loop.inLoop() && writeNow()) {
            return;
        }
        handOver(this::submitWrite, WRITE);
    }

    /**
     * A write started on a thread other than the loop's first tries one non-blocking {@code send} on that
     * thread, as the JDK's provider does: when the socket takes bytes, the write completes here with what
     * it took (a write may move fewer bytes than remain), and no request crosses to the loop and back. Only
     * when the socket's buffer is full ({@code EAGAIN}) does the write go to the loop, which waits for room.
     * Safe beside the loop: one write is pending at a time ({@code writing}), so the stage is this thread's
     * until it completes, and the read lock holds {@link #close()} back — the descriptor cannot be closed
     * and its number reused while the call runs.
     *
     * @return true when the write ended here (its {@code Done} told), false when it goes to the loop
     */
    private boolean writeNow() {
        if (!closeLock.readLock().tryLock()) {
            return false; // a close is under way: the loop path reports it
        }
        try {
            if (closed) {
                return false;
            }
            long r;
            if (writeSrc != null && writeSrc.isDirect()) {
                MemorySegment m = MemorySegment.ofBuffer(writeSrc);
                r = Sockets.send(fd, m, 0, Math.min(m.byteSize(), Integer.MAX_VALUE - 8), SEND_NOW);
            } else {
                long have = 0;
                if (writeSrc != null) {
                    have = writeSrc.remaining();
                } else {
                    for (ByteBuffer b : writeSrcs) {
                        have += b.remaining();
                    }
                }
                if (have == 0) {
                    return false; // a gathering write of empty buffers: the loop path completes it
                }
                int n = (int) Math.min(have, STAGE_MAX);
                writeStage = stage(writeStage, n);
                gather(n);
                r = Sockets.send(fd, writeStage, 0, n, SEND_NOW);
            }
            if (r == -Errors.EAGAIN || r == -Errors.EINTR) {
                return false;
            }
            if (r < 0) {
                takeWrite(false).immediate(null, Errors.io((int) -r));
                return true;
            }
            advance((int) r);
            boolean gatherForm = writeSrcs != null;
            takeWrite(false).immediate(result(gatherForm, (int) r), null);
            return true;
        } finally {
            closeLock.readLock().unlock();
        }
    }

    private void submitWrite() {
        if (closed) {
            failPending();
            return;
        }
        if (writeDone.abandoned()) {
            takeWrite(false).done(null, new java.util.concurrent.CancellationException());
            return;
        }
        int n;
        if (writeSrc != null && writeSrc.isDirect()) {
            MemorySegment m = MemorySegment.ofBuffer(writeSrc);
            n = (int) Math.min(m.byteSize(), Integer.MAX_VALUE - 8);
            socket.send(m, 0, n, Loop.tag(slot, WRITE));
        } else {
            long have = 0;
            if (writeSrc != null) {
                have = writeSrc.remaining();
            } else {
                for (ByteBuffer b : writeSrcs) {
                    have += b.remaining();
                }
            }
            if (have == 0) { // a gathering write of empty buffers
                completeWrite(0);
                return;
            }
            n = (int) Math.min(have, STAGE_MAX);
            writeStage = stage(writeStage, n);
            gather(n);
            socket.send(writeStage, 0, n, Loop.tag(slot, WRITE));
        }
        writeInKernel = true;
        if (writeTimeout > 0) {
            writeDeadline = loop.schedule(writeTimeout, this::writeTimedOut);
        }
    }

    private void gather(int n) {
        if (writeSrc != null) {
            MemorySegment.copy(MemorySegment.ofBuffer(writeSrc), 0, writeStage, 0, n);
            return;
        }
        long off = 0;
        for (ByteBuffer b : writeSrcs) {
            if (off == n) {
                break;
            }
            int k = (int) Math.min(b.remaining(), n - off);
            MemorySegment.copy(MemorySegment.ofBuffer(b), 0, writeStage, off, k);
            off += k;
        }
    }

    private void written(int res) {
        writeInKernel = false;
        if (writeDeadline != null) {
            writeDeadline.cancel();
            writeDeadline = null;
        }
        if (writeDone == null) {
            return; // it timed out: the handler already heard so
        }
        if (res >= 0) {
            advance(res);
            completeWrite(res);
        } else {
            Throwable exc = res == -Errors.ECANCELED || closed ? new AsynchronousCloseException() : Errors.io(-res);
            takeWrite(false).done(null, exc);
        }
    }

    private void advance(int n) {
        if (writeSrc != null) {
            writeSrc.position(writeSrc.position() + n);
            return;
        }
        long left = n;
        for (ByteBuffer b : writeSrcs) {
            int k = (int) Math.min(b.remaining(), left);
            b.position(b.position() + k);
            left -= k;
        }
    }

    private void completeWrite(int n) {
        boolean gatherForm = writeSrcs != null;
        takeWrite(false).done(result(gatherForm, n), null);
    }

    private void writeTimedOut() {
        writeDeadline = null;
        if (writeDone != null) {
            takeWrite(true).done(null, new InterruptedByTimeoutException());
        }
    }

    private Done<Object> takeWrite(boolean killed) {
        Done<Object> d = writeDone;
        writeDone = null;
        writeSrc = null;
        writeSrcs = null;
        synchronized (stateLock) {
            writing = false;
            if (killed) {
                writeKilled = true;
            }
        }
        return d;
    }

    // ---------------------------------------------------------------- completions, cancel, close

    @Override
    public void onCompletion(int op, int result, int flags) {
        switch (op) {
            case READ -> read(result);
            case WRITE -> written(result);
            case CONNECT -> connected(result);
            default -> { }
        }
    }

    @Override
    public void onCancel(int op) {
        synchronized (stateLock) {
            if (op == READ || op == CONNECT) {
                readKilled = true;
            }
            if (op == WRITE || op == CONNECT) {
                writeKilled = true;
            }
        }
    }

    /** Hands {@code r} to the loop; when no loop is left, the operation fails as the group's rules say. */
    private void handOver(Runnable r, int op) {
        try {
            loop.run(r);
        } catch (RejectedExecutionException e) {
            Done<Object> d = switch (op) {
                case READ -> takeRead(false);
                case WRITE -> takeWrite(false);
                default -> {
                    Done<Object> c = connectDone;
                    connectDone = null;
                    yield c;
                }
            };
            if (d != null) {
                d.immediate(null, new AsynchronousCloseException());
            }
        }
    }

    /** On the loop: fails what is in flight because the channel closed. */
    private void failPending() {
        if (readDone != null) {
            takeRead(false).done(null, new AsynchronousCloseException());
        }
        if (writeDone != null) {
            takeWrite(false).done(null, new AsynchronousCloseException());
        }
        if (connectDone != null) {
            Done<Object> c = connectDone;
            connectDone = null;
            c.done(null, new AsynchronousCloseException());
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
                // the loop ended: its event channel closed, and every socket on it with it
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("the channel group thread did not close the socket", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        group.deregister(this);
    }

    /** On the loop: closes the socket (it reports nothing afterwards) and fails what was in flight. */
    private void implClose() {
        socket.close();
        loop.unregister(slot);
        if (writeDeadline != null) {
            writeDeadline.cancel();
            writeDeadline = null;
        }
        failPending();
        // The staging areas are freed by the garbage collector once unreachable; the cancel the socket
        // submitted before closing its descriptor has ended every receive and send that used them.
        readStage = null;
        writeStage = null;
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // closing regardless
        }
    }

    // ---------------------------------------------------------------- helpers

    private static MemorySegment stage(MemorySegment current, int n) {
        if (current != null && current.byteSize() >= n) {
            return current;
        }
        long size = Math.max(4096, Long.highestOneBit(n - 1) << 1);
        return Arena.ofAuto().allocate(Math.min(size, STAGE_MAX), 64);
    }

    private static Object result(boolean asLong, int n) {
        return asLong ? (Object) Long.valueOf(n) : (Object) Integer.valueOf(n);
    }

    @SuppressWarnings("unchecked")
    private static Done<Object> cast(Done<?> d) {
        return (Done<Object>) d;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getName()).append('[');
        if (closed) {
            sb.append("closed");
        } else {
            sb.append(switch (state) {
                case ST_PENDING -> "connection-pending";
                case ST_CONNECTED -> "connected";
                default -> "unconnected";
            });
            if (readShutdown) {
                sb.append(" ishut");
            }
            if (writeShutdown) {
                sb.append(" oshut");
            }
            if (localAddress != null) {
                sb.append(" local=").append(localAddress);
            }
            if (remoteAddress != null) {
                sb.append(" remote=").append(remoteAddress);
            }
        }
        return sb.append(']').toString();
    }
}
