package io.aionet.dma;

import io.aionet.internal.Resources;

import java.lang.ref.WeakReference;

/**
 * Registers a {@link DmaArea} with the library's open-resource accounting ({@link Resources}): its
 * count of buffers the program holds is read through a weak reference, so the accounting never keeps
 * an unclosed area reachable — the leak detector must be able to see it become garbage.
 */
final class AreaTracking {
    private AreaTracking() {}

    static Resources.Handle track(DmaArea area, Throwable[] leaseSites) {
        Resources.Handle h = Resources.track(Resources.Kind.DMA_AREA, area, area.toString());
        WeakReference<DmaArea> ref = new WeakReference<>(area);
        h.liveBuffers(() -> {
            DmaArea a = ref.get();
            if (a == null || a.isClosed()) {
                return 0;
            }
            DmaAccounting acc = a.accounting();
            return acc.heldByProgram();
        });
        h.leaseSites(leaseSites);
        return h;
    }
}
