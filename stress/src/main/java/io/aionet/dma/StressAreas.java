package io.aionet.dma;

import io.aionet.LinuxException;

/** Small DMA areas for the jcstress tests: one 4 KiB slot, not locked (no mlock per test state). */
final class StressAreas {
    private StressAreas() {}

    static DmaArea oneSlot() {
        try {
            return DmaArea.allocate(4096, DmaOptions.defaults().withSlotSize(4096).withLock(false));
        } catch (LinuxException e) {
            throw new IllegalStateException(e);
        }
    }
}
