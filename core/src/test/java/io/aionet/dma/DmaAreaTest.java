package io.aionet.dma;

import io.aionet.dma.spi.DmaSpi;
import io.aionet.linux.Mem;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Contract of the send side: dma_alloc, sio_reserve / sio_release, ownership, accounting, exhaustion, close. */
class DmaAreaTest {
    private static final DmaOptions SMALL = DmaOptions.defaults().withSlotSize(4096);

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DmaArea.allocate(0, SMALL));
        assertThrows(IllegalArgumentException.class, () -> DmaArea.allocate(-1, SMALL));
        assertThrows(IllegalArgumentException.class, () -> DmaArea.allocate(DmaArea.MAX_SIZE + 1, SMALL));
        assertThrows(IllegalArgumentException.class, () -> DmaArea.allocate(DmaArea.MAX_SIZE, DmaOptions.defaults().withSlotSize(64)),
                "16 Mi slots of 64 bytes");
        assertThrows(NullPointerException.class, () -> DmaArea.allocate(4096, null));
        assertThrows(IllegalArgumentException.class, () -> new DmaOptions(100, false, false));
        assertThrows(IllegalArgumentException.class, () -> new DmaOptions(32, false, false));
    }

    @Test
    void reserveRejectsBadSizes() throws Exception {
        try (DmaArea area = DmaArea.allocate(4 * 4096, SMALL)) {
            assertThrows(IllegalArgumentException.class, () -> area.reserve(0));
            assertThrows(IllegalArgumentException.class, () -> area.reserve(-5));
            assertThrows(IllegalArgumentException.class, () -> area.reserve(4097));
            assertEquals(4, area.slots());
            assertEquals(4 * 4096, area.size());
        }
    }

    @Test
    void exhaustionReturnsNullAndReleaseMakesRoom() throws Exception {
        try (DmaArea area = DmaArea.allocate(3 * 4096, SMALL)) {
            Buffer a = area.reserve(100);
            Buffer b = area.reserve(4096);
            Buffer c = area.reserve(1);
            assertNotNull(a);
            assertNotNull(b);
            assertNotNull(c);
            assertNull(area.reserve(1), "a fourth buffer from three slots");
            assertEquals(100, a.length());
            b.release();
            Buffer d = area.reserve(10);
            assertNotNull(d);
            assertEquals(10, d.length());
        }
    }

    @Test
    void accountingFollowsReserveAndRelease() throws Exception {
        try (DmaArea area = DmaArea.allocate(8 * 4096, SMALL)) {
            assertEquals(new DmaAccounting(8, 4096, 0, 0, 8, 0, 0), area.accounting());
            List<Buffer> held = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                held.add(area.reserve(64));
            }
            DmaAccounting acc = area.accounting();
            assertEquals(5, acc.heldByProgram());
            assertEquals(3, acc.free());
            assertEquals(0, acc.heldByKernel());
            held.remove(0).release();
            held.remove(0).release();
            acc = area.accounting();
            assertEquals(3, acc.heldByProgram());
            assertEquals(5, acc.free());
        }
    }

    @Test
    void accessorsAndViewsReadWhatWasWritten() throws Exception {
        try (DmaArea area = DmaArea.allocate(2 * 4096, SMALL)) {
            Buffer b = area.reserve(16);
            b.put(0, (byte) 7);
            b.put(1, new byte[] {1, 2, 3}, 0, 3);
            MemorySegment v = b.segment();
            assertEquals(16, v.byteSize());
            assertEquals(7, v.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(3, v.get(ValueLayout.JAVA_BYTE, 3));
            ByteBuffer bb = b.asByteBuffer();
            assertEquals(16, bb.remaining());
            bb.put(15, (byte) 9);
            assertEquals(9, b.get(15));
            assertThrows(IndexOutOfBoundsException.class, () -> b.get(16));
            assertThrows(IndexOutOfBoundsException.class, () -> b.put(-1, (byte) 0));
            assertThrows(IndexOutOfBoundsException.class, () -> b.put(14, new byte[3], 0, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> v.get(ValueLayout.JAVA_BYTE, 16));
        }
    }

    @Test
    void ownershipIsEnforced() throws Exception {
        try (DmaArea area = DmaArea.allocate(2 * 4096, SMALL); DmaArea other = DmaArea.allocate(4096, SMALL)) {
            Buffer b = area.reserve(32);
            MemorySegment view = b.segment();
            ByteBuffer bb = b.asByteBuffer();
            b.release();
            BufferOwnershipException twice = assertThrows(BufferOwnershipException.class, b::release);
            assertTrue(twice.getMessage().contains("already released"), twice.getMessage());
            assertThrows(BufferOwnershipException.class, () -> b.get(0));
            assertThrows(BufferOwnershipException.class, () -> b.put(0, (byte) 1));
            assertThrows(BufferOwnershipException.class, b::segment);
            // the released lease's views are revoked: its arena is closed
            assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
            assertThrows(IllegalStateException.class, () -> bb.get(0));

            Buffer mine = area.reserve(8);
            BufferOwnershipException foreign = assertThrows(BufferOwnershipException.class, () -> other.release(mine));
            assertTrue(foreign.getMessage().contains("another DMA area"), foreign.getMessage());
            assertTrue(mine.isOwned(), "a refused release leaves the buffer with the program");
            area.release(mine);
            assertFalse(mine.isOwned());
        }
    }

    @Test
    void viewsAreConfinedUnlessAskedToBeShared() throws Exception {
        try (DmaArea area = DmaArea.allocate(4 * 4096, SMALL)) {
            Buffer b = area.reserve(64);
            MemorySegment v = b.segment();
            assertSame(v, b.segment(), "one view per lease");
            assertThrows(IllegalStateException.class, b::sharedSegment);
            Throwable fromOther = CompletableFuture.supplyAsync(() -> {
                try {
                    b.release();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            }).get(10, TimeUnit.SECONDS);
            assertInstanceOf(BufferOwnershipException.class, fromOther, "the confined view could not be closed there");
            assertTrue(b.isOwned(), "the refused release left the buffer with the program");
            b.release();
            assertThrows(IllegalStateException.class, () -> v.get(ValueLayout.JAVA_BYTE, 0));

            Buffer s = area.reserve(64);
            MemorySegment shared = s.sharedSegment();
            assertThrows(IllegalStateException.class, s::segment);
            int read = CompletableFuture.supplyAsync(() -> {
                shared.set(ValueLayout.JAVA_BYTE, 3, (byte) 4);
                int r = shared.get(ValueLayout.JAVA_BYTE, 3);
                s.release(); // released on another thread: the shared view dies with it
                return r;
            }).get(10, TimeUnit.SECONDS);
            assertEquals(4, read);
            assertThrows(IllegalStateException.class, () -> shared.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(area.slots(), area.accounting().free() + area.accounting().heldByProgram());
            assertEquals(0, area.accounting().heldByProgram());
        }
    }

    @Test
    void reserveFromAnotherThreadIsRefused() throws Exception {
        try (DmaArea area = DmaArea.allocate(2 * 4096, SMALL)) {
            assertNotNull(area.reserve(8)); // binds the owner
            Throwable t = CompletableFuture.supplyAsync(() -> {
                try {
                    area.reserve(8);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            }).get(10, TimeUnit.SECONDS);
            assertInstanceOf(WrongThreadException.class, t);
        }
    }

    @Test
    void releaseFromAnotherThreadComesBackAndWakesAWaiter() throws Exception {
        try (DmaArea area = DmaArea.allocate(4096, SMALL)) {
            Buffer b = area.reserve(8);
            assertNull(area.reserve(8));
            assertNull(area.reserve(8, 20, TimeUnit.MILLISECONDS), "nothing released: the wait times out");
            Thread releaser = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                b.release();
            });
            Buffer again = area.reserve(8, 10, TimeUnit.SECONDS);
            releaser.join();
            assertNotNull(again, "the waiting reserve gets the buffer another thread released");
            assertEquals(1, area.accounting().heldByProgram());
        }
    }

    @Test
    void closeRevokesOutstandingBuffersAndUnmaps() throws Exception {
        DmaArea area = DmaArea.allocate(2 * 4096, SMALL);
        Buffer b = area.reserve(8);
        MemorySegment view = b.segment();
        area.close();
        assertTrue(area.isClosed());
        assertTrue(area.isUnmapped(), "nothing was lent to the kernel: unmapped at once");
        BufferOwnershipException e = assertThrows(BufferOwnershipException.class, () -> b.get(0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(BufferOwnershipException.class, b::release);
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> area.reserve(8));
        area.close(); // harmless
    }

    @Test
    void aBufferLentToTheKernelIsUntouchableUntilGivenBack() throws Exception {
        try (DmaArea area = DmaArea.allocate(2 * 4096, SMALL)) {
            Buffer b = area.reserve(64);
            b.put(0, (byte) 1);
            MemorySegment view = b.segment();
            DmaSpi.lend(b);
            assertEquals(1, area.accounting().heldByKernel());
            assertThrows(BufferOwnershipException.class, b::release);
            assertThrows(BufferOwnershipException.class, () -> b.put(0, (byte) 2));
            assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(64, DmaSpi.kernelSegment(b).byteSize());
            assertEquals(-1, DmaSpi.fixedIndex(b), "not registered");
            DmaSpi.giveBack(b, false);
            assertEquals(1, b.get(0));
            assertEquals(1, area.accounting().heldByProgram());
            DmaSpi.lend(b);
            DmaSpi.giveBack(b, true);
            assertEquals(area.slots(), area.accounting().free());
            assertThrows(BufferOwnershipException.class, () -> DmaSpi.giveBack(b, true));
        }
    }

    @Test
    void closeWithASendInFlightDefersTheUnmapping() throws Exception {
        DmaArea area = DmaArea.allocate(2 * 4096, SMALL);
        Buffer inFlight = area.reserve(64);
        DmaSpi.lend(inFlight);
        area.close();
        assertTrue(area.isClosed());
        assertFalse(area.isUnmapped(), "the kernel may still read the buffer");
        DmaSpi.giveBack(inFlight, true);
        assertTrue(area.isUnmapped(), "the last kernel reference came back");
        assertThrows(BufferOwnershipException.class, () -> inFlight.get(0));
    }

    @Test
    void hugePagesFallBackWhenNoneAreReserved() throws Exception {
        long free = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("HugePages_Free:")) {
                free = Long.parseLong(line.substring(15).trim());
            }
        }
        try (DmaArea area = DmaArea.allocate(4L << 20, SMALL.withHugePages(true))) {
            if (free == 0) {
                assertNotEquals(DmaArea.Pages.HUGETLB, area.pages(), "no huge pages free: fell back");
            } else if (free >= 2) {
                assertEquals(DmaArea.Pages.HUGETLB, area.pages(), free + " huge pages free");
            }
            Buffer b = area.reserve(4096);
            b.fill((byte) 0x5a);
            assertEquals(0x5a, b.get(4095));
            assertEquals(4L << 20, area.size());
        }
        try (DmaArea area = DmaArea.allocate(4096, SMALL)) {
            assertEquals(DmaArea.Pages.NORMAL, area.pages());
        }
    }

    @Test
    void lockingFollowsTheOptionAndNeverFails() throws Exception {
        try (DmaArea area = DmaArea.allocate(64 * 1024, SMALL.withLock(false))) {
            assertFalse(area.isLocked());
        }
        long[] lim = new long[2];
        assertEquals(0, Mem.getrlimit(Mem.RLIMIT_MEMLOCK, lim));
        try (DmaArea area = DmaArea.allocate(64 * 1024, SMALL.withLock(true))) {
            // 64 KiB fits every default RLIMIT_MEMLOCK (8 MiB on current systems); CAP_IPC_LOCK is exempt.
            assumeTrue(lim[0] == Mem.RLIM_INFINITY || lim[0] >= 64 * 1024 || AreaMapping.hasCapIpcLock(),
                    "RLIMIT_MEMLOCK below 64 KiB");
            assertTrue(area.isLocked());
        }
        // larger than the limit: allocation still succeeds, locked or not
        try (DmaArea area = DmaArea.allocate(16L << 20, SMALL.withLock(true))) {
            assertNotNull(area.reserve(1));
        }
    }
}
