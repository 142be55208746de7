package io.aionet.dma;

import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BufferGroup;
import io.aionet.dma.spi.PoolReceiver;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static io.aionet.backend.Backend.CQE_BUFFER_SHIFT;
import static io.aionet.backend.Backend.CQE_F_BUFFER;
import static io.aionet.backend.Backend.CQE_F_BUF_MORE;

/**
 * Kernel-chosen receive buffers: slots of a {@link DmaArea} lent to one buffer group of an event
 * channel's backend (group {@link #bgid()}; on io_uring a provided buffer ring,
 * {@code IORING_REGISTER_PBUF_RING}). Sockets that receive into the pool get buffers the kernel picks,
 * and each completion becomes a {@link Buffer} the program owns until it releases it — the
 * {@code void **buf} of Drepper's {@code sio_recv}; lending the memory and associating sockets with it
 * is his {@code dma_assoc}.
 *
 * {@snippet :
 * ReceivePool pool = channel.receivePool(area, 1, 64);   // 64 buffers, group 1
 * socket.receive(pool, RECV_TAG);                        // dma_assoc: a multishot receive from the pool
 * // each RECV_TAG completion: event.buffer() is a Buffer the program owns until it releases it
 * }
 *
 * <h2>Incremental consumption</h2>
 * When the backend consumes buffers in part ({@link #isIncremental()}; io_uring's
 * {@code IOU_PBUF_RING_INC}, Linux 6.12) a completion flagged {@code CQE_F_BUF_MORE} used only the front
 * of its buffer, and the kernel keeps filling the rest. Each such completion is one piece (same
 * {@link Buffer#id()}, growing {@link Buffer#offset()}); the buffer returns to the group when the kernel
 * has finished it and the program has released every piece.
 *
 * <h2>Running dry (ENOBUFS)</h2>
 * When every buffer is held by the program, a receive from the pool ends with {@code -ENOBUFS}. No data
 * is lost — it waits in the socket. The pool keeps the starved receivers ({@link #isStarved()}) and calls
 * each back once a release puts a buffer back into the group; the receiver then receives again. This is
 * the one starvation mechanism, for streams and datagrams alike; the pool makes no socket request.
 *
 * <h2>Threads</h2>
 * A pool belongs to the thread that owns its channel: completions and refills happen there. Pieces may
 * be released from any thread; those releases are applied on the owning thread at the next
 * {@link #take} or {@link #drainReleased()}, and {@link #setRemoteReleaseHook(Runnable)} lets the
 * owning loop be woken for them.
 */
public final class ReceivePool implements AutoCloseable {

    private final DmaArea area;
    private final Backend backend;
    private final BufferGroup group;
    private final boolean incremental;
    private final Thread owner;
    /** The slot handles lent to this pool, indexed by bid. */
    private final Buffer[] slots;
    private final MemorySegment[] slotSegments;
    private final int[] outstanding;
    private final int[] consumed;
    private final boolean[] inRing;
    private int inRingCount;
    private int piecesOut;
    private int lentPieces;
    private int slotsWithPieces;
    private final ArrayDeque<Buffer> freePieces;
    private final List<Buffer> allPieces = new ArrayList<>();
    /** Pieces released by other threads. */
    private final io.aionet.internal.concurrent.TreiberStack<Buffer> returned =
            new io.aionet.internal.concurrent.TreiberStack<>(Buffer.RETURN_LINKS);
    final List<Association> associations = new ArrayList<>();
    /** Receives from the group the backend holds (armed and not yet ended). */
    int armed;
    private boolean starved;
    /** Receivers whose receive ended with -ENOBUFS, waiting for a refill; each called back once. */
    private final ArrayDeque<Association> starvedReceivers = new ArrayDeque<>();
    private volatile Runnable remoteReleaseHook;
    private boolean closing;
    private boolean finished;
    /** Pieces and bytes delivered, and ENOBUFS starvations: owner thread, read racily by the JFR hook. */
    private long received;
    private long receivedBytes;
    private long starvations;
    private long bundles;
    /** ENOBUFS storms are logged at most once per 10 s per pool, with the count since the last line. */
    /** Resolved at class initialization: a pool may run dry while the process is out of descriptors. */
    private static final System.Logger LOG = io.aionet.internal.Log.DMA;
    private final io.aionet.internal.Log.RateLimit starvationLog = new io.aionet.internal.Log.RateLimit(10_000_000_000L);
    private final io.aionet.internal.jfr.Jfr.PoolCounters counters = this::fill;
    /** The buffers a bundle completion filled after its first, and how far {@link #takeFollowing} got. */
    private int[] bundleBids;
    private int bundleCount;
    private int bundleNext;
    /** Bytes in the bundle's last buffer, and whether that buffer stays the kernel's (incremental). */
    private int bundleLastLength;
    private boolean bundleLastMore;

    ReceivePool(DmaArea area, Backend backend, int bgid, Buffer[] slots, boolean tryIncremental) throws LinuxException {
        this.area = area;
        this.backend = backend;
        this.owner = Thread.currentThread();
        this.slots = slots;
        int n = slots.length;
        int entries = n == 1 ? 1 : Integer.highestOneBit(Math.max(1, n - 1)) << 1;
        this.group = backend.bufferGroup(bgid, entries, tryIncremental);
        this.incremental = group.isIncremental();
        // a backend closed before this pool finished (area closed with receives armed, then the channel)
        // still lets the area unmap: otherwise nothing would ever call tryFinish again
        group.onClose(this::groupClosed);
        this.slotSegments = new MemorySegment[n];
        this.outstanding = new int[n];
        this.consumed = new int[n];
        this.inRing = new boolean[n];
        this.freePieces = new ArrayDeque<>(2 * n);
        for (int bid = 0; bid < n; bid++) {
            slotSegments[bid] = area.base().asSlice(slots[bid].areaOffset, area.slotSize());
            group.provide(bid, slotSegments[bid]);
            inRing[bid] = true;
        }
        group.publish();
        inRingCount = n;
        for (int i = 0; i < 2 * n; i++) {
            Buffer p = new Buffer(area, this, 0, 0);
            allPieces.add(p);
            freePieces.addLast(p);
        }
        io.aionet.internal.jfr.Jfr.register(counters);
    }

    private void fill(io.aionet.internal.jfr.ReceivePoolStatisticsEvent e) {
        e.bgid = group.bgid();
        e.buffers = slots.length;
        e.available = inRingCount;
        e.held = piecesOut;
        e.received = received;
        e.receivedBytes = receivedBytes;
        e.starvations = starvations;
    }

    /**
     * {@return a snapshot of the pool's counters: buffers available to the kernel, pieces the program
     * holds, pieces and bytes received, {@code ENOBUFS} starvations} Pool's thread only; the same counters
     * reach JFR recordings as {@code io.aionet.ReceivePoolStatistics} events.
     *
     * @throws WrongThreadException off the pool's thread
     */
    public ReceivePoolStats stats() {
        checkThread();
        return new ReceivePoolStats(group.bgid(), slots.length, inRingCount, piecesOut, received, receivedBytes,
                starvations, bundles);
    }

    // ------------------------------------------------------------------ facts

    /** {@return the buffer group id receives select from ({@code IOSQE_BUFFER_SELECT}, {@code buf_group})} */
    public int bgid() {
        return group.bgid();
    }

    /** {@return provided buffers in the pool} */
    public int buffers() {
        return slots.length;
    }

    /** {@return bytes per provided buffer (the area's slot size)} */
    public int bufferSize() {
        return area.slotSize();
    }

    /** {@return true when the kernel consumes buffers incrementally ({@code IOU_PBUF_RING_INC})} */
    public boolean isIncremental() {
        return incremental;
    }

    /** {@return buffers in the ring, available to the kernel now} */
    public int available() {
        return inRingCount;
    }

    /** {@return true after a receive ended with {@code -ENOBUFS} and before a buffer went back into the group} */
    public boolean isStarved() {
        return starved;
    }

    /** The buffer group the pool lends its buffers to (for the socket layer, through the SPI). */
    BufferGroup group() {
        return group;
    }

    /** The backend of the channel the pool belongs to. */
    Backend backend() {
        return backend;
    }

    /** {@return the area the pool was carved from} */
    public DmaArea area() {
        return area;
    }

    /**
     * Sets what a release on another thread calls after queueing the piece for this pool's thread —
     * once per batch (when the queue was empty), on the releasing thread. A loop sets its wake-up here
     * (e.g. {@code channel.post(tag)}), so a loop sleeping in the kernel comes round to
     * {@link #drainReleased()} and a starved receive gets its buffers back. Must be
     * thread-safe and must not throw; {@code null}: none.
     *
     * @param hook the wake-up, run on releasing threads; {@code null} removes it
     */
    public void setRemoteReleaseHook(Runnable hook) {
        this.remoteReleaseHook = hook;
    }

    boolean isClosing() {
        return closing;
    }

    int slotsHeldByProgram() {
        return slotsWithPieces;
    }

    int piecesHeldByProgram() {
        return piecesOut;
    }

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("receive pool " + bgid() + " belongs to " + owner);
        }
    }

    // ------------------------------------------------------------------ association (dma_assoc)

    /**
     * Drepper's {@code dma_assoc}: a receiver (a socket's receive operation) that will draw buffers
     * from this pool. The receiver makes its own requests on the backend ({@link #group()}); the pool
     * keeps the books and calls the receiver back when it refills after {@code -ENOBUFS}, or closes.
     *
     * @throws IllegalStateException when the pool is closed
     */
    Association associate(PoolReceiver receiver, boolean concurrent) {
        checkThread();
        if (closing) {
            throw new IllegalStateException("receive pool " + bgid() + " is closed");
        }
        Association a = new Association(this, receiver, concurrent);
        associations.add(a);
        return a;
    }

    /**
     * A receive of {@code a} ended with {@code res}. On {@code -ENOBUFS}: true when buffers are back
     * already (a release refilled the group before this completion was reaped) — receive again now;
     * false when {@code a} now waits for a refill, which calls it back.
     */
    boolean ended(Association a, int res) {
        armed--;
        boolean again = false;
        if (res == -io.aionet.Errno.ENOBUFS && !closing) {
            if (inRingCount == 0) {
                starved = true;
                starvedReceivers.addLast(a);
                starvations++;
                if (starvationLog.due(System.nanoTime())) {
                    LOG.log(System.Logger.Level.WARNING, "receive pool {0} ran dry {1} time(s) "
                            + "since the last report: the program holds every one of its {2} buffers, so receives wait (ENOBUFS; no "
                            + "data is lost, it stays in the sockets). Release received buffers sooner, or give the pool "
                            + "more buffers", group.bgid(), starvationLog.takeCount(), slots.length);
                }
            } else {
                again = true;
            }
        }
        if (closing) {
            tryFinish();
        }
        return again;
    }

    /** Calls back the receivers that starved, once each (a callback that starves again queues anew). */
    private void callStarved() {
        int n = starvedReceivers.size();
        for (int i = 0; i < n; i++) {
            Association a = starvedReceivers.pollFirst();
            if (a.isAssociated()) {
                a.receiver.refilled();
            }
        }
    }

    // ------------------------------------------------------------------ completions (sio_recv)

    /**
     * Turns a receive completion on this group into the piece of data it delivered: the
     * {@code void **buf} of Drepper's {@code sio_recv}. Called by {@code PoolAssociation.complete} (or the
     * socket layer) with the completion's {@code res} and {@code flags}. Pool's thread only.
     *
     * @param res   the completion's result: bytes received, 0 at end of stream, or {@code -errno}
     * @param flags the completion's flags ({@code IORING_CQE_F_BUFFER} and the buffer id above bit 16)
     * <p>A completion of more bytes than the named buffer has room for filled several buffers (a
     * bundle); this returns the piece in the first, and {@link #takeFollowing()} the others.
     *
     * @return the received bytes as a {@link Buffer} the program owns, or {@code null} when the
     *         completion carries no data ({@code res ≤ 0}, or no {@code IORING_CQE_F_BUFFER})
     * @throws IllegalStateException when the completion names a buffer the kernel does not hold
     */
    public Buffer take(int res, int flags) {
        checkThread();
        drainReleased();
        bundleCount = 0;
        bundleNext = 0;
        if ((flags & CQE_F_BUFFER) == 0) {
            return null;
        }
        int bid = flags >>> CQE_BUFFER_SHIFT;
        if (bid >= slots.length || !inRing[bid]) {
            throw new IllegalStateException("completion names buffer " + bid + " of group " + bgid()
                    + ", which the kernel does not hold");
        }
        boolean more = incremental && (flags & CQE_F_BUF_MORE) != 0;
        int off = consumed[bid];
        int room = area.slotSize() - off;
        if (res > room) {
            // a bundle: the bytes go on into the buffers provided after this one (Backend#recvBundleMultishot)
            return startBundle(bid, res, more);
        }
        if (res <= 0 || closing) {
            if (!more) {
                kernelFinished(bid);
            }
            return null;
        }
        return piece(bid, off, res, more);
    }

    /**
     * The next piece of the completion {@link #take} read last when it filled several buffers (a
     * bundle: one receive call into the buffers the kernel held in a row); {@code null} when no piece is
     * left. Call it until it returns {@code null} after each {@code take}. Pool's thread only.
     *
     * @return the next received piece, owned by the program until released, or {@code null}
     */
    public Buffer takeFollowing() {
        checkThread();
        while (bundleNext < bundleCount) {
            int k = bundleNext++;
            boolean last = k == bundleCount - 1;
            int bid = bundleBids[k];
            boolean more = last && bundleLastMore;
            if (closing) {
                if (!more) {
                    kernelFinished(bid);
                }
                continue;
            }
            return piece(bid, 0, last ? bundleLastLength : area.slotSize(), more);
        }
        bundleCount = 0;
        bundleNext = 0;
        return null;
    }

    private Buffer startBundle(int first, int res, boolean lastMore) {
        int slot = area.slotSize();
        int off = consumed[first];
        int rest = res - (slot - off);
        int n = (rest + slot - 1) / slot;
        if (n >= group.entries()) {
            throw new IllegalStateException("completion of " + res + " bytes overruns the " + group.entries()
                    + " buffers of group " + bgid() + " from buffer " + first + " at offset " + off);
        }
        if (bundleBids == null) {
            bundleBids = new int[group.entries()];
        }
        // every id first, before a piece is handed out: a release may provide a buffer again
        for (int k = 0; k < n; k++) {
            int bid = group.following(first, k + 1);
            if (bid >= slots.length || !inRing[bid] || consumed[bid] != 0) {
                throw new IllegalStateException("a bundle of " + res + " bytes from buffer " + first
                        + " names buffer " + bid + " of group " + bgid() + ", which the kernel does not hold whole");
            }
            bundleBids[k] = bid;
        }
        bundleCount = n;
        bundleNext = 0;
        bundles++;
        bundleLastLength = rest - (n - 1) * slot;
        bundleLastMore = lastMore;
        if (closing) {
            kernelFinished(first);
            return null;
        }
        return piece(first, off, slot - off, false);
    }

    private Buffer piece(int bid, int off, int len, boolean more) {
        Buffer p = freePieces.pollFirst();
        if (p == null) {
            p = new Buffer(area, this, 0, 0); // more pieces out than ever before: the pool grows once
            allPieces.add(p);
        }
        p.id = bid;
        p.offset = off;
        p.areaOffset = slots[bid].areaOffset + off;
        p.lease(len);
        if (outstanding[bid]++ == 0) {
            slotsWithPieces++;
        }
        piecesOut++;
        received++;
        receivedBytes += len;
        if (more) {
            consumed[bid] = off + len;
        } else {
            kernelFinished(bid);
        }
        return p;
    }

    private void kernelFinished(int bid) {
        inRing[bid] = false;
        inRingCount--;
        if (outstanding[bid] == 0) {
            refill(bid);
        }
    }

    private void refill(int bid) {
        if (closing || backend.isClosed()) {
            return; // nobody will receive into it again (a closed backend has released the group)
        }
        consumed[bid] = 0;
        inRing[bid] = true;
        inRingCount++;
        // provide + publish: the entry's plain stores, then the tail's store-release (paired with the
        // kernel's load-acquire of the tail)
        group.provide(bid, slotSegments[bid]);
        group.publish();
        if (starved) {
            starved = false;
            callStarved();
        }
    }

    /** A released piece (state already FREE): settle it here, or queue it for the owning thread. */
    void recycle(Buffer p) {
        if (Thread.currentThread() == owner) {
            settle(p);
        } else {
            boolean first = returned.push(p);
            Runnable hook = remoteReleaseHook;
            if (first && hook != null) {
                hook.run(); // first of a batch: wake the pool's thread
            }
        }
    }

    /**
     * Applies releases made on other threads: their buffers go back into the group. A loop calls this
     * once per turn; {@link #take} calls it too.
     */
    public void drainReleased() {
        Buffer p = returned.takeAll();
        while (p != null) {
            Buffer next = p.nextReturned;
            p.nextReturned = null;
            settle(p);
            p = next;
        }
    }

    private void settle(Buffer p) {
        int bid = p.id;
        piecesOut--;
        freePieces.addLast(p);
        if (--outstanding[bid] == 0) {
            slotsWithPieces--;
            if (!inRing[bid]) {
                refill(bid);
            }
        }
        if (closing) {
            tryFinish();
        }
    }

    void lentToKernel(int n) {
        lentPieces += n;
    }

    void returnedFromKernel(Buffer p, boolean dead) {
        lentPieces--;
        if (dead) {
            piecesOut--;
            if (--outstanding[p.id] == 0) {
                slotsWithPieces--;
            }
            tryFinish();
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Drepper's {@code dma_disassoc} for every associated socket, then the end of the pool: revokes the
     * pieces the program holds, tells each receiver to end its receive, and — once their final
     * completions have come back and no piece is lent to the kernel — releases the buffer group and
     * returns the slots to the area. Closing twice is harmless.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        io.aionet.internal.jfr.Jfr.unregister(counters);
        for (Buffer p : allPieces) {
            if (p.tryTransition(Buffer.PROGRAM, Buffer.REVOKED)) {
                if (!p.revokeView()) {
                    area.pinView();
                }
                piecesOut--;
                if (--outstanding[p.id] == 0) {
                    slotsWithPieces--;
                }
            }
        }
        starvedReceivers.clear();
        if (!backend.isClosed()) {
            for (Association a : new ArrayList<>(associations)) {
                a.associated = false;
                try {
                    a.receiver.poolClosing(); // the receiver cancels its receive; its end comes back through complete
                } catch (RuntimeException e) {
                    // the channel is going away; its own close cancels what is left
                }
            }
        }
        associations.clear();
        tryFinish();
    }

    private void tryFinish() {
        if (finished || !closing) {
            return;
        }
        if (!backend.isClosed() && (armed > 0 || lentPieces > 0)) {
            return; // the kernel may still write into (or read from) the pool's buffers
        }
        finished = true;
        if (!backend.isClosed()) {
            group.close(); // unregister the group (a closed backend released it already)
        }
        area.poolClosed(this, slots);
    }

    /** The buffer group was released under the pool (the backend closed, after waiting for its requests). */
    private void groupClosed() {
        if (closing && !finished) {
            finished = true;
            area.poolClosed(this, slots);
        }
    }

    /** {@return true once the buffer group is released and the slots are back with the area} */
    public boolean isClosed() {
        return finished;
    }

    @Override
    public String toString() {
        return "ReceivePool[bgid " + bgid() + ", " + slots.length + " x " + area.slotSize() + " B"
                + (incremental ? ", incremental" : "") + ", in ring " + inRingCount + "]";
    }
}
