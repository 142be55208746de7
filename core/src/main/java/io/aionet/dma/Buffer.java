package io.aionet.dma;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A buffer inside a {@link DmaArea} that the program owns: the {@code void *mem} of Drepper's
 * {@code sio_reserve} and the {@code void **buf} of his {@code sio_recv}. It is either a send buffer
 * (one slot handed out by {@link DmaArea#reserve(int)}) or a received piece (the bytes one receive
 * completion put into a kernel-chosen buffer; see {@link ReceivePool}).
 *
 * <h2>Reaching the bytes</h2>
 * Three ways, all bounds-checked and all refused once the buffer is released, lent to the kernel or
 * its area closed:
 * <ul>
 *   <li>the accessors ({@link #get(long)}, {@link #put(long, byte)}, {@link #copyFrom(long, MemorySegment)},
 *       …): they check ownership on every call ({@link BufferOwnershipException}) and allocate nothing —
 *       the hot path;</li>
 *   <li>{@link #segment()} / {@link #asByteBuffer()}: a {@link MemorySegment} (or {@link ByteBuffer})
 *       whose scope is a <em>confined</em> {@link Arena} of this lease alone, usable by the thread that
 *       asked for it. Releasing the buffer closes that arena, so a view kept past release throws
 *       {@link IllegalStateException} ("Already closed") instead of reaching memory that now belongs to
 *       someone else. About 90 ns and 96 bytes per lease that asks for a view;</li>
 *   <li>{@link #sharedSegment()}: the same with a <em>shared</em> arena, usable from any thread; closing
 *       a shared arena is a handshake with every thread (tens of microseconds), so it is for buffers
 *       that really cross threads.</li>
 * </ul>
 * A lease has at most one view, made lazily, so a lease that never asks for one costs no allocation.
 * (A generation-checked wrapper is not possible: {@code MemorySegment} is a sealed interface, so the
 * only way to make a plain segment stop working is to close its arena. Measured in
 * {@code docs/benchmarks.md}.) While a confined view is open, the buffer is released (and lent to the
 * kernel) on the view's thread; elsewhere that is refused with {@link BufferOwnershipException}.
 *
 * <h2>Identity</h2>
 * Buffer objects are recycled: a send buffer object stands for its slot and is handed out again by
 * later reservations of that slot, and received pieces come from a pool of handles. Keep no reference
 * past {@link #release()}: a stale reference is caught while the slot is free or held by the kernel
 * (free slots are reused first-in first-out, which makes that the common case), but not once the same
 * object has been handed out again. Views ({@link #segment()}) never have that weakness: each lease's
 * arena is closed for good.
 *
 * <h2>Threads</h2>
 * A buffer may be released from any thread (the area hands it back to its owner through a lock-free
 * stack); using one buffer from two threads at once is the program's race to prevent, as with any
 * memory it owns.
 */
public final class Buffer {
    static final int FREE = 0;
    static final int PROGRAM = 1;
    static final int KERNEL = 2;
    static final int REVOKED = 3;
    /** A slot lent to a {@link ReceivePool}; its own handle is never handed out. */
    static final int POOLED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Buffer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final DmaArea area;
    /** The receive pool this piece came from; {@code null} for a send buffer. */
    final ReceivePool pool;
    /** Send: the slot index. Receive: the buffer id (bid) of the lease. */
    int id;
    /** Offset of the first byte in the area. */
    long areaOffset;
    /** Receive: offset within the provided buffer (non-zero with incremental consumption). */
    int offset;
    int length;
    /** Accessed through {@link #STATE}: CAS for every transition, acquire for checks. */
    @SuppressWarnings("unused")
    private volatile int state;
    /** The lease's view scope, made on the first {@link #segment()}; owner-only. */
    private Arena viewArena;
    private MemorySegment view;
    /** The confined view's thread; {@code null} for a shared view. */
    private Thread viewThread;
    /** Link in the area's or pool's stack of buffers released from other threads. */
    Buffer nextReturned;

    /** How the returned-buffer stacks ({@link io.aionet.internal.concurrent.TreiberStack}) link buffers. */
    static final io.aionet.internal.concurrent.TreiberStack.Links<Buffer> RETURN_LINKS = new io.aionet.internal.concurrent.TreiberStack.Links<>() {
        @Override
        public Buffer next(Buffer node) {
            return node.nextReturned;
        }

        @Override
        public void next(Buffer node, Buffer next) {
            node.nextReturned = next;
        }
    };

    Buffer(DmaArea area, ReceivePool pool, int id, long areaOffset) {
        this.area = area;
        this.pool = pool;
        this.id = id;
        this.areaOffset = areaOffset;
    }

    // ------------------------------------------------------------------ state (package)

    int state() {
        return (int) STATE.getAcquire(this);
    }

    /** Owner-only: a free handle becomes the program's; the release is paired with the CAS in {@link #transition}. */
    void lease(int length) {
        this.length = length;
        this.headerRoom = 0;
        STATE.setRelease(this, PROGRAM);
    }

    /**
     * A received datagram's layout, set by the receive that delivered it: the room the kernel reserved for
     * the sender between its {@code io_uring_recvmsg_out} header and the payload (0: the default, a
     * {@code sockaddr_in6}). Owner-only.
     */
    int headerRoom;

    /** Hands a free handle straight to the pool (never to the program). */
    void setState(int s) {
        STATE.setRelease(this, s);
    }

    /**
     * Moves {@code from -> to} atomically (volatile CAS: the full fence pairs with the other thread's
     * CAS, so exactly one of two racing releases wins), or explains who owns the buffer.
     */
    void transition(int from, int to, String action) {
        if (!STATE.compareAndSet(this, from, to)) {
            throw misuse(state(), action);
        }
    }

    boolean tryTransition(int from, int to) {
        return STATE.compareAndSet(this, from, to);
    }

    BufferOwnershipException misuse(int s, String action) {
        String who = switch (s) {
            case FREE -> "it was already released";
            case PROGRAM -> "the program holds it";
            case KERNEL -> "the kernel holds it (an operation using it is in flight)";
            case REVOKED -> "its DMA area (or receive pool) was closed";
            default -> "it is part of a receive pool";
        };
        return new BufferOwnershipException("cannot " + action + " " + describe() + ": " + who);
    }

    private String describe() {
        return (pool == null ? "send buffer (slot " : "received buffer (bid ") + id + ", offset " + offset
                + ", length " + length + ")";
    }

    /**
     * Closes this lease's view, if any: every segment and ByteBuffer from it stops working. A confined
     * view can only be closed by its own thread: from another one this returns false and leaves it open.
     */
    boolean revokeView() {
        Arena a = viewArena;
        if (a == null) {
            return true;
        }
        Thread t = viewThread;
        if (t != null && t != Thread.currentThread()) {
            return false;
        }
        viewArena = null;
        view = null;
        viewThread = null;
        a.close();
        return true;
    }

    /** Refuses {@code action} from a thread that could not close this lease's confined view. */
    void checkViewThread(String action) {
        Thread t = viewThread;
        if (viewArena != null && t != null && t != Thread.currentThread()) {
            throw new BufferOwnershipException("cannot " + action + " " + describe() + " on " + Thread.currentThread()
                    + ": its segment() view is confined to " + t + " (release it there, or use sharedSegment())");
        }
    }

    private void checkOwned(String action) {
        int s = state();
        if (s != PROGRAM) {
            throw misuse(s, action);
        }
    }

    private long at(long index, long count) {
        if (index < 0 || count < 0 || index > length - count) {
            throw new IndexOutOfBoundsException("range [" + index + ", " + index + " + " + count
                    + ") out of bounds for buffer length " + length);
        }
        return areaOffset + index;
    }

    // ------------------------------------------------------------------ identity

    /**
     * {@return the buffer's id: for a send buffer its slot in the area; for a received piece the provided
     * buffer id ({@code bid}) the kernel named in the completion}
     */
    public int id() {
        return id;
    }

    /**
     * {@return for a received piece, where it starts inside its provided buffer (non-zero when the kernel
     * consumes buffers incrementally); 0 for a send buffer}
     */
    public int offset() {
        return offset;
    }

    /** {@return bytes in the buffer: the size reserved, or the bytes received} */
    public int length() {
        return length;
    }

    /** {@return the area the buffer lives in (the {@code dma_mem_t} of {@code sio_release})} */
    public DmaArea area() {
        return area;
    }

    /** {@return true for a received piece, false for a send buffer} */
    public boolean isReceived() {
        return pool != null;
    }

    /** {@return true while the program owns the buffer (reserved or received, not released, area open)} */
    public boolean isOwned() {
        return state() == PROGRAM;
    }

    // ------------------------------------------------------------------ views

    /**
     * The buffer's bytes as a segment of {@link #length()} bytes, confined to the calling thread and
     * valid until the buffer is released, lent to the kernel or its area closed — after that every
     * access through it throws {@link IllegalStateException}. The same segment is returned for the rest
     * of the lease.
     *
     * @return the confined view of the buffer's bytes
     * @throws BufferOwnershipException when the program does not own the buffer
     * @throws WrongThreadException     when another thread already holds this lease's confined view
     * @throws IllegalStateException    when the lease already has a {@link #sharedSegment()} view
     */
    public MemorySegment segment() {
        checkOwned("view");
        MemorySegment v = view;
        if (v == null) {
            Arena a = Arena.ofConfined();
            v = area.base().asSlice(areaOffset, length).reinterpret(a, null);
            viewArena = a;
            view = v;
            viewThread = Thread.currentThread();
        } else if (viewThread == null) {
            throw new IllegalStateException("this lease already has a shared view: use sharedSegment()");
        } else if (viewThread != Thread.currentThread()) {
            throw new WrongThreadException("the view of " + describe() + " is confined to " + viewThread);
        }
        return v;
    }

    /**
     * Like {@link #segment()}, but usable from any thread: the view's arena is shared, and closing it
     * at release costs a handshake with every thread.
     *
     * @return the shared view of the buffer's bytes
     * @throws BufferOwnershipException when the program does not own the buffer
     * @throws IllegalStateException    when the lease already has a confined {@link #segment()} view
     */
    public MemorySegment sharedSegment() {
        checkOwned("view");
        MemorySegment v = view;
        if (v == null) {
            Arena a = Arena.ofShared();
            v = area.base().asSlice(areaOffset, length).reinterpret(a, null);
            viewArena = a;
            view = v;
        } else if (viewThread != null) {
            throw new IllegalStateException("this lease already has a confined view: use segment()");
        }
        return v;
    }

    /** {@return {@link #segment()} as a {@link ByteBuffer} (position 0, limit {@link #length()}), revoked with it} */
    public ByteBuffer asByteBuffer() {
        return segment().asByteBuffer();
    }

    // ------------------------------------------------------------------ checked accessors

    /**
     * Reads one byte. Owner-checked: any thread may call it while the program owns the buffer.
     *
     * @param index offset in the buffer, 0 … {@link #length()} - 1
     * @return the byte at {@code index}
     * @throws IndexOutOfBoundsException when {@code index} is outside the buffer
     * @throws BufferOwnershipException  when the program does not own the buffer
     */
    public byte get(long index) {
        checkOwned("read");
        return area.base().get(ValueLayout.JAVA_BYTE, at(index, 1));
    }

    /**
     * Writes one byte.
     *
     * @param index offset in the buffer, 0 … {@link #length()} - 1
     * @param value the byte to store
     * @throws IndexOutOfBoundsException when {@code index} is outside the buffer
     * @throws BufferOwnershipException  when the program does not own the buffer
     */
    public void put(long index, byte value) {
        checkOwned("write");
        area.base().set(ValueLayout.JAVA_BYTE, at(index, 1), value);
    }

    /**
     * Copies bytes out of the buffer into a heap array.
     *
     * @param index  where in the buffer to start reading
     * @param dst    the array written
     * @param dstOff where in {@code dst} to start writing
     * @param len    bytes to copy
     * @throws IndexOutOfBoundsException when either range falls outside its memory
     * @throws BufferOwnershipException  when the program does not own the buffer
     */
    public void get(long index, byte[] dst, int dstOff, int len) {
        java.util.Objects.requireNonNull(dst, "dst");
        checkOwned("read");
        MemorySegment.copy(area.base(), ValueLayout.JAVA_BYTE, at(index, len), dst, dstOff, len);
    }

    /**
     * Copies bytes of a heap array into the buffer.
     *
     * @param index  where in the buffer to start writing
     * @param src    the array read
     * @param srcOff where in {@code src} to start reading
     * @param len    bytes to copy
     * @throws IndexOutOfBoundsException when either range falls outside its memory
     * @throws BufferOwnershipException  when the program does not own the buffer
     */
    public void put(long index, byte[] src, int srcOff, int len) {
        java.util.Objects.requireNonNull(src, "src");
        checkOwned("write");
        MemorySegment.copy(src, srcOff, area.base(), ValueLayout.JAVA_BYTE, at(index, len), len);
    }

    /**
     * Copies all of a segment into the buffer.
     *
     * @param index where in the buffer to start writing
     * @param src   the memory read, {@code src.byteSize()} bytes (any arena the calling thread may access)
     * @throws IndexOutOfBoundsException when {@code src} does not fit from {@code index}
     * @throws BufferOwnershipException  when the program does not own the buffer
     */
    public void copyFrom(long index, MemorySegment src) {
        java.util.Objects.requireNonNull(src, "src");
        checkOwned("write");
        MemorySegment.copy(src, 0, area.base(), at(index, src.byteSize()), src.byteSize());
    }

    /**
     * Copies bytes of the buffer into a segment, filling it.
     *
     * @param index where in the buffer to start reading
     * @param dst   the memory written, {@code dst.byteSize()} bytes
     * @throws IndexOutOfBoundsException when the buffer holds fewer than {@code dst.byteSize()} bytes from
     *                                   {@code index}
     * @throws BufferOwnershipException  when the program does not own the buffer
     */
    public void copyTo(long index, MemorySegment dst) {
        java.util.Objects.requireNonNull(dst, "dst");
        checkOwned("read");
        MemorySegment.copy(area.base(), at(index, dst.byteSize()), dst, 0, dst.byteSize());
    }

    /**
     * Fills the whole buffer.
     *
     * @param value the byte stored in every position
     * @throws BufferOwnershipException when the program does not own the buffer
     */
    public void fill(byte value) {
        checkOwned("write");
        area.base().asSlice(at(0, length), length).fill(value);
    }

    // ------------------------------------------------------------------ release

    /**
     * Drepper's {@code sio_release}: gives the buffer back. A send buffer returns to the area's free
     * slots; a received piece returns to its provided buffer ring once the kernel is done with the
     * buffer and every piece of it is released. Views die with the lease.
     *
     * @throws BufferOwnershipException when released twice, while the kernel holds it, or after the
     *                                  area closed
     */
    public void release() {
        area.release(this);
    }

    /** Kernel-facing: the lease's bytes in the area's own (non-revocable) segment. */
    MemorySegment kernelSegment() {
        return area.base().asSlice(areaOffset, length);
    }

    @Override
    public String toString() {
        return "Buffer[" + describe() + ", state " + state() + "]";
    }
}
