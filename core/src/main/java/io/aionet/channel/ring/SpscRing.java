package io.aionet.channel.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static io.aionet.channel.ring.SpscRingDescriptor.CAPACITY_OFFSET;
import static io.aionet.channel.ring.SpscRingDescriptor.HEAD_OFFSET;
import static io.aionet.channel.ring.SpscRingDescriptor.MAGIC;
import static io.aionet.channel.ring.SpscRingDescriptor.MAGIC_OFFSET;
import static io.aionet.channel.ring.SpscRingDescriptor.RECORDS_OFFSET;
import static io.aionet.channel.ring.SpscRingDescriptor.RECORD_SIZE_OFFSET;
import static io.aionet.channel.ring.SpscRingDescriptor.REC_BUFFER_ID;
import static io.aionet.channel.ring.SpscRingDescriptor.REC_HANDLE;
import static io.aionet.channel.ring.SpscRingDescriptor.REC_LENGTH;
import static io.aionet.channel.ring.SpscRingDescriptor.REC_TIMESTAMP;
import static io.aionet.channel.ring.SpscRingDescriptor.SLEEPING_OFFSET;
import static io.aionet.channel.ring.SpscRingDescriptor.TAIL_OFFSET;
import static io.aionet.channel.ring.SpscRingDescriptor.VERSION;
import static io.aionet.channel.ring.SpscRingDescriptor.VERSION_OFFSET;

/**
 * Van Jacobson's net channel: a single-producer, single-consumer ring of fixed-size packet descriptors in
 * off-heap memory. "A channel is implemented as an array'd queue of packets. There is state for the
 * producer and the consumer, and it all sits in different cache lines so that it is never the case that
 * both the consumer and producer write to shared cache lines." Descriptors move through the ring; packet
 * bytes stay in their buffers.
 *
 * <p>Memory layout: {@link SpscRingDescriptor}. The producer's index (tail) and the consumer's index
 * (head) sit 128 bytes apart; each side keeps a private copy of the other side's index and re-reads the
 * shared one only when its copy says the ring is full (producer) or empty (consumer).
 *
 * <p>Memory order, paired:
 * <ul>
 *   <li>producer: writes the record with plain stores, then publishes the tail with a store-release
 *       ({@link #soTail}); pairs with the consumer's load-acquire of the tail ({@link #lvTail});</li>
 *   <li>consumer: load-acquires the tail, reads the records with plain loads, then store-releases the
 *       head ({@link #soHead}); pairs with the producer's load-acquire of the head ({@link #lvHead}),
 *       so the producer never overwrites a slot the consumer is still reading;</li>
 *   <li>sleeping flag (blocking wait strategies only): consumer volatile-stores it then volatile-loads
 *       the tail; producer store-releases the tail, full fence, then loads the flag (Dekker).</li>
 * </ul>
 *
 * <p>Threading: any one thread may produce and any one thread may consume at a time (hand-over between
 * threads needs a happens-before edge, e.g. {@link Thread#start()}). Offer, claim/publish, poll and
 * drain allocate nothing.
 *
 * {@snippet :
 * try (SpscRing ring = SpscRing.allocate(1024)) {
 *     // producer thread
 *     ring.offer(bufferId, 0L, 0, length, flowId, System.nanoTime());
 *     // consumer thread
 *     ring.drain((id, handle, off, len, flow, ts) -> process(id, off, len), 64);
 * }
 * }
 */
public final class SpscRing extends SpscRingFields.Pad2 implements AutoCloseable {
    /** Record size used by {@link #allocate(int)}: the descriptor alone, two records per cache line. */
    public static final int DEFAULT_RECORD_SIZE = SpscRingDescriptor.MIN_RECORD_SIZE;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    // plain record and header accesses: every offset is naturally aligned by construction (memory
    // 128-aligned, records a power of two >= 32 bytes, fields at their size's multiple), so the
    // unaligned layouts only drop a redundant alignment check from the hot path
    private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final MemorySegment memory;
    /** The arena this ring allocated its memory from; null when the caller owns the memory. */
    private final Arena arena;
    private final long mask;
    private final int capacity;
    private final int recordSize;
    private final int recordShift;
    private final WaitStrategy wait;
    /** True when the producer must check the sleeping flag after each publish. */
    private final boolean signalling;
    /** Plain: the check catches use after close by the closing thread or after a happens-before edge. */
    private boolean closed;

    private SpscRing(MemorySegment memory, Arena arena, int capacity, int recordSize, WaitStrategy wait) {
        this.memory = memory;
        this.arena = arena;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.recordSize = recordSize;
        this.recordShift = Integer.numberOfTrailingZeros(recordSize);
        this.wait = wait;
        this.signalling = wait.blocking();
    }

    /**
     * A ring of {@code capacity} 32-byte records in memory it allocates, with a {@link WaitStrategy#spin()}
     * strategy.
     *
     * @param capacity records, a power of two in [2, 2<sup>24</sup>]
     * @return the ring, empty, owning its memory
     * @throws IllegalArgumentException when capacity is not a power of two in [2, 2<sup>24</sup>]
     */
    public static SpscRing allocate(int capacity) {
        return allocate(capacity, DEFAULT_RECORD_SIZE, WaitStrategy.spin());
    }

    /**
     * A ring in memory it allocates (and frees on {@link #close()}).
     *
     * @param capacity   records, a power of two in [2, 2<sup>24</sup>]
     * @param recordSize bytes per record, a power of two in [32, 256] (64 gives each record a cache line)
     * @param wait       how the consumer waits; the ring owns it from now on
     * @return the ring, empty, owning its memory
     * @throws IllegalArgumentException on a bad capacity or record size, or a strategy already in use
     */
    public static SpscRing allocate(int capacity, int recordSize, WaitStrategy wait) {
        java.util.Objects.requireNonNull(wait, "wait");
        long size = SpscRingDescriptor.byteSize(capacity, recordSize);
        requireStrategy(wait);
        Arena arena = Arena.ofShared();
        MemorySegment m;
        try {
            m = arena.allocate(size, 4096);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        return init(m, arena, capacity, recordSize, wait);
    }

    /**
     * A ring in memory the caller provides (for example shared memory); the caller keeps ownership and
     * frees it after {@link #close()}. The header and both indices are (re)initialized.
     *
     * @param memory a native segment of at least {@link #byteSize(int, int)} bytes, aligned to 128 bytes
     * @param capacity records, a power of two in [2, 2<sup>24</sup>]
     * @param recordSize bytes per record, a power of two in [32, 256]
     * @param wait how the consumer waits; the ring owns it from now on
     * @return the ring, empty, over {@code memory}
     * @throws IllegalArgumentException on a bad capacity or record size, memory that is too small,
     *         read-only, not native or misaligned, or a strategy already in use
     */
    public static SpscRing create(MemorySegment memory, int capacity, int recordSize, WaitStrategy wait) {
        java.util.Objects.requireNonNull(memory, "memory");
        java.util.Objects.requireNonNull(wait, "wait");
        long size = SpscRingDescriptor.byteSize(capacity, recordSize);
        checkMemory(memory, size);
        requireStrategy(wait);
        return init(memory, null, capacity, recordSize, wait);
    }

    /**
     * Attaches to a ring another party {@linkplain #create created} in shared memory, taking capacity,
     * record size and both indices from the memory. Blocking wait strategies wake only consumers that
     * wait through the same {@code SpscRing} object; across processes use {@link WaitStrategy#spin()} or
     * {@link WaitStrategy#yielding()}.
     *
     * @param memory the segment the creating party passed to {@link #create}
     * @param wait how this side's consumer waits; the ring owns it from now on
     * @return the ring, with the indices the memory holds
     * @throws IllegalArgumentException when the memory does not hold a ring of this layout version
     */
    public static SpscRing attach(MemorySegment memory, WaitStrategy wait) {
        java.util.Objects.requireNonNull(memory, "memory");
        java.util.Objects.requireNonNull(wait, "wait");
        checkMemory(memory, SpscRingDescriptor.RECORDS_OFFSET);
        if (memory.get(I, MAGIC_OFFSET) != MAGIC || memory.get(I, VERSION_OFFSET) != VERSION) {
            throw new IllegalArgumentException("memory does not hold an SpscRing (magic/version mismatch)");
        }
        int capacity = memory.get(I, CAPACITY_OFFSET);
        int recordSize = memory.get(I, RECORD_SIZE_OFFSET);
        checkMemory(memory, SpscRingDescriptor.byteSize(capacity, recordSize));
        requireStrategy(wait);
        SpscRing r = new SpscRing(memory, null, capacity, recordSize, wait);
        wait.bind();
        r.producerIndex = r.lvTail();
        r.producerLimit = r.lvHead() + capacity;
        r.consumerIndex = r.lvHead();
        r.consumerLimit = r.lvTail();
        return r;
    }

    /**
     * Bytes a ring of {@code capacity} records of {@code recordSize} bytes occupies.
     *
     * @param capacity records, a power of two in [2, 2<sup>24</sup>]
     * @param recordSize bytes per record, a power of two in [32, 256]
     * @return the header plus the records, in bytes
     * @throws IllegalArgumentException on a bad capacity or record size
     */
    public static long byteSize(int capacity, int recordSize) {
        return SpscRingDescriptor.byteSize(capacity, recordSize);
    }

    private static SpscRing init(MemorySegment m, Arena arena, int capacity, int recordSize, WaitStrategy wait) {
        m.asSlice(0, RECORDS_OFFSET).fill((byte) 0);
        m.set(I, VERSION_OFFSET, VERSION);
        m.set(I, CAPACITY_OFFSET, capacity);
        m.set(I, RECORD_SIZE_OFFSET, recordSize);
        // magic last, with release: an attaching side that sees it sees the rest of the header
        INT.setRelease(m, MAGIC_OFFSET, MAGIC);
        wait.bind();
        SpscRing r = new SpscRing(m, arena, capacity, recordSize, wait);
        r.producerLimit = capacity;
        return r;
    }

    private static void requireStrategy(WaitStrategy wait) {
        if (wait == null) {
            throw new IllegalArgumentException("wait strategy is null");
        }
    }

    private static void checkMemory(MemorySegment memory, long size) {
        if (!memory.isNative()) {
            throw new IllegalArgumentException("memory must be native (off-heap)");
        }
        if (memory.isReadOnly()) {
            throw new IllegalArgumentException("memory is read-only");
        }
        if (memory.address() % SpscRingDescriptor.ALIGNMENT != 0) {
            throw new IllegalArgumentException("memory must be aligned to " + SpscRingDescriptor.ALIGNMENT + " bytes");
        }
        if (memory.byteSize() < size) {
            throw new IllegalArgumentException("memory holds " + memory.byteSize() + " bytes, the ring needs " + size);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Shared indices. JCTools naming: lv = load-acquire/volatile, so = store-release ("ordered").

    /** Load-acquire of the tail; pairs with the producer's {@link #soTail}. */
    private long lvTail() {
        return (long) LONG.getAcquire(memory, TAIL_OFFSET);
    }

    /** Store-release of the tail; pairs with the consumer's {@link #lvTail}. */
    private void soTail(long v) {
        LONG.setRelease(memory, TAIL_OFFSET, v);
    }

    /** Load-acquire of the head; pairs with the consumer's {@link #soHead}. */
    private long lvHead() {
        return (long) LONG.getAcquire(memory, HEAD_OFFSET);
    }

    /** Store-release of the head; pairs with the producer's {@link #lvHead}. */
    private void soHead(long v) {
        LONG.setRelease(memory, HEAD_OFFSET, v);
    }

    // ---------------------------------------------------------------------------------------------
    // Producer

    /**
     * Producer: appends one packet descriptor; false when the ring is full. Never allocates.
     *
     * @param bufferId the buffer's id
     * @param handle an opaque buffer handle (never a raw address)
     * @param offset where the packet starts in the buffer, in bytes
     * @param length the packet's length in bytes
     * @param flowId the flow the classifier assigned
     * @param timestamp when the packet arrived, on the producer's clock
     * @return true when the record was appended and published, false when the ring was full
     * @throws IllegalStateException after {@link #close()}, or while a {@link #claim(int)} is pending
     */
    public boolean offer(int bufferId, long handle, int offset, int length, int flowId, long timestamp) {
        if (closed || claimed != 0) {
            throw producerState();
        }
        long tail = producerIndex;
        if (tail >= producerLimit) {
            // cached head says full: re-read it (load-acquire, pairs with soHead)
            long limit = lvHead() + capacity;
            producerLimit = limit;
            if (tail >= limit) {
                return false;
            }
        }
        write(tail, bufferId, handle, offset, length, flowId, timestamp);
        producerIndex = tail + 1;
        soTail(tail + 1); // store-release: the plain record stores above become visible first
        signal();
        return true;
    }

    /**
     * Producer: claims up to {@code n} free slots for a batch; returns how many it claimed (0 when the
     * ring is full). Fill them with {@link #set} and make them visible with one {@link #publish()}.
     *
     * @param n how many slots the producer wants, in [1, capacity]
     * @return how many slots it claimed, in [0, n]
     * @throws IllegalArgumentException when n is not in [1, capacity]
     * @throws IllegalStateException after {@link #close()}, or while an earlier claim is pending
     */
    public int claim(int n) {
        if (closed || claimed != 0) {
            throw producerState();
        }
        if (n < 1 || n > capacity) {
            throw new IllegalArgumentException("claim size must be in [1, " + capacity + "], got " + n);
        }
        long tail = producerIndex;
        long free = producerLimit - tail;
        if (free < n) {
            // cached head says too little room: re-read it (load-acquire, pairs with soHead)
            long limit = lvHead() + capacity;
            producerLimit = limit;
            free = limit - tail;
        }
        int k = (int) Math.min(n, free);
        claimed = k;
        return k;
    }

    /**
     * Producer: writes the {@code i}-th record of the pending claim (plain stores; published by
     * {@link #publish()}).
     *
     * @param i the record's index within the claim, in [0, claimed)
     * @param bufferId the buffer's id
     * @param handle an opaque buffer handle (never a raw address)
     * @param offset where the packet starts in the buffer, in bytes
     * @param length the packet's length in bytes
     * @param flowId the flow the classifier assigned
     * @param timestamp when the packet arrived, on the producer's clock
     * @throws IndexOutOfBoundsException when i is not in [0, claimed)
     */
    public void set(int i, int bufferId, long handle, int offset, int length, int flowId, long timestamp) {
        if (i < 0 || i >= claimed) {
            throw new IndexOutOfBoundsException("record " + i + " is outside the claim of " + claimed);
        }
        write(producerIndex + i, bufferId, handle, offset, length, flowId, timestamp);
    }

    /**
     * Producer: publishes every record of the pending claim with one store-release of the tail. Does
     * nothing when no claim is pending.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void publish() {
        if (closed) {
            throw producerState();
        }
        long k = claimed;
        if (k != 0) {
            long tail = producerIndex + k;
            claimed = 0;
            producerIndex = tail;
            soTail(tail); // store-release: every record of the batch becomes visible at once
            signal();
        }
    }

    private void write(long index, int bufferId, long handle, int offset, int length, int flowId, long timestamp) {
        MemorySegment m = memory;
        long o = RECORDS_OFFSET + ((index & mask) << recordShift);
        // plain stores; ordered before the tail's store-release in offer/publish
        // four 8-byte stores instead of six: each segment access re-checks bounds and liveness, and
        // the int pairs (bufferId, offset) and (length, flowId) are adjacent in the record
        m.set(J, o + REC_HANDLE, handle);
        m.set(J, o + REC_TIMESTAMP, timestamp);
        m.set(J, o + REC_BUFFER_ID, pack(bufferId, offset));
        m.set(J, o + REC_LENGTH, pack(length, flowId));
    }

    /** Two adjacent ints as the one native-order long that holds {@code first} at the lower address. */
    private static long pack(int first, int second) {
        return LITTLE_ENDIAN ? (first & 0xffff_ffffL) | ((long) second << 32)
                : ((long) first << 32) | (second & 0xffff_ffffL);
    }

    /** The int at the lower address of a native-order long. */
    private static int low(long v) {
        return LITTLE_ENDIAN ? (int) v : (int) (v >>> 32);
    }

    /** The int at the higher address of a native-order long. */
    private static int high(long v) {
        return LITTLE_ENDIAN ? (int) (v >>> 32) : (int) v;
    }

    /** After a publish: wake the consumer if (and only if) it announced that it sleeps. */
    private void signal() {
        if (signalling) {
            // full fence: orders the tail's store-release before the flag's load; pairs with the
            // consumer's volatile store of the flag followed by its volatile load of the tail (beginSleep)
            VarHandle.fullFence();
            if ((int) INT.getVolatile(memory, SLEEPING_OFFSET) != 0
                    && INT.compareAndSet(memory, SLEEPING_OFFSET, 1, 0)) {
                // one wake per sleep: the producer clears the flag it acted on
                wait.wake();
            }
        }
    }

    private IllegalStateException producerState() {
        return closed ? new IllegalStateException("ring is closed")
                : new IllegalStateException("a claim of " + claimed + " records is pending: publish() it first");
    }

    // ---------------------------------------------------------------------------------------------
    // Consumer

    /**
     * Consumer: takes the oldest descriptor into {@code into}; false when the ring is empty.
     *
     * @param into the caller's reusable descriptor, overwritten when a record was there
     * @return true when a descriptor was taken, false when the ring was empty
     * @throws IllegalStateException after {@link #close()}
     */
    public boolean poll(PacketDescriptor into) {
        if (closed) {
            throw new IllegalStateException("ring is closed");
        }
        long head = consumerIndex;
        if (head >= consumerLimit) {
            // cached tail says empty: re-read it (load-acquire, pairs with soTail)
            long tail = lvTail();
            consumerLimit = tail;
            if (head >= tail) {
                return false;
            }
        }
        MemorySegment m = memory;
        long o = RECORDS_OFFSET + ((head & mask) << recordShift);
        // plain loads; ordered after the tail's load-acquire
        long idOff = m.get(J, o + REC_BUFFER_ID);
        long lenFlow = m.get(J, o + REC_LENGTH);
        into.handle = m.get(J, o + REC_HANDLE);
        into.timestamp = m.get(J, o + REC_TIMESTAMP);
        into.bufferId = low(idOff);
        into.offset = high(idOff);
        into.length = low(lenFlow);
        into.flowId = high(lenFlow);
        consumerIndex = head + 1;
        soHead(head + 1); // store-release: the loads above complete before the producer may reuse the slot
        return true;
    }

    /**
     * Consumer: hands up to {@code limit} descriptors to {@code handler}, oldest first, and releases them
     * with one store-release of the head; returns how many it handed over (0 when empty). If the handler
     * throws, the records handed to it so far (the throwing one included) count as consumed.
     *
     * @param handler called once per record, on the consumer's thread
     * @param limit the most records to hand over, at least 1
     * @return how many records were handed over and consumed
     * @throws IllegalArgumentException when limit &lt; 1
     * @throws IllegalStateException after {@link #close()}
     */
    public int drain(SpscRingHandler handler, int limit) {
        if (closed) {
            throw new IllegalStateException("ring is closed");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        long head = consumerIndex;
        long avail = consumerLimit - head;
        if (avail <= 0) {
            // cached tail says empty: re-read it (load-acquire, pairs with soTail)
            long tail = lvTail();
            consumerLimit = tail;
            avail = tail - head;
            if (avail <= 0) {
                return 0;
            }
        }
        int n = (int) Math.min(avail, limit);
        MemorySegment m = memory;
        long msk = mask;
        int shift = recordShift;
        int i = 0;
        try {
            while (i < n) {
                long o = RECORDS_OFFSET + (((head + i) & msk) << shift);
                i++;
                // plain loads; ordered after the tail's load-acquire
                long idOff = m.get(J, o + REC_BUFFER_ID);
                long lenFlow = m.get(J, o + REC_LENGTH);
                handler.onPacket(low(idOff), m.get(J, o + REC_HANDLE), high(idOff), low(lenFlow), high(lenFlow),
                        m.get(J, o + REC_TIMESTAMP));
            }
        } finally {
            consumerIndex = head + i;
            soHead(head + i); // store-release: one for the batch; pairs with the producer's lvHead
        }
        return n;
    }

    /**
     * Consumer: like {@link #drain(SpscRingHandler, int)}, but when the ring is empty waits with the ring's
     * {@link WaitStrategy} for up to {@code timeoutNanos} ({@link Long#MAX_VALUE}: no limit). Returns 0
     * on timeout.
     *
     * @param handler called once per record, on the consumer's thread
     * @param limit the most records to hand over, at least 1
     * @param timeoutNanos how long to wait for the first record, in nanoseconds
     * @return how many records were handed over, 0 on timeout
     * @throws IllegalArgumentException when limit &lt; 1
     * @throws IllegalStateException after {@link #close()}
     */
    public int drain(SpscRingHandler handler, int limit, long timeoutNanos) {
        int n = drain(handler, limit);
        if (n > 0 || timeoutNanos <= 0) {
            return n;
        }
        long start = System.nanoTime();
        for (int step = 0; ; step = step == Integer.MAX_VALUE ? step : step + 1) {
            n = drain(handler, limit);
            if (n > 0) {
                return n;
            }
            long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                    : timeoutNanos - (System.nanoTime() - start);
            if (remaining <= 0) {
                return 0;
            }
            if (wait.idle(step) && beginSleep()) {
                try {
                    wait.sleep(remaining);
                } finally {
                    endSleep();
                }
            }
        }
    }

    /**
     * Consumer: announces that it is about to sleep, so the next publish wakes it (the eventfd becomes
     * readable, or a parked consumer is unparked). Returns false, with nothing announced, when records
     * are already waiting: the consumer must drain instead of sleeping. An event loop that polls
     * {@link EventfdWaitStrategy#fd()} calls this right before it blocks.
     *
     * @return true when the consumer may sleep now; false when records are waiting
     * @throws IllegalStateException after {@link #close()}, or when the ring's strategy does not block
     */
    public boolean beginSleep() {
        if (closed) {
            throw new IllegalStateException("ring is closed");
        }
        if (!signalling) {
            throw new IllegalStateException("wait strategy " + wait + " never sleeps");
        }
        wait.prepareSleep();
        // volatile store then volatile load of the tail: pairs with the producer's soTail + fullFence +
        // load of the flag in signal(); one of the two sides sees the other's store
        INT.setVolatile(memory, SLEEPING_OFFSET, 1);
        long tail = (long) LONG.getVolatile(memory, TAIL_OFFSET);
        consumerLimit = tail;
        if (tail != consumerIndex) {
            INT.setRelease(memory, SLEEPING_OFFSET, 0);
            return false;
        }
        return true;
    }

    /**
     * Consumer: withdraws a {@link #beginSleep()} announcement after waking (harmless when the producer
     * already cleared it).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void endSleep() {
        if (closed) {
            throw new IllegalStateException("ring is closed");
        }
        // store-release; the producer reads it after its fence
        INT.setRelease(memory, SLEEPING_OFFSET, 0);
    }

    /** For the jcstress tests: the sleeping flag, volatile load (1 while a sleep is announced). */
    int sleepingFlag() {
        return (int) INT.getVolatile(memory, SLEEPING_OFFSET);
    }

    // ---------------------------------------------------------------------------------------------
    // Either side

    /**
     * Records the ring holds: tail - head read with load-acquire (a snapshot when both sides run).
     *
     * @return the number of records between head and tail
     */
    public int size() {
        if (closed) {
            throw new IllegalStateException("ring is closed");
        }
        long head = lvHead();
        long tail = lvTail();
        return (int) Math.max(0, Math.min(capacity, tail - head));
    }

    /**
     * True when {@link #size()} is 0.
     *
     * @return true when the ring holds no record
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Number of records the ring holds when full.
     *
     * @return the ring's capacity in records
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Bytes per record.
     *
     * @return the record size in bytes
     */
    public int recordSize() {
        return recordSize;
    }

    /**
     * The ring's wait strategy (for an {@link EventfdWaitStrategy}, its {@code fd()}).
     *
     * @return the strategy the ring owns
     */
    public WaitStrategy waitStrategy() {
        return wait;
    }

    /**
     * True after {@link #close()}.
     *
     * @return true once the ring is closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the ring: wakes a sleeping consumer, closes its wait strategy and frees the memory the ring
     * allocated (memory passed to {@link #create} or {@link #attach} stays the caller's). Call it once
     * producer and consumer have stopped; afterwards every operation throws
     * {@link IllegalStateException} (a thread still inside an operation gets it from the freed memory
     * segment, never a crash). Closing twice is harmless.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (signalling) {
            // a consumer asleep in drain(..., timeout) wakes, finds the ring closed and throws, instead
            // of sleeping on a descriptor that is about to be closed
            wait.wake();
        }
        wait.close();
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "SpscRing[capacity=" + capacity + ", recordSize=" + recordSize + ", wait=" + wait
                + (closed ? ", closed]" : "]");
    }
}
