package io.aionet.channel.ring;

/**
 * The memory layout of an {@link SpscRing}, Van Jacobson's net channel: where the producer's and the
 * consumer's state sit, and where each record lives. Everything here is a computation on offsets; no
 * memory is touched.
 *
 * <pre>
 *   offset 0        128       256       384       512
 *          +---------+---------+---------+---------+----------------------------------------+
 *          | header  | tail    | head    | sleeping| record 0 | record 1 | ... | record cap-1 |
 *          | (r/o)   | (prod.) | (cons.) | (cons.) |   recordSize bytes each                |
 *          +---------+---------+---------+---------+----------------------------------------+
 *
 *   header line (written once when the ring is created, read-only afterwards):
 *     0  int  magic        MAGIC, tells an attaching side that the memory holds a ring
 *     4  int  version      VERSION
 *     8  int  capacity     number of records, a power of two
 *    12  int  recordSize   bytes per record, a power of two in [MIN_RECORD_SIZE, MAX_RECORD_SIZE]
 *
 *   tail line   (128): long, the producer index — written only by the producer (store-release),
 *                      read by the consumer (load-acquire)
 *   head line   (256): long, the consumer index — written only by the consumer (store-release),
 *                      read by the producer (load-acquire)
 *   sleeping line (384): int, 1 while the consumer announced it is about to sleep — written by the
 *                      consumer (volatile), read by the producer after a full fence
 *
 *   record (PacketDescriptor layout, the first 32 bytes of each slot):
 *     0  long handle      opaque buffer handle (never a raw address)
 *     8  long timestamp
 *    16  int  bufferId
 *    20  int  offset       where the packet starts inside the buffer
 *    24  int  length       packet length in bytes
 *    28  int  flowId       the flow the classifier assigned
 * </pre>
 *
 * <p>Each index has a line of 128 bytes to itself (two 64-byte cache lines, so the adjacent-line
 * prefetcher does not pair them either): the producer and the consumer never write the same cache line,
 * which is the property the seed asks of a net channel ("it all sits in different cache lines so that
 * it is never the case that both the consumer and producer write to shared cache lines"). The sleeping
 * flag has its own line because the producer reads it on every publish when a blocking wait strategy is
 * in use, and the consumer writes it only when it goes to sleep.
 *
 * <p>Indices are free-running 64-bit counters; the slot of index {@code i} is {@code i & (capacity - 1)}.
 */
public final class SpscRingDescriptor {
    private SpscRingDescriptor() {}

    /** Bytes reserved for each of the header, tail, head and sleeping lines. */
    public static final int LINE = 128;

    /** Offset of the magic number. */
    public static final long MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final long VERSION_OFFSET = 4;
    /** Offset of the capacity (records). */
    public static final long CAPACITY_OFFSET = 8;
    /** Offset of the record size (bytes). */
    public static final long RECORD_SIZE_OFFSET = 12;
    /** Offset of the producer index (tail): a {@code long} alone on its line. */
    public static final long TAIL_OFFSET = LINE;
    /** Offset of the consumer index (head): a {@code long} alone on its line. */
    public static final long HEAD_OFFSET = 2L * LINE;
    /** Offset of the consumer's "about to sleep" flag: an {@code int} alone on its line. */
    public static final long SLEEPING_OFFSET = 3L * LINE;
    /** Offset of record 0. */
    public static final long RECORDS_OFFSET = 4L * LINE;
    /** Alignment the ring's memory must have (indices aligned to their own lines). */
    public static final long ALIGNMENT = LINE;

    /** "SPSC" in ASCII, big-endian reading. */
    public static final int MAGIC = 0x53505343;
    /** Layout version. */
    public static final int VERSION = 1;

    /** Offset of {@code handle} inside a record. */
    public static final long REC_HANDLE = 0;
    /** Offset of {@code timestamp} inside a record. */
    public static final long REC_TIMESTAMP = 8;
    /** Offset of {@code bufferId} inside a record. */
    public static final long REC_BUFFER_ID = 16;
    /** Offset of {@code offset} inside a record. */
    public static final long REC_OFFSET = 20;
    /** Offset of {@code length} inside a record. */
    public static final long REC_LENGTH = 24;
    /** Offset of {@code flowId} inside a record. */
    public static final long REC_FLOW_ID = 28;

    /** Smallest record: the packet descriptor itself (two per 64-byte cache line). */
    public static final int MIN_RECORD_SIZE = 32;
    /** Largest record size accepted. */
    public static final int MAX_RECORD_SIZE = 256;
    /** Smallest capacity accepted. */
    public static final int MIN_CAPACITY = 2;
    /** Largest capacity accepted (16 Mi records). */
    public static final int MAX_CAPACITY = 1 << 24;

    /**
     * Checks a capacity and a record size.
     *
     * @param capacity records, a power of two in [{@link #MIN_CAPACITY}, {@link #MAX_CAPACITY}]
     * @param recordSize bytes per record, a power of two in [{@link #MIN_RECORD_SIZE}, {@link #MAX_RECORD_SIZE}]
     * @throws IllegalArgumentException when capacity is not a power of two in
     *         [{@link #MIN_CAPACITY}, {@link #MAX_CAPACITY}] or recordSize is not a power of two in
     *         [{@link #MIN_RECORD_SIZE}, {@link #MAX_RECORD_SIZE}]
     */
    public static void check(int capacity, int recordSize) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in [" + MIN_CAPACITY + ", "
                    + MAX_CAPACITY + "], got " + capacity);
        }
        if (recordSize < MIN_RECORD_SIZE || recordSize > MAX_RECORD_SIZE || Integer.bitCount(recordSize) != 1) {
            throw new IllegalArgumentException("recordSize must be a power of two in [" + MIN_RECORD_SIZE + ", "
                    + MAX_RECORD_SIZE + "], got " + recordSize);
        }
    }

    /**
     * Bytes of memory a ring of {@code capacity} records of {@code recordSize} bytes needs.
     *
     * @param capacity records, a power of two in [{@link #MIN_CAPACITY}, {@link #MAX_CAPACITY}]
     * @param recordSize bytes per record, a power of two in [{@link #MIN_RECORD_SIZE}, {@link #MAX_RECORD_SIZE}]
     * @return the header plus the records, in bytes
     * @throws IllegalArgumentException as {@link #check(int, int)}
     */
    public static long byteSize(int capacity, int recordSize) {
        check(capacity, recordSize);
        return RECORDS_OFFSET + (long) capacity * recordSize;
    }

    /**
     * Offset of the record with free-running index {@code index}; {@code mask} is capacity - 1.
     *
     * @param index the record's free-running index (head or tail, never wrapped)
     * @param mask capacity - 1
     * @param recordShift log2 of the record size
     * @return the byte offset of the record from the start of the ring's memory
     */
    public static long recordOffset(long index, long mask, int recordShift) {
        return RECORDS_OFFSET + ((index & mask) << recordShift);
    }
}
