package io.aionet.channel.xdp;

import io.aionet.linux.XdpMmapOffsets;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One of the four AF_XDP rings, mapped from the socket: a single-producer/single-consumer ring whose
 * {@code producer} and {@code consumer} indices the kernel keeps on separate cache lines (Van
 * Jacobson's net channel, in the kernel's own layout). Indices are free-running 32-bit counters; the
 * slot is {@code index & mask}.
 *
 * <p>Memory order, as for the io_uring rings: the side that produces writes its entries and then
 * <em>releases</em> the producer index; the side that consumes <em>acquires</em> the producer index
 * before reading entries and releases the consumer index once it has read them. Each side also
 * acquires the other's index before reusing a slot. The kernel's halves are
 * {@code smp_store_release}/{@code smp_load_acquire} in {@code net/xdp/xsk_queue.h}.
 *
 * <p>Used by one thread (the channel's owner). Package-private: {@link XdpChannel} drives it.
 */
final class XskRing {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    final MemorySegment mem;
    private final long producer;
    private final long consumer;
    private final long flags;
    final long desc;
    final int size;
    final int mask;
    final long entrySize;
    /** Our side's index (producer for fill/TX, consumer for RX/completion), mirrored locally. */
    int local;
    /** The last index of the other side we acquired. */
    int cached;

    XskRing(MemorySegment mem, MemorySegment offsets, long ringOffset, int size, long entrySize, boolean weProduce) {
        this.mem = mem;
        this.producer = offsets.get(ValueLayout.JAVA_LONG, ringOffset + XdpMmapOffsets.OFFSETOF_producer);
        this.consumer = offsets.get(ValueLayout.JAVA_LONG, ringOffset + XdpMmapOffsets.OFFSETOF_consumer);
        this.desc = offsets.get(ValueLayout.JAVA_LONG, ringOffset + XdpMmapOffsets.OFFSETOF_desc);
        this.flags = offsets.get(ValueLayout.JAVA_LONG, ringOffset + XdpMmapOffsets.OFFSETOF_flags);
        this.size = size;
        this.mask = size - 1;
        this.entrySize = entrySize;
        if (weProduce) {
            local = (int) INT.getAcquire(mem, producer);
            cached = (int) INT.getAcquire(mem, consumer) + size;
        } else {
            local = (int) INT.getAcquire(mem, consumer);
            cached = (int) INT.getAcquire(mem, producer);
        }
    }

    /** Mapping length for a ring of {@code size} entries of {@code entrySize} bytes whose entries start at {@code descOffset}. */
    static long mapLength(long descOffset, int size, long entrySize) {
        return descOffset + size * entrySize;
    }

    /** Where entry {@code index} is in {@link #mem}. */
    long entry(int index) {
        return desc + (index & mask) * entrySize;
    }

    // ---- producer side (fill, TX)

    /** Free slots for the producer, up to {@code n}: re-acquires the consumer index only when the cached room runs out. */
    int free(int n) {
        int room = cached - local;
        if (room >= n) {
            return n;
        }
        // acquire: pairs with the kernel's release of consumer after it read the entries we reuse
        cached = (int) INT.getAcquire(mem, consumer) + size;
        room = cached - local;
        return Math.min(room, n);
    }

    /** Publishes {@code n} entries written at {@code local ...}: release pairs with the kernel's acquire of producer. */
    void submit(int n) {
        local += n;
        INT.setRelease(mem, producer, local);
    }

    // ---- consumer side (RX, completion)

    /** Entries ready for the consumer, up to {@code n}. */
    int ready(int n) {
        int avail = cached - local;
        if (avail == 0) {
            // acquire: pairs with the kernel's release of producer after it wrote the entries
            cached = (int) INT.getAcquire(mem, producer);
            avail = cached - local;
        }
        return Math.min(avail, n);
    }

    /** Hands {@code n} read entries back: release pairs with the kernel's acquire of consumer before it overwrites them. */
    void release(int n) {
        local += n;
        INT.setRelease(mem, consumer, local);
    }

    /** Whether the kernel asks to be woken ({@code XDP_RING_NEED_WAKEUP}); an opaque read suffices for a hint. */
    boolean needsWakeup() {
        return ((int) INT.getOpaque(mem, flags) & io.aionet.linux.Xsk.XDP_RING_NEED_WAKEUP) != 0;
    }

    /** Entries the kernel has produced and we have not consumed (RX/completion), read now. */
    int pending() {
        return (int) INT.getAcquire(mem, producer) - local;
    }
}
