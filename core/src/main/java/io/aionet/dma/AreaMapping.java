package io.aionet.dma;

import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.linux.Mem;

/**
 * The system side of {@code dma_alloc}: one anonymous private mapping, populated up front
 * ({@code MAP_POPULATE}, so no page fault lands in the middle of I/O), kept out of forked children
 * ({@code MADV_DONTFORK}: a child's copy-on-write must never split pages the kernel has pinned for I/O),
 * on huge pages when asked and available, and locked when the limits allow.
 */
final class AreaMapping {
    /** The huge page size this code asks {@code MAP_HUGETLB} for (the x86_64 and arm64 default). */
    static final long HUGE_PAGE_SIZE = 2L * 1024 * 1024;

    final long address;
    final long length;
    final DmaArea.Pages pages;
    final boolean locked;

    private AreaMapping(long address, long length, DmaArea.Pages pages, boolean locked) {
        this.address = address;
        this.length = length;
        this.pages = pages;
        this.locked = locked;
    }

    static AreaMapping map(long size, boolean huge, boolean lock) throws LinuxException {
        int prot = Mem.PROT_READ | Mem.PROT_WRITE;
        int flags = Mem.MAP_PRIVATE | Mem.MAP_ANONYMOUS | Mem.MAP_POPULATE;
        long addr = -1;
        long length = Mem.pageAlign(size);
        DmaArea.Pages pages = DmaArea.Pages.NORMAL;
        if (huge) {
            long hugeLength = (size + HUGE_PAGE_SIZE - 1) & -HUGE_PAGE_SIZE;
            addr = Mem.mmap(hugeLength, prot, flags | Mem.MAP_HUGETLB, -1, 0);
            if (addr >= 0) {
                length = hugeLength;
                pages = DmaArea.Pages.HUGETLB;
            }
            // ENOMEM (no huge pages reserved) or EINVAL (no hugetlbfs): fall back to normal pages.
        }
        if (addr < 0) {
            addr = Mem.mmap(length, prot, flags, -1, 0);
            if (addr < 0) {
                throw new LinuxException("mmap", (int) -addr, "DMA area of " + length + " bytes");
            }
            if (huge && Mem.madvise(addr, length, Mem.MADV_HUGEPAGE) == 0) {
                pages = DmaArea.Pages.TRANSPARENT_ADVISED;
            }
        }
        Mem.madvise(addr, length, Mem.MADV_DONTFORK); // best effort: a failure only matters to fork()
        boolean locked = lock && lockable(length) && Mem.mlock(addr, length) == 0;
        if (lock && !locked) {
            logNotLocked(length);
        }
        return new AreaMapping(addr, length, pages, locked);
    }

    private static final java.util.concurrent.atomic.AtomicBoolean NOT_LOCKED_LOGGED = new java.util.concurrent.atomic.AtomicBoolean();

    /** The memlock fallback, at WARNING once per process (every later one at DEBUG). */
    static void logNotLocked(long length) {
        long[] lim = new long[2];
        String limit = Mem.getrlimit(Mem.RLIMIT_MEMLOCK, lim) == 0
                ? (lim[0] == Mem.RLIM_INFINITY ? "unlimited" : lim[0] + " bytes") : "unknown";
        boolean first = NOT_LOCKED_LOGGED.compareAndSet(false, true);
        io.aionet.internal.Log.DMA.log(first ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "DMA area of {0} bytes is not locked in memory: RLIMIT_MEMLOCK is {1} (raise it with ulimit -l or "
                        + "LimitMEMLOCK=, or grant CAP_IPC_LOCK). The area works; its pages may be swapped out{2}",
                length, limit, first ? " (further areas that cannot be locked are logged at DEBUG)" : "");
    }

    /**
     * True when {@code mlock} may succeed: the soft {@code RLIMIT_MEMLOCK} covers the length, or is
     * infinite, or the process has {@code CAP_IPC_LOCK} (the limit's exemption). mlock's own answer is
     * still what counts.
     */
    private static boolean lockable(long length) {
        long[] lim = new long[2];
        if (Mem.getrlimit(Mem.RLIMIT_MEMLOCK, lim) != 0) {
            return true; // unknown: let mlock decide
        }
        return lim[0] == Mem.RLIM_INFINITY || Long.compareUnsigned(lim[0], length) >= 0 || hasCapIpcLock();
    }

    /** {@code CAP_IPC_LOCK} (bit 14) in the effective set, from {@code /proc/self/status}'s {@code CapEff}. */
    static boolean hasCapIpcLock() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 14)) != 0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // unknown: let mlock decide
            return true;
        }
        return false;
    }

    /** Undoes {@link #map}: munlock (when locked), then munmap. */
    void unmap() {
        if (locked) {
            Mem.munlock(address, length);
        }
        int r = Mem.munmap(address, length);
        if (r < 0 && r != -Errno.EINVAL) {
            throw new IllegalStateException("munmap of DMA area failed: " + Errno.describe(-r));
        }
    }
}
