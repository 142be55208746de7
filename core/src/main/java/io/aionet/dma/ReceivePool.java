package io.aionet.dma;

import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.uring.BufRing;
import io.aionet.uring.IoUring;
import io.aionet.uring.Sqe;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static io.aionet.uring.IoUringConstants.IORING_CQE_BUFFER_SHIFT;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_BUFFER;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_BUF_MORE;
import static io.aionet.uring.IoUringConstants.IOU_PBUF_RING_INC;

/**
 * Kernel-chosen receive buffers: slots of a {@link DmaArea} lent to one provided buffer ring
 * ({@code IORING_REGISTER_PBUF_RING}, group {@link #bgid()}). Sockets {@linkplain #associate(int, long)
 * associated} with the pool receive into buffers the kernel picks, and each completion becomes a
 * {@link Buffer} the program owns until it releases it — the {@code void **buf} of Drepper's
 * {@code sio_recv}; together with {@link #associate} this is his {@code dma_assoc}.
 *
 * {@snippet :
 * ReceivePool pool = area.receivePool(ring, 1, 64);        // 64 provided buffers, group 1
 * Association assoc = pool.associate(socketFd, RECV_TAG);   // dma_assoc: multishot recv prepared
 * ring.submit();
 * ring.forEachCqe((userData, res, flags) -> {
 *     if (userData == RECV_TAG) {
 *         Buffer piece = assoc.complete(res, flags);         // sio_recv's void **buf
 *         if (piece != null) {
 *             consume(piece);                                // the program owns it ...
 *             piece.release();                               // ... until sio_release
 *         }
 *     }
 * }, 64);
 * pool.rearmStarved();                                       // after -ENOBUFS, once buffers are back
 * }
 *
 * <h2>Incremental consumption</h2>
 * When the kernel has {@code IOU_PBUF_RING_INC} (6.12) the pool registers with it ({@link #isIncremental()}):
 * a completion flagged {@code IORING_CQE_F_BUF_MORE} used only the front of its buffer, and the kernel
 * keeps filling the rest. Each such completion is one piece (same {@link Buffer#id()}, growing
 * {@link Buffer#offset()}); the buffer returns to the ring when the kernel has finished it and the
 * program has released every piece.
 *
 * <h2>Running dry (ENOBUFS)</h2>
 * When every buffer is held by the program, the kernel ends a multishot receive with {@code -ENOBUFS}.
 * No data is lost — it waits in the socket. The pool records it ({@link #isStarved()},
 * {@link Listener#starved}) and, when a release puts a buffer back into the ring, reports it
 * ({@link Listener#refilled}); the association then {@linkplain Association#needsRearm() needs a re-arm},
 * which {@link #rearmStarved()} does for every starved association.
 *
 * <h2>Threads</h2>
 * A pool belongs to the thread that created it (the ring's thread): completions, associations and
 * re-arms happen there. Pieces may be released from any thread; those releases are applied on the
 * owning thread at the next {@link #take}, {@link #drainReleased()} or {@link #rearmStarved()}, and
 * {@link #setRemoteReleaseHook(Runnable)} lets the owning loop be woken for them.
 */
public final class ReceivePool implements AutoCloseable {
    /** {@code user_data} of the cancel requests {@link #close()} submits for armed associations. */
    public static final long CLOSE_CANCEL_USER_DATA = 0xD3A0_0000_0000_0000L;


    /**
     * Told when the pool runs dry and when it has buffers again. Called on the pool's thread; must not
     * throw.
     */
    public interface Listener {
        /** {@code association}'s multishot receive ended with {@code -ENOBUFS}. */
        default void starved(Association association) { }

        /**
         * A released buffer went back into the ring after the pool ran dry: re-arm now. Not called when
         * the ring had been refilled before the {@code -ENOBUFS} completion was reaped; then
         * {@link Association#needsRearm()} is already true.
         */
        default void refilled(ReceivePool pool) { }
    }

    private final DmaArea area;
    private final IoUring ring;
    private final BufRing bufRing;
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
    int armed;
    private boolean starved;
    private Listener listener;
    private volatile Runnable remoteReleaseHook;
    private boolean closing;
    private boolean finished;

    ReceivePool(DmaArea area, IoUring ring, int bgid, Buffer[] slots, boolean tryIncremental) throws LinuxException {
        this.area = area;
        this.ring = ring;
        this.owner = Thread.currentThread();
        this.slots = slots;
        int n = slots.length;
        int entries = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
        if (n == 1) {
            entries = 1;
        }
        BufRing br = null;
        boolean inc = tryIncremental;
        if (inc) {
            try {
                br = ring.registerBufRing(entries, bgid, IOU_PBUF_RING_INC);
            } catch (LinuxException e) {
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
                // Kernels before 6.12 reject the unknown flag with EINVAL: whole-buffer consumption then.
                inc = false;
            }
        }
        if (br == null) {
            br = ring.registerBufRing(entries, bgid, 0);
        }
        this.bufRing = br;
        // a ring closed before this pool finished (area closed with receives armed, then the ring)
        // still lets the area unmap: otherwise nothing would ever call tryFinish again
        br.onClose(this::bufRingClosed);
        this.incremental = inc;
        this.slotSegments = new MemorySegment[n];
        this.outstanding = new int[n];
        this.consumed = new int[n];
        this.inRing = new boolean[n];
        this.freePieces = new ArrayDeque<>(2 * n);
        for (int bid = 0; bid < n; bid++) {
            slotSegments[bid] = area.base().asSlice(slots[bid].areaOffset, area.slotSize());
            bufRing.add(slotSegments[bid], bid, bid);
            inRing[bid] = true;
        }
        bufRing.advance(n);
        inRingCount = n;
        for (int i = 0; i < 2 * n; i++) {
            Buffer p = new Buffer(area, this, 0, 0);
            allPieces.add(p);
            freePieces.addLast(p);
        }
    }

    // ------------------------------------------------------------------ facts

    /** The buffer group id receives select from ({@code IOSQE_BUFFER_SELECT}, {@code buf_group}). */
    public int bgid() {
        return bufRing.bgid();
    }

    /** Provided buffers in the pool. */
    public int buffers() {
        return slots.length;
    }

    /** Bytes per provided buffer (the area's slot size). */
    public int bufferSize() {
        return area.slotSize();
    }

    /** True when the kernel consumes buffers incrementally ({@code IOU_PBUF_RING_INC}). */
    public boolean isIncremental() {
        return incremental;
    }

    /** Buffers in the ring, available to the kernel now. */
    public int available() {
        return inRingCount;
    }

    /** True after a receive ended with {@code -ENOBUFS} and before a buffer went back into the ring. */
    public boolean isStarved() {
        return starved;
    }

    /** The ring the pool is registered with. */
    public IoUring ring() {
        return ring;
    }

    /** The area the pool was carved from. */
    public DmaArea area() {
        return area;
    }

    /** Sets the listener told about running dry and refilling ({@code null}: none). */
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Sets what a release on another thread calls after queueing the piece for this pool's thread —
     * once per batch (when the queue was empty), on the releasing thread. The event channel sets its
     * wake-up here (an eventfd write, a {@code MSG_RING}), so a loop sleeping in {@code io_uring_enter}
     * comes round to {@link #drainReleased()} and a starved receive gets its buffers back. Must be
     * thread-safe and must not throw; {@code null}: none.
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
     * Drepper's {@code dma_assoc}: makes socket {@code fd}'s receives draw buffers from this pool, by
     * preparing a multishot receive with buffer selection ({@code IORING_OP_RECV},
     * {@code IORING_RECV_MULTISHOT}, {@code IOSQE_BUFFER_SELECT}) tagged {@code userData}. The SQE is
     * prepared, not submitted: the caller submits with its next batch and routes every completion
     * tagged {@code userData} to {@link Association#complete(int, int)}. The socket layer wraps this
     * ({@code socket.associate(area)}); it takes a raw descriptor because this layer knows no sockets.
     *
     * @throws IllegalStateException when the pool is closed or the submission queue stays full
     */
    public Association associate(int fd, long userData) throws LinuxException {
        checkThread();
        if (closing) {
            throw new IllegalStateException("receive pool " + bgid() + " is closed");
        }
        if (fd < 0) {
            throw new IllegalArgumentException("bad file descriptor: " + fd);
        }
        Association a = new Association(this, fd, userData);
        associations.add(a);
        a.rearm();
        return a;
    }

    Sqe sqe() throws LinuxException {
        Sqe s = ring.getSqe();
        if (s == null) {
            ring.submit();
            s = ring.getSqe();
            if (s == null) {
                throw new IllegalStateException("submission queue full");
            }
        }
        return s;
    }

    void ended(Association a, int res) {
        armed--;
        if (res == -Errno.ENOBUFS && !closing) {
            // Starved only if the ring is still empty: a release may have refilled it before this
            // completion was reaped, and then the association can be re-armed at once (needsRearm).
            if (inRingCount == 0) {
                starved = true;
            }
            Listener l = listener;
            if (l != null) {
                l.starved(a);
            }
        }
        if (closing) {
            tryFinish();
        }
    }

    /**
     * Re-arms every association whose receive ended for want of buffers, when the ring has buffers
     * again (prepares the SQEs; the caller submits).
     *
     * @return how many were re-armed
     */
    public int rearmStarved() throws LinuxException {
        checkThread();
        drainReleased();
        int n = 0;
        for (int i = 0; i < associations.size(); i++) {
            Association a = associations.get(i);
            if (a.needsRearm()) {
                a.rearm();
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ completions (sio_recv)

    /**
     * Turns a receive completion on this group into the piece of data it delivered: the
     * {@code void **buf} of Drepper's {@code sio_recv}. Called by {@link Association#complete} (or the
     * socket layer) with the completion's {@code res} and {@code flags}.
     *
     * @return the received bytes as a {@link Buffer} the program owns, or {@code null} when the
     *         completion carries no data ({@code res ≤ 0}, or no {@code IORING_CQE_F_BUFFER})
     * @throws IllegalStateException when the completion names a buffer the kernel does not hold
     */
    public Buffer take(int res, int flags) {
        checkThread();
        drainReleased();
        if ((flags & IORING_CQE_F_BUFFER) == 0) {
            return null;
        }
        int bid = flags >>> IORING_CQE_BUFFER_SHIFT;
        if (bid >= slots.length || !inRing[bid]) {
            throw new IllegalStateException("completion names buffer " + bid + " of group " + bgid()
                    + ", which the kernel does not hold");
        }
        boolean more = incremental && (flags & IORING_CQE_F_BUF_MORE) != 0;
        int off = consumed[bid];
        if (res <= 0 || closing) {
            if (!more) {
                kernelFinished(bid);
            }
            return null;
        }
        if (res > area.slotSize() - off) {
            throw new IllegalStateException("completion of " + res + " bytes overruns buffer " + bid
                    + " at offset " + off);
        }
        Buffer p = freePieces.pollFirst();
        if (p == null) {
            p = new Buffer(area, this, 0, 0); // more pieces out than ever before: the pool grows once
            allPieces.add(p);
        }
        p.id = bid;
        p.offset = off;
        p.areaOffset = slots[bid].areaOffset + off;
        p.lease(res);
        if (outstanding[bid]++ == 0) {
            slotsWithPieces++;
        }
        piecesOut++;
        if (more) {
            consumed[bid] = off + res;
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
        if (closing || ring.isClosed()) {
            return; // nobody will receive into it again (a closed ring has unregistered the group)
        }
        consumed[bid] = 0;
        inRing[bid] = true;
        inRingCount++;
        // add + advance: the entry's plain stores, then the tail's store-release (BufRing pairs it with
        // the kernel's load-acquire of the tail).
        bufRing.add(slotSegments[bid], bid, 0);
        bufRing.advance(1);
        if (starved) {
            starved = false;
            Listener l = listener;
            if (l != null) {
                l.refilled(this);
            }
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
     * Applies releases made on other threads: their buffers go back into the ring. The event channel
     * calls this once per loop turn; {@link #take} and {@link #rearmStarved()} call it too.
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
     * pieces the program holds, cancels armed receives (cancel requests tagged
     * {@link #CLOSE_CANCEL_USER_DATA}, submitted now), and — once their final completions have come
     * back through {@link Association#complete} and no piece is lent to the kernel — unregisters the
     * buffer ring and returns the slots to the area. Closing twice is harmless.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
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
        if (!ring.isClosed()) {
            try {
                for (Association a : associations) {
                    a.cancel(CLOSE_CANCEL_USER_DATA);
                }
                ring.submit();
            } catch (LinuxException | RuntimeException e) {
                // the ring is going away; its own close cancels what is left
            }
        }
        tryFinish();
    }

    private void tryFinish() {
        if (finished || !closing) {
            return;
        }
        if (!ring.isClosed() && (armed > 0 || lentPieces > 0)) {
            return; // the kernel may still write into (or read from) the pool's buffers
        }
        finished = true;
        bufRing.close(); // unregister the group, unmap the ring's entries
        area.poolClosed(this, slots);
    }

    /** The buffer ring was closed under the pool (the ring closed, after waiting for its requests). */
    private void bufRingClosed() {
        if (closing && !finished) {
            finished = true;
            area.poolClosed(this, slots);
        }
    }

    /** True once the buffer ring is unregistered and the slots are back with the area. */
    public boolean isClosed() {
        return finished;
    }

    @Override
    public String toString() {
        return "ReceivePool[bgid " + bgid() + ", " + slots.length + " x " + area.slotSize() + " B"
                + (incremental ? ", incremental" : "") + ", in ring " + inRingCount + "]";
    }
}
