package io.aionet.uring;

import io.aionet.linux.IoUringBuf;
import io.aionet.LinuxException;
import io.aionet.linux.Mem;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A provided buffer ring ({@code struct io_uring_buf_ring}) registered with
 * {@code IORING_REGISTER_PBUF_RING}: the program adds buffers at the tail, the kernel takes one for
 * each receive that selects from this group and names it (by id) in the completion. This is the
 * kernel half of Drepper's kernel-chosen receive buffers.
 *
 * <p>Memory order: entries are written with plain stores, then {@link #advance(int)} publishes the
 * new tail with a store-release that pairs with the kernel's {@code smp_load_acquire(&br->tail)} in
 * {@code io_ring_buffer_select}. Only the ring's owning thread may add buffers.
 */
public final class BufRing implements AutoCloseable {
    private static final VarHandle U16 = ValueLayout.JAVA_SHORT.varHandle();

    private final IoUring ring;
    private final MemorySegment mem;
    private final int entries;
    private final int mask;
    private final int bgid;
    private final int flags;
    /** Our tail: the kernel never writes it. */
    private int tail;
    private boolean closed;
    /** Run once after {@link #close()}: tells the owner of the buffers (a receive pool) the kernel is done. */
    private Runnable onClose;

    private BufRing(IoUring ring, MemorySegment mem, int entries, int bgid, int flags) {
        this.ring = ring;
        this.mem = mem;
        this.entries = entries;
        this.mask = entries - 1;
        this.bgid = bgid;
        this.flags = flags;
    }

    static BufRing create(IoUring ring, int entries, int bgid, int flags) throws LinuxException {
        if (entries < 1 || entries > 32768 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("entries must be a power of two in 1..32768: " + entries);
        }
        if (bgid < 0 || bgid > 0xffff) {
            throw new IllegalArgumentException("bgid must fit 16 bits: " + bgid);
        }
        long size = Mem.pageAlign(entries * IoUringBuf.SIZEOF);
        long addr = Mem.mmap(size, Mem.PROT_READ | Mem.PROT_WRITE,
                Mem.MAP_PRIVATE | Mem.MAP_ANONYMOUS | Mem.MAP_POPULATE, -1, 0);
        if (addr < 0) {
            throw new LinuxException("mmap", (int) -addr, "buffer ring of " + size + " bytes");
        }
        MemorySegment mem = MemorySegment.ofAddress(addr).reinterpret(size);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment reg = a.allocate(IoUringBuf.REG_LAYOUT);
            reg.set(ValueLayout.JAVA_LONG, IoUringBuf.OFFSETOF_reg_ring_addr, addr);
            reg.set(ValueLayout.JAVA_INT, IoUringBuf.OFFSETOF_reg_ring_entries, entries);
            reg.set(ValueLayout.JAVA_SHORT, IoUringBuf.OFFSETOF_reg_bgid, (short) bgid);
            reg.set(ValueLayout.JAVA_SHORT, IoUringBuf.OFFSETOF_reg_flags, (short) flags);
            int r = ring.registerPbufRingRaw(reg);
            if (r < 0) {
                Mem.munmap(addr, size);
                throw new LinuxException("io_uring_register", -r, "IORING_REGISTER_PBUF_RING bgid " + bgid);
            }
        }
        return new BufRing(ring, mem, entries, bgid, flags);
    }

    /** {@return the buffer group id receives select with} */
    public int bgid() {
        return bgid;
    }

    /** {@return the slots in the ring} */
    public int entries() {
        return entries;
    }

    /** {@return the registration flags ({@code IOU_PBUF_RING_INC} …)} */
    public int flags() {
        return flags;
    }

    /**
     * liburing's {@code io_uring_buf_ring_add}: writes buffer {@code bid} into the slot
     * {@code offset} places past the tail. Not visible to the kernel until {@link #advance(int)}.
     *
     * @param buffer native memory the kernel may write into until the buffer is consumed
     * @param bid the buffer id completions will name
     * @param offset slots past the tail (0 for the first buffer of a batch)
     */
    public void add(MemorySegment buffer, int bid, int offset) {
        ensureOpen();
        if (!buffer.isNative()) {
            throw new IllegalArgumentException("buffer must be native memory");
        }
        if (buffer.byteSize() > 0xffffffffL) {
            throw new IllegalArgumentException("buffer larger than 4 GiB");
        }
        if (bid < 0 || bid > 0xffff) {
            throw new IllegalArgumentException("bid must fit 16 bits: " + bid);
        }
        long slot = ((tail + offset) & mask) * IoUringBuf.SIZEOF;
        mem.set(ValueLayout.JAVA_LONG, slot + IoUringBuf.OFFSETOF_addr, buffer.address());
        mem.set(ValueLayout.JAVA_INT, slot + IoUringBuf.OFFSETOF_len, (int) buffer.byteSize());
        mem.set(ValueLayout.JAVA_SHORT, slot + IoUringBuf.OFFSETOF_bid, (short) bid);
    }

    /**
     * liburing's {@code io_uring_buf_ring_advance}: makes {@code count} added buffers visible to the kernel.
     *
     * @param count buffers added since the last advance
     */
    public void advance(int count) {
        ensureOpen();
        tail += count;
        // Pairs with the kernel's smp_load_acquire of the tail: the entries above are visible first.
        U16.setRelease(mem, IoUringBuf.OFFSETOF_ring_tail, (short) tail);
    }

    /**
     * Adds one buffer and publishes it.
     *
     * @param buffer native memory the kernel may write into until the buffer is consumed
     * @param bid the buffer id completions will name
     */
    public void provide(MemorySegment buffer, int bid) {
        add(buffer, bid, 0);
        advance(1);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("buffer ring for group " + bgid + " is closed");
        }
    }

    /** Unregisters the group from the ring, then unmaps the ring memory. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ring.isClosed()) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment reg = a.allocate(IoUringBuf.REG_LAYOUT);
                reg.set(ValueLayout.JAVA_SHORT, IoUringBuf.OFFSETOF_reg_bgid, (short) bgid);
                ring.unregisterPbufRingRaw(reg);
            }
        }
        ring.forget(this);
        Mem.munmap(mem.address(), mem.byteSize());
        Runnable r = onClose;
        onClose = null;
        if (r != null) {
            r.run();
        }
    }

    /**
     * Sets what runs once this buffer ring is closed — by its owner or because the ring closed (which
     * closes every buffer ring after waiting for its requests): the moment the kernel no longer
     * writes into the buffers, so whoever owns their memory may unmap it.
     *
     * @param action what to run once the buffer ring is closed
     */
    public void onClose(Runnable action) {
        this.onClose = action;
    }
}
