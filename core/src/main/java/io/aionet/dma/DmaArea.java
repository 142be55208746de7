package io.aionet.dma;

import io.aionet.dma.spi.DmaSpi;
import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BufferGroup;
import io.aionet.dma.spi.PoolReceiver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A DMA area: Drepper's {@code dma_mem_t}, made by {@link #allocate(long, DmaOptions)} ({@code dma_alloc})
 * and freed by {@link #close()} ({@code dma_free}). It is one page-aligned anonymous mapping, populated
 * up front, on huge pages when asked and available ({@link #pages()}), locked when the limits allow
 * ({@link #isLocked()}), and registered with an event channel as its fixed buffer ({@code EventChannel.registerFixed(area)}).
 *
 * <p>The handle is opaque: the program reaches memory only through {@link Buffer}s it owns — buffers
 * it reserved to send ({@link #reserve(int)}, {@code sio_reserve}) and pieces the kernel received into
 * a {@link ReceivePool} carved from the area ({@code EventChannel.receivePool(area, bgid, n)}, the receive side
 * of {@code dma_assoc}).
 *
 * {@snippet :
 * try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
 *     Buffer b = area.reserve(512);          // sio_reserve: null when the area is exhausted
 *     if (b == null) {
 *         return false;
 *     }
 *     b.put(0, (byte) 42);
 *     // ... hand b to a send; it is the kernel's until the send (or its SEND_ZC notification) completes
 *     b.release();                           // sio_release
 * }
 * }
 *
 * <h2>Slots</h2>
 * The area is cut into equal slots of {@link DmaOptions#slotSize()} bytes. A reservation takes one slot
 * (so {@code reserve(size)} is O(1): pop from a queue of free slots) and a provided receive buffer is
 * one slot. Free slots are reused first in, first out.
 *
 * <h2>Threads</h2>
 * The area belongs to one thread — the one that drives the ring it is used with. The first
 * {@link #reserve(int)} or {@link #receivePool} binds it; reserving from another thread then throws
 * {@link WrongThreadException}. Reserving is lock-free and allocation-free for that thread. Buffers
 * may be released from any thread: they come back through a lock-free stack the owner drains when its
 * own free queue runs empty, and {@link #reserve(int, long, TimeUnit)} waits for them.
 *
 * <h2>Closing</h2>
 * {@link #close()} (on the owning thread) revokes every buffer the program holds, stops receives
 * into its pools, and then — once the kernel holds nothing of the area — unregisters the provided
 * buffer rings and the fixed buffer and unmaps the memory: drain, unregister, unmap. When sends are
 * still in flight, or multishot receives still armed, the unmapping waits until their completions have
 * been handed back by the event channel ({@link #isUnmapped()} tells), unless the ring itself is closed
 * (its close already waited for every request). A {@link Buffer#segment()} view confined to another
 * thread cannot be closed from the closing thread; then the memory stays mapped (leaked, never unsafe).
 */
public final class DmaArea implements AutoCloseable {
    /** The largest area: the kernel's limit for one registered fixed buffer (1 GiB). */
    public static final long MAX_SIZE = 1L << 30;

    /** The most slots an area has (each has a preallocated {@link Buffer} handle): 2<sup>20</sup>. */
    public static final int MAX_SLOTS = 1 << 20;

    /** What backs the area. */
    public enum Pages {
        /** Normal pages. */
        NORMAL,
        /** Normal pages advised for transparent huge pages ({@code MADV_HUGEPAGE}): huge pages were asked for, none were reserved. */
        TRANSPARENT_ADVISED,
        /** Huge pages from the reserved pool ({@code MAP_HUGETLB}). */
        HUGETLB
    }

    private static final VarHandle OWNER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OWNER = l.findVarHandle(DmaArea.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        DmaSpi.install(new SpiBridge());
    }

    private final AreaMapping mapping;
    private final Arena arena;
    private final MemorySegment base;
    private final int slotSize;
    private final int slotShift;
    private final Buffer[] handles;
    /** Free slots, FIFO; owner-only plain fields. */
    private final Buffer[] freeQueue;
    private final int freeMask;
    private long freeHead;
    private long freeTail;
    /** Buffers released by other threads. */
    private final io.aionet.internal.concurrent.TreiberStack<Buffer> returned =
            new io.aionet.internal.concurrent.TreiberStack<>(Buffer.RETURN_LINKS);
    private volatile Thread waiter;
    @SuppressWarnings("unused")
    private volatile Thread owner;

    private final List<ReceivePool> pools = new ArrayList<>();
    private Backend fixedRing;
    private int fixedIndex = -1;
    private boolean fixedByArea;
    /** Buffers lent to the kernel (sends in flight); changed on the owning thread only. */
    private int lent;
    private volatile boolean closed;
    private boolean unmapped;
    /** A confined view of another thread outlived close: the memory stays mapped for good (safe, leaked). */
    private boolean viewPinned;
    /** Open-resource accounting and the opt-in leak detector (io.aionet.internal.Resources). */
    private final io.aionet.internal.Resources.Handle tracker;
    /** With -Daionet.leakDetection=true: where each reserved slot was reserved; else null. */
    private final Throwable[] leaseSites;

    private DmaArea(AreaMapping mapping, int slots, int slotSize) {
        this.mapping = mapping;
        this.arena = Arena.ofShared();
        // Shared scope: closing it waits (thread-local handshake) until no thread is inside an access,
        // so a racing access after close fails with IllegalStateException instead of touching unmapped memory.
        this.base = MemorySegment.ofAddress(mapping.address).reinterpret(mapping.length, arena, s -> mapping.unmap());
        this.slotSize = slotSize;
        this.slotShift = Integer.numberOfTrailingZeros(slotSize);
        this.handles = new Buffer[slots];
        int cap = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        this.freeQueue = new Buffer[cap];
        this.freeMask = cap - 1;
        for (int i = 0; i < slots; i++) {
            Buffer b = new Buffer(this, null, i, (long) i << slotShift);
            handles[i] = b;
            freeQueue[(int) (freeTail++ & freeMask)] = b;
        }
        this.leaseSites = io.aionet.internal.Resources.LEAK_DETECTION ? new Throwable[slots] : null;
        this.tracker = AreaTracking.track(this, leaseSites);
    }

    /**
     * Drepper's {@code dma_alloc}: maps {@code size} bytes (rounded up to whole slots and pages) for
     * network I/O.
     *
     * @param size    bytes, 1 … {@link #MAX_SIZE}
     * @param options slot size, huge pages, locking
     * @return the new area, owned by the calling thread; close it to unmap the memory
     * @throws IllegalArgumentException for a size ≤ 0 or above {@link #MAX_SIZE}, or more than
     *                                  {@link #MAX_SLOTS} slots
     * @throws LinuxException           when the memory cannot be mapped
     * @throws UnsatisfiedLinkError     when the JVM denies aionet native access: the message names the
     *                                  {@code --enable-native-access} flag to add
     */
    public static DmaArea allocate(long size, DmaOptions options) throws LinuxException {
        io.aionet.linux.NativeAccess.require();
        if (options == null) {
            throw new NullPointerException("options");
        }
        if (size <= 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("DMA area size must be 1.." + MAX_SIZE + " bytes: " + size);
        }
        long slots = (size + options.slotSize() - 1) / options.slotSize();
        if (slots > MAX_SLOTS) {
            throw new IllegalArgumentException("DMA area of " + size + " bytes needs " + slots + " slots of "
                    + options.slotSize() + " bytes, more than " + MAX_SLOTS + ": use a larger slotSize");
        }
        long bytes = slots * options.slotSize();
        if (bytes > MAX_SIZE) {
            throw new IllegalArgumentException("DMA area of " + slots + " slots of " + options.slotSize()
                    + " bytes exceeds " + MAX_SIZE + " bytes");
        }
        AreaMapping m = AreaMapping.map(bytes, options.hugePages(), options.lock());
        return new DmaArea(m, (int) slots, options.slotSize());
    }

    // ------------------------------------------------------------------ facts

    /** {@return bytes usable for buffers: slots × slot size} */
    public long size() {
        return (long) handles.length << slotShift;
    }

    /**
     * {@return bytes per slot: the largest buffer {@link #reserve(int)} hands out, and the size of a provided receive buffer}
     */
    public int slotSize() {
        return slotSize;
    }

    /** {@return slots in the area} */
    public int slots() {
        return handles.length;
    }

    /** {@return what backs the area: huge pages when asked for and available} */
    public Pages pages() {
        return mapping.pages;
    }

    /** {@return true when the area is locked in memory ({@code mlock} succeeded)} */
    public boolean isLocked() {
        return mapping.locked;
    }

    /** {@return true once {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    /** {@return true once the memory is unregistered and unmapped (at or after {@link #close()})} */
    public boolean isUnmapped() {
        return unmapped;
    }

    /** {@return true when the area is registered as a fixed buffer with a ring} */
    public boolean isRegistered() {
        return fixedRing != null && fixedIndex >= 0 && !fixedRing.isClosed();
    }

    MemorySegment base() {
        return base;
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers the whole area with {@code ring}'s backend as fixed buffer 0
     * ({@code IORING_REGISTER_BUFFERS}): the kernel pins the pages now. No send takes the registered
     * buffer yet ({@code IORING_RECVSEND_FIXED_BUF}; {@link #fixedIndex(Buffer)} is ready for one)
     * ({@code EventChannel.registerFixed(area)} calls it).
     * Undone by {@link #close()}.
     *
     * @return false when the kernel refused for lack of lockable memory ({@code ENOMEM} /
     *         {@code EPERM} under {@code RLIMIT_MEMLOCK}) or the backend has no fixed buffers: the area
     *         still works, without them
     * @throws IllegalStateException when already registered, or the backend already has fixed buffers
     * @throws LinuxException        for other refusals
     */
    boolean registerFixed(Backend ring) throws LinuxException {
        if (!ring.supports(io.aionet.backend.Feature.FIXED_BUFFERS)) {
            return false;
        }
        ensureOpen();
        if (fixedRing != null) {
            throw new IllegalStateException("DMA area is already registered with " + fixedRing);
        }
        try {
            ring.registerBuffers(base);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOMEM || e.errno() == Errno.EPERM) {
                io.aionet.internal.Log.DMA.log(System.Logger.Level.WARNING, "fixed buffer registration of a DMA "
                        + "area of {0} bytes refused ({1}) for lack of lockable memory (RLIMIT_MEMLOCK): the area "
                        + "works without it", size(), e.errnoName());
                return false;
            }
            if (e.errno() == Errno.EBUSY) {
                throw new IllegalStateException("the ring already has fixed buffers; register every area at once", e);
            }
            throw e;
        }
        fixedRing = ring;
        fixedIndex = 0;
        fixedByArea = true;
        return true;
    }

    // ------------------------------------------------------------------ send side

    /**
     * Drepper's {@code sio_reserve}: a buffer of {@code size} bytes that the kernel will not write into,
     * owned by the program until it {@linkplain Buffer#release() releases} it. O(1), lock-free and
     * allocation-free.
     *
     * @param size bytes wanted, 1 … {@link #slotSize()}
     * @return the buffer, or {@code null} when every slot is taken (exhaustion is not an error)
     * @throws IllegalArgumentException when {@code size} ≤ 0 or larger than {@link #slotSize()}
     * @throws WrongThreadException     when called from a thread other than the area's owner
     * @throws IllegalStateException    when the area is closed
     */
    public Buffer reserve(int size) {
        if (size <= 0 || size > slotSize) {
            throw new IllegalArgumentException("reserve size must be 1.." + slotSize + " bytes: " + size);
        }
        checkOwner();
        ensureOpen();
        Buffer b = poll();
        if (b == null) {
            if (drainReturned() == 0) {
                return null;
            }
            b = poll();
        }
        b.lease(size);
        if (leaseSites != null) {
            leaseSites[b.id] = io.aionet.internal.Resources.site("reserved here");
        }
        return b;
    }

    /**
     * The waiting {@code sio_reserve}: like {@link #reserve(int)}, but when the area is exhausted waits
     * up to {@code timeout} for another thread to release a buffer. Owner thread only; the waiting
     * thread parks, so a loop that also pumps an event channel should not call it.
     *
     * @param size    bytes wanted, 1 … {@link #slotSize()}
     * @param timeout how long to wait at most, in {@code unit}s
     * @param unit    the unit of {@code timeout}
     * @return the buffer, or {@code null} when none came free in time
     * @throws IllegalArgumentException when {@code size} ≤ 0 or larger than {@link #slotSize()}
     * @throws WrongThreadException     when called from a thread other than the area's owner
     * @throws IllegalStateException    when the area is closed
     * @throws InterruptedException     when interrupted while waiting
     */
    public Buffer reserve(int size, long timeout, TimeUnit unit) throws InterruptedException {
        java.util.Objects.requireNonNull(unit, "unit");
        Buffer b = reserve(size);
        if (b != null) {
            return b;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        waiter = Thread.currentThread();
        try {
            while (true) {
                // waiter (volatile store) before re-reading the returned stack (volatile): pairs with the
                // releaser's CAS push before its read of waiter, so one of the two sees the other.
                b = reserve(size);
                if (b != null) {
                    return b;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("waiting to reserve " + size + " bytes");
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waiter = null;
        }
    }

    /**
     * Drepper's {@code sio_release(dma, mem, size)}: gives {@code buffer} back to this area. The same as
     * {@link Buffer#release()}, with the check that the buffer belongs here.
     *
     * @param buffer a buffer of this area the program owns
     * @throws BufferOwnershipException for a buffer of another area, released twice, held by the kernel,
     *                                  or revoked by close
     */
    public void release(Buffer buffer) {
        java.util.Objects.requireNonNull(buffer, "buffer");
        if (buffer.area != this) {
            throw new BufferOwnershipException("cannot release " + buffer + " to " + this
                    + ": it belongs to another DMA area");
        }
        buffer.checkViewThread("release");
        buffer.transition(Buffer.PROGRAM, Buffer.FREE, "release");
        buffer.revokeView();
        recycle(buffer);
    }

    /** A freed buffer goes back where it came from: the owner's queue, the returned stack, or its pool. */
    private void recycle(Buffer b) {
        if (leaseSites != null && b.pool == null) {
            leaseSites[b.id] = null;
        }
        if (b.pool != null) {
            b.pool.recycle(b);
        } else if (Thread.currentThread() == owner) {
            offer(b);
        } else {
            pushReturned(b);
        }
    }

    private void checkOwner() {
        Thread t = Thread.currentThread();
        Thread o = owner; // plain enough: it is written once (CAS below) and only compared
        if (o != t) {
            if (o != null || !OWNER.compareAndSet(this, null, t)) {
                throw new WrongThreadException("DMA area belongs to " + owner + ", not " + t);
            }
        }
    }

    private Buffer poll() {
        if (freeHead == freeTail) {
            return null;
        }
        int i = (int) (freeHead++ & freeMask);
        Buffer b = freeQueue[i];
        freeQueue[i] = null;
        return b;
    }

    private void offer(Buffer b) {
        freeQueue[(int) (freeTail++ & freeMask)] = b;
    }

    private void pushReturned(Buffer b) {
        returned.push(b); // volatile CAS, before the read of waiter below (see reserve's wait)
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Owner-only: moves every buffer released by other threads into the free queue. */
    private int drainReturned() {
        Buffer b = returned.takeAll();
        int n = 0;
        while (b != null) {
            Buffer next = b.nextReturned;
            b.nextReturned = null;
            offer(b);
            n++;
            b = next;
        }
        return n;
    }

    // ------------------------------------------------------------------ receive side

    /**
     * Carves a receive pool of {@code buffers} slots out of the area and lends it to {@code ring} as
     * buffer group {@code bgid} — the memory half of Drepper's {@code dma_assoc}
     * ({@code EventChannel.receivePool(area, …)} calls it). {@code incremental}: let the backend consume
     * buffers in part where it can (streams); false gives each completion a whole buffer (datagrams).
     * Call on the thread that owns the backend.
     */
    ReceivePool receivePool(Backend ring, int bgid, int buffers, boolean incremental) throws LinuxException {
        if (buffers < 1 || buffers > 32768) {
            throw new IllegalArgumentException("a receive pool holds 1..32768 buffers: " + buffers);
        }
        if (bgid < 0 || bgid > 0xffff) {
            throw new IllegalArgumentException("bgid must fit 16 bits: " + bgid);
        }
        checkOwner();
        ensureOpen();
        drainReturned();
        if (freeTail - freeHead < buffers) {
            throw new IllegalStateException("DMA area has " + (freeTail - freeHead) + " free slots, "
                    + buffers + " asked for a receive pool");
        }
        Buffer[] slots = new Buffer[buffers];
        for (int i = 0; i < buffers; i++) {
            slots[i] = poll();
            slots[i].setState(Buffer.POOLED);
        }
        try {
            ReceivePool p = new ReceivePool(this, ring, bgid, slots, incremental);
            pools.add(p);
            return p;
        } catch (LinuxException | RuntimeException e) {
            for (Buffer s : slots) {
                s.setState(Buffer.FREE);
                offer(s);
            }
            throw e;
        }
    }

    /** A revoked buffer's confined view belongs to another thread: never unmap under it. */
    void pinView() {
        viewPinned = true;
    }

    /** A pool's slots come back when the pool closes. */
    void poolClosed(ReceivePool p, Buffer[] slots) {
        pools.remove(p);
        if (!closed) {
            for (Buffer s : slots) {
                s.setState(Buffer.FREE);
                offer(s);
            }
        }
        tryFinishClose();
    }

    // ------------------------------------------------------------------ kernel hand-off (SPI)

    void lend(Buffer b) {
        checkMine(b);
        b.checkViewThread("lend to the kernel");
        b.transition(Buffer.PROGRAM, Buffer.KERNEL, "lend to the kernel");
        b.revokeView(); // the program must not touch it while the kernel does
        lent++;
        if (b.pool != null) {
            b.pool.lentToKernel(1);
        }
    }

    void giveBack(Buffer b, boolean release) {
        checkMine(b);
        boolean dead = closed || (b.pool != null && b.pool.isClosing());
        b.transition(Buffer.KERNEL, dead ? Buffer.REVOKED : release ? Buffer.FREE : Buffer.PROGRAM,
                "return from the kernel");
        lent--;
        if (b.pool != null) {
            b.pool.returnedFromKernel(b, dead);
        }
        if (dead) {
            tryFinishClose();
        } else if (release) {
            recycle(b);
        }
    }

    int fixedIndex(Buffer b) {
        checkMine(b);
        return isRegistered() ? fixedIndex : -1;
    }

    void bindFixed(Backend ring, int index) {
        ensureOpen();
        if (fixedRing != null) {
            throw new IllegalStateException("DMA area is already registered with " + fixedRing);
        }
        fixedRing = ring;
        fixedIndex = index;
        fixedByArea = false;
    }

    private void checkMine(Buffer b) {
        if (b.area != this) {
            throw new BufferOwnershipException(b + " belongs to another DMA area");
        }
    }

    // ------------------------------------------------------------------ accounting

    /**
     * {@return A snapshot of who holds the area's slots. Exact when taken on the owning thread with no release racing}
     */
    public DmaAccounting accounting() {
        int prog = 0;
        int kern = 0;
        int free = 0;
        int pooled = 0;
        for (Buffer h : handles) {
            switch (h.state()) {
                case Buffer.FREE -> free++;
                case Buffer.PROGRAM -> prog++;
                case Buffer.KERNEL -> kern++;
                case Buffer.POOLED -> pooled++;
                default -> { }
            }
        }
        int poolProg = 0;
        int pieces = 0;
        for (ReceivePool p : pools) {
            poolProg += p.slotsHeldByProgram();
            pieces += p.piecesHeldByProgram();
        }
        return new DmaAccounting(handles.length, slotSize, prog + poolProg, kern + pooled - poolProg, free,
                pooled, pieces);
    }

    // ------------------------------------------------------------------ close

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("DMA area is closed");
        }
    }

    /**
     * Drepper's {@code dma_free}: revokes every buffer the program holds (using one afterwards throws
     * {@link BufferOwnershipException}; its views throw {@link IllegalStateException}), stops receives
     * into the area's pools, then unregisters and unmaps — at once when the kernel holds nothing, else
     * when the last send completion or receive termination has been handed back. Call on the owning
     * thread. Closing twice is harmless.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Buffer h : handles) {
            if (h.tryTransition(Buffer.PROGRAM, Buffer.REVOKED)) {
                viewPinned |= !h.revokeView();
                if (leaseSites != null) {
                    io.aionet.internal.Resources.reportLeak(h + " was still held when " + this + " closed",
                            leaseSites[h.id]);
                    leaseSites[h.id] = null;
                }
            }
        }
        tracker.close();
        for (ReceivePool p : new ArrayList<>(pools)) {
            p.close();
        }
        tryFinishClose();
    }

    private boolean kernelDone() {
        if (lent == 0) {
            return true;
        }
        // A closed ring has already waited for (or cancelled) every request it had.
        if (fixedRing != null && fixedRing.isClosed()) {
            return true;
        }
        for (ReceivePool p : pools) {
            if (p.backend().isClosed()) {
                return true;
            }
        }
        return false;
    }

    private void tryFinishClose() {
        if (!closed || unmapped || viewPinned || !pools.isEmpty() || !kernelDone()) {
            return;
        }
        if (fixedByArea && fixedRing != null && !fixedRing.isClosed()) {
            try {
                fixedRing.unregisterBuffers();
            } catch (LinuxException e) {
                // the ring's own close drops the registration
            }
        }
        unmapped = true;
        arena.close(); // munlock + munmap, after every thread is out of its accesses
    }

    @Override
    public String toString() {
        return "DmaArea[" + handles.length + " x " + slotSize + " B, " + mapping.pages
                + (mapping.locked ? ", locked" : "") + (closed ? ", closed" : "") + "]";
    }

    /** The kernel-facing operations, for the event channel and socket layers. */
    private static final class SpiBridge implements DmaSpi.Bridge {
        @Override
        public void lend(Buffer b) {
            b.area.lend(b);
        }

        @Override
        public void giveBack(Buffer b, boolean release) {
            b.area.giveBack(b, release);
        }

        @Override
        public MemorySegment kernelSegment(Buffer b) {
            if (b.state() != Buffer.KERNEL && b.state() != Buffer.PROGRAM) {
                throw b.misuse(b.state(), "hand to the kernel");
            }
            return b.kernelSegment();
        }

        @Override
        public long kernelOffset(Buffer b) {
            if (b.state() != Buffer.KERNEL && b.state() != Buffer.PROGRAM) {
                throw b.misuse(b.state(), "hand to the kernel");
            }
            return b.areaOffset;
        }

        @Override
        public int fixedIndex(Buffer b) {
            return b.area.fixedIndex(b);
        }

        @Override
        public MemorySegment fixedRegion(DmaArea area) {
            area.ensureOpen();
            return area.base;
        }

        @Override
        public void bindFixed(DmaArea area, Backend ring, int index) {
            area.bindFixed(ring, index);
        }

        @Override
        public boolean registerFixed(DmaArea area, Backend backend) throws LinuxException {
            return area.registerFixed(backend);
        }

        @Override
        public ReceivePool receivePool(DmaArea area, Backend backend, int bgid, int buffers, boolean incremental)
                throws LinuxException {
            return area.receivePool(backend, bgid, buffers, incremental);
        }

        @Override
        public io.aionet.dma.spi.PoolAssociation associate(ReceivePool pool, PoolReceiver receiver, boolean concurrent) {
            return pool.associate(receiver, concurrent);
        }

        @Override
        public BufferGroup group(ReceivePool pool) {
            return pool.group();
        }

        @Override
        public Backend backend(ReceivePool pool) {
            return pool.backend();
        }

        @Override
        public void nameRoom(Buffer b, int room) {
            b.headerRoom = room;
        }

        @Override
        public int nameRoom(Buffer b) {
            return b.headerRoom;
        }
    }
}
