package io.aionet.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The native memory the library holds right now: every mapping it made with {@code mmap} and has not
 * yet {@code munmap}ped — DMA areas, the rings' SQ/CQ/SQE mappings, provided buffer rings, packet rings.
 * {@link io.aionet.linux.Mem#mmap} and {@link io.aionet.linux.Mem#munmap} keep it, so nothing that
 * maps memory can forget to count. Read by the leak accounting of the tests and by soak runs: after
 * every channel, area and ring is closed, {@link #bytes()} is back where it started.
 *
 * <p>Counted on map and unmap only (not on any I/O path); the atomic add is the whole cost.
 */
public final class NativeMemory {
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong MAPPINGS = new AtomicLong();

    private NativeMemory() {}

    /** A mapping of {@code length} bytes was made. */
    public static void mapped(long length) {
        BYTES.addAndGet(length);
        MAPPINGS.incrementAndGet();
    }

    /** A mapping of {@code length} bytes was removed. */
    public static void unmapped(long length) {
        BYTES.addAndGet(-length);
        MAPPINGS.decrementAndGet();
    }

    /** Bytes mapped by the library and not yet unmapped. */
    public static long bytes() {
        return BYTES.get();
    }

    /** Mappings made by the library and not yet removed. */
    public static long mappings() {
        return MAPPINGS.get();
    }
}
