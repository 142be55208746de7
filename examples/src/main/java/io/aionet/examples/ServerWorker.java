package io.aionet.examples;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.event.EventKind;
import io.aionet.LinuxException;
import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One thread of a {@link TcpServer}: it owns an event channel (Drepper's {@code ec_create}), a listening
 * socket on the server's port ({@code SO_REUSEPORT}, so the kernel spreads connections over the
 * threads), a DMA area with a pool of kernel-chosen receive buffers ({@code dma_assoc}), and the
 * connections it accepted. Its loop waits on the channel ({@code ec_delay}) and hands each completion
 * to the subclass by connection slot and kind.
 *
 * <p>The receive pool gives whole buffers unless the configuration asks for incremental consumption
 * ({@link ServerConfig#incrementalReceive()}): for request/response traffic a request that fits a
 * buffer then arrives, and is answered, in one piece — the layout of the C reference server.
 *
 * <p>A thread keeps at most {@link ServerConfig#maxConnections()} connections. A connection that
 * arrives at the cap — or while the process is out of descriptors ({@code EMFILE}, {@code ENFILE}),
 * which is logged — makes the worker shed one it can spare ({@link #shedOne()}, e.g. the oldest idle
 * keep-alive connection); when there is none, the new connection is refused (closed at once).
 *
 * <p>Completion tags carry the connection's slot, a generation and a kind (0 … 253, the subclass's), so
 * a completion that was already queued when its connection closed is recognised as stale and dropped
 * (its received buffer, if any, released). Everything but {@link #stop()} and the counters runs on the
 * worker's own thread.
 */
public abstract class ServerWorker implements Runnable {
    /** Tag kind of a connection's receives into the pool (the default {@link #onOpen}). */
    protected static final int RECEIVE = 1;
    /** Tag kind subclasses may use for sends. */
    protected static final int SEND = 2;
    private static final int ACCEPT = 0xFF;
    private static final long STOP_TAG = 0xFE;
    private static final long WAIT_NANOS = 200_000_000L;

    private final ServerConfig config;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private InetSocketAddress bindTo;
    /** Written by {@link #stop()} from any thread; read by the loop (volatile pair). */
    private volatile boolean stopRequested;
    /** Published (volatile) once the channel exists, for {@link #stop()} to wake the loop. */
    private volatile EventChannel published;
    /** Connections accepted so far; written by the worker only (volatile store), read by any thread. */
    private volatile long accepted;
    private volatile Throwable failure;

    /** The worker's channel; worker thread only. */
    protected EventChannel channel;
    /** The worker's DMA area; worker thread only. */
    protected DmaArea area;
    /** The worker's receive pool (kernel-chosen buffers); worker thread only. */
    protected ReceivePool pool;
    private AsyncServerSocket server;
    private AsyncSocket[] sockets = new AsyncSocket[64];
    private int[] generations = new int[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int highWater;
    private int open;
    /** Connections refused at the cap (worker writes, any thread reads). */
    private volatile long refused;
    private long acceptErrors;
    private long lastAcceptLog = Long.MIN_VALUE;
    private static final long ACCEPT_LOG_NANOS = 10_000_000_000L;
    private static final System.Logger LOG = System.getLogger(ServerWorker.class.getName());

    /** A worker laid out by {@code config}. */
    protected ServerWorker(ServerConfig config) {
        this.config = config;
    }

    /** The configuration. */
    protected final ServerConfig config() {
        return config;
    }

    void bindTo(InetSocketAddress address) {
        this.bindTo = address;
    }

    // ------------------------------------------------------------------ hooks

    /** Called on the worker thread once channel, area and pool exist, before accepting. */
    protected void onStarted() throws Exception {
    }

    /**
     * True (the default) when connections receive into the thread's pool of kernel-chosen buffers; a
     * subclass that receives into memory of its own returns false and gets no area and no pool.
     */
    protected boolean receivesIntoPool() {
        return true;
    }

    /**
     * Called when a connection arrives while the thread is at its cap or out of descriptors: close one
     * connection that can be spared (with {@link #closeConnection}) and return true, or return false to
     * refuse the newcomer. By default nothing is spared.
     */
    protected boolean shedOne() {
        return false;
    }

    /** Bytes the area holds beyond the receive pool (for buffers the subclass reserves). */
    protected long extraAreaBytes() {
        return 0;
    }

    /** A new connection in {@code slot}; by default it starts receiving into the pool (kind {@link #RECEIVE}). */
    protected void onOpen(int slot, AsyncSocket socket) throws LinuxException {
        socket.receive(pool, tag(slot, RECEIVE));
    }

    /** A completion of connection {@code slot} with the tag kind it was started with. */
    protected abstract void onEvent(int slot, int kind, Event e);

    /** Called after each round of events (at least every 200 ms), for deferred housekeeping. */
    protected void onIdle() {
    }

    /** Connection {@code slot} is about to close (its socket is still open). */
    protected void onClose(int slot, AsyncSocket socket) {
    }

    // ------------------------------------------------------------------ for subclasses

    /** The tag of an operation of connection {@code slot} with {@code kind} (0 … 253). */
    protected final long tag(int slot, int kind) {
        return ((long) (generations[slot] & 0xFF_FFFF) << 40) | ((long) slot << 8) | kind;
    }

    /** The socket of connection {@code slot}, or {@code null} when the slot is free. */
    protected final AsyncSocket socket(int slot) {
        return slot < sockets.length ? sockets[slot] : null;
    }

    /** Closes connection {@code slot} (after {@link #onClose}); its queued completions become stale. */
    protected final void closeConnection(int slot) {
        AsyncSocket s = sockets[slot];
        if (s == null) {
            return;
        }
        try {
            onClose(slot, s);
        } finally {
            sockets[slot] = null;
            generations[slot]++;
            freeSlots[freeCount++] = slot;
            open--;
            s.close();
        }
    }

    /** One past the highest slot ever used: every open connection's slot is below it (worker thread). */
    protected final int slotCount() {
        return highWater;
    }

    /** Connections open on this worker now (worker thread). */
    protected final int openConnections() {
        return open;
    }

    // ------------------------------------------------------------------ control (any thread)

    /** Connections this worker accepted. Any thread. */
    public final long accepted() {
        return accepted;
    }

    /** Connections this worker refused because it was at its cap with none to shed. Any thread. */
    public final long refused() {
        return refused;
    }

    /** Asks the loop to end; it closes every connection and its resources. Any thread. */
    public final void stop() {
        stopRequested = true;
        EventChannel c = published;
        if (c != null) {
            try {
                c.tryPost(STOP_TAG);
            } catch (IllegalStateException closedAlready) {
                // the loop has ended
            }
        }
    }

    /** The port the worker listens on, once it does; rethrows why it could not start. */
    int awaitReady(long timeoutMillis) throws Exception {
        try {
            return ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("server thread did not start in " + timeoutMillis + " ms", e);
        }
    }

    /** Waits until the loop has ended and its resources are closed; false on timeout. */
    boolean awaitDone(long timeoutMillis) throws InterruptedException {
        try {
            done.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** What ended the loop abnormally, or {@code null}. */
    public final Throwable failure() {
        return failure;
    }

    // ------------------------------------------------------------------ the loop

    @Override
    public final void run() {
        try {
            open();
        } catch (Throwable t) {
            ready.completeExceptionally(t);
            shutdown();
            done.complete(null);
            return;
        }
        try {
            loop();
        } catch (Throwable t) {
            failure = t;
            System.err.println(Thread.currentThread().getName() + ": server loop failed: " + t);
        } finally {
            shutdown();
            done.complete(null);
        }
    }

    private void open() throws Exception {
        EventChannelOptions options = EventChannelOptions.defaults().submissionEntries(1024).completionEntries(16384);
        if (config.sqPollIdleMillis() >= 0) {
            options.sqPoll(config.sqPollIdleMillis()); // a kernel thread takes the submissions (io_uring only)
        }
        channel = EventChannel.create(options);
        if (receivesIntoPool()) {
            long bytes = (long) config.receiveBuffers() * config.bufferSize() + extraAreaBytes();
            area = DmaArea.allocate(bytes, DmaOptions.defaults().withSlotSize(config.bufferSize()));
            pool = channel.receivePool(area, 1, config.receiveBuffers(), config.incrementalReceive());
        }
        onStarted();
        server = AsyncServerSocket.open(channel, bindTo, config.backlog(), true);
        server.accept(ACCEPT);
        published = channel;
        ready.complete(server.port());
    }

    private void loop() {
        EventChannel c = channel;
        Event e = new Event();
        while (!stopRequested) {
            c.await(1, WAIT_NANOS);
            while (!stopRequested && c.next(e)) {
                dispatch(e);
            }
            onIdle();
        }
    }

    private void dispatch(Event e) {
        if (e.kind() != EventKind.COMPLETION) {
            return; // the stop post, or an overflow notice (no completion is lost)
        }
        long tag = e.tag();
        int kind = (int) (tag & 0xFF);
        if (kind == ACCEPT) {
            if (e.result() >= 0) {
                accept(e.result());
            } else {
                acceptFailed(-e.result()); // the accept backs off and resumes by itself
            }
            return;
        }
        int slot = (int) ((tag >>> 8) & 0xFFFF_FFFFL);
        int gen = (int) (tag >>> 40);
        if (slot >= sockets.length || sockets[slot] == null || (generations[slot] & 0xFF_FFFF) != gen) {
            Buffer b = e.buffer();
            if (b != null) {
                b.release(); // a receive that was queued before its connection closed
            }
            return;
        }
        try {
            onEvent(slot, kind, e);
        } catch (RuntimeException ex) {
            System.err.println(Thread.currentThread().getName() + ": connection " + slot + " failed: " + ex);
            Buffer b = e.buffer();
            if (b != null && b.isOwned()) {
                b.release();
            }
            closeConnection(slot);
        }
    }

    private void acceptFailed(int errno) {
        acceptErrors++;
        boolean outOfFds = errno == io.aionet.Errno.EMFILE || errno == io.aionet.Errno.ENFILE;
        boolean shed = outOfFds && shedOne(); // a descriptor freed for the connections still waiting
        long now = System.nanoTime();
        if (lastAcceptLog == Long.MIN_VALUE || now - lastAcceptLog >= ACCEPT_LOG_NANOS) {
            lastAcceptLog = now;
            LOG.log(System.Logger.Level.WARNING, "{0}: accept failed with {1} ({2} accept errors so far){3}",
                    Thread.currentThread().getName(), io.aionet.Errno.name(errno), acceptErrors,
                    outOfFds ? (shed ? "; out of descriptors: shed an idle connection"
                            : "; out of descriptors and no idle connection to shed: raise the limit (ulimit -n)")
                            : "");
        }
    }

    private void accept(int fd) {
        if (open >= config.maxConnections() && !shedOne()) {
            refused = refused + 1; // single writer: the worker thread; counted before the peer can see the close
            io.aionet.linux.Fds.close(fd); // at the cap with nothing to spare: refuse
            long now = System.nanoTime();
            if (lastAcceptLog == Long.MIN_VALUE || now - lastAcceptLog >= ACCEPT_LOG_NANOS) {
                lastAcceptLog = now;
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} connections open (the cap): refused {2} so far",
                        Thread.currentThread().getName(), open, refused);
            }
            return;
        }
        int slot = allocateSlot();
        AsyncSocket s = AsyncSocket.adopt(channel, fd);
        sockets[slot] = s;
        open++;
        accepted = accepted + 1; // single writer: the worker thread
        try {
            // request/response servers: a reply split in two must not wait for the peer's delayed ACK
            s.options().noDelay(true);
            onOpen(slot, s);
        } catch (LinuxException | RuntimeException ex) {
            System.err.println(Thread.currentThread().getName() + ": cannot start connection: " + ex);
            closeConnection(slot);
        }
    }

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (highWater == sockets.length) {
            int n = sockets.length * 2;
            sockets = java.util.Arrays.copyOf(sockets, n);
            generations = java.util.Arrays.copyOf(generations, n);
            freeSlots = java.util.Arrays.copyOf(freeSlots, n);
            grown(n);
        }
        return highWater++;
    }

    /** The connection table grew to {@code capacity} slots: grow per-slot state to match. */
    protected void grown(int capacity) {
    }

    /** Closes connections, the listening socket, the area (with its pool), then the channel. */
    private void shutdown() {
        for (int i = 0; i < highWater; i++) {
            if (sockets[i] != null) {
                try {
                    closeConnection(i);
                } catch (RuntimeException ex) {
                    // keep closing the others
                }
            }
        }
        if (server != null) {
            server.close();
        }
        if (area != null) {
            area.close(); // revokes held buffers, closes the pool (cancels its receives)
        }
        EventChannel c = channel;
        if (c != null && !c.isClosed()) {
            // drain: let the cancelled receives and in-flight sends hand their buffers back
            Event e = new Event();
            long end = System.nanoTime() + 100_000_000L;
            while (pool != null && !pool.isClosed() && System.nanoTime() < end) {
                c.await(1, 10_000_000L);
                while (c.next(e)) {
                    // stale: every connection is closed
                }
            }
            c.close();
        }
        onStopped();
    }

    /** Called last, after the channel closed (the kernel holds nothing of this worker's any more). */
    protected void onStopped() {
    }
}
