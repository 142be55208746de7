package io.aionet.dma;

/**
 * The {@code flags} of Drepper's {@code dma_alloc}: how an area is cut and backed.
 *
 * @param slotSize  bytes per slot, a power of two in 64 … 1 GiB; one send reservation or one provided
 *                  receive buffer occupies one slot
 * @param hugePages ask for huge pages ({@code MAP_HUGETLB}); when the system has none reserved the
 *                  area falls back to normal pages advised for transparent huge pages
 * @param lock      {@code mlock} the area when {@code RLIMIT_MEMLOCK} (or {@code CAP_IPC_LOCK}) allows;
 *                  never a reason to fail ({@link DmaArea#isLocked()} tells the outcome)
 */
public record DmaOptions(int slotSize, boolean hugePages, boolean lock) {
    /** The default slot size: 16 KiB. */
    public static final int DEFAULT_SLOT_SIZE = 16 * 1024;

    /** Checks the values. */
    public DmaOptions {
        if (slotSize < 64 || slotSize > DmaArea.MAX_SIZE || Integer.bitCount(slotSize) != 1) {
            throw new IllegalArgumentException("slotSize must be a power of two in 64.." + DmaArea.MAX_SIZE + ": " + slotSize);
        }
    }

    /** {@return 16 KiB slots, normal pages, locked when allowed} */
    public static DmaOptions defaults() {
        return new DmaOptions(DEFAULT_SLOT_SIZE, false, true);
    }

    /**
     * {@return a copy with another slot size}
     *
     * @param slotSize bytes per slot, a power of two in 64 … 1 GiB
     * @throws IllegalArgumentException when {@code slotSize} is not such a power of two
     */
    public DmaOptions withSlotSize(int slotSize) {
        return new DmaOptions(slotSize, hugePages, lock);
    }

    /**
     * {@return a copy with huge pages requested or not}
     *
     * @param hugePages whether to ask for {@code MAP_HUGETLB} pages (falling back to normal pages)
     */
    public DmaOptions withHugePages(boolean hugePages) {
        return new DmaOptions(slotSize, hugePages, lock);
    }

    /**
     * {@return a copy with locking requested or not}
     *
     * @param lock whether to {@code mlock} the area when the memlock limit allows
     */
    public DmaOptions withLock(boolean lock) {
        return new DmaOptions(slotSize, hugePages, lock);
    }
}
