package io.aionet.dma;

import io.aionet.dma.spi.PoolAssociation;

import io.aionet.Errno;
import io.aionet.backend.Backend;
import io.aionet.backend.BackendChoice;
import io.aionet.backend.BackendConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.aionet.backend.Backend.CQE_BUFFER_SHIFT;
import static io.aionet.backend.Backend.CQE_F_BUFFER;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Contract of the receive side: dma_assoc over a provided buffer ring, kernel-chosen buffers handed to
 * the program as owned pieces, recycling, ENOBUFS and re-arm without data loss, disassociation and close.
 */
class ReceivePoolTest {
    private static final long RECV = 1;
    private static final long CANCEL = 2;

    private Backend backend;
    private LoopbackPair pair;
    private final Reaped cqe = new Reaped();

    @BeforeEach
    void setUp() throws Exception {
        backend = BackendChoice.openCurrent(new BackendConfig(64, 64)); // io_uring or epoll (-Daionet.backend)
        pair = LoopbackPair.open();
    }

    @AfterEach
    void tearDown() {
        if (pair != null) {
            pair.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    /**
     * The socket layer's part, played by the test: it receives from the pool's group (multishot, tagged
     * {@link #RECV}), receives again when the pool calls it back after a refill, and cancels when the
     * pool closes.
     */
    private final class Receiver implements io.aionet.dma.spi.PoolReceiver {
        final ReceivePool pool;
        PoolAssociation assoc;
        int refilled;

        Receiver(ReceivePool pool) {
            this.pool = pool;
        }

        void arm() {
            assoc.markArmed();
            backend.recvMultishot(RECV, pair.server, pool.group(), 0);
        }

        @Override
        public void refilled() {
            refilled++;
            arm();
        }

        @Override
        public void poolClosing() {
            backend.cancel(CANCEL, RECV);
        }
    }

    /** dma_assoc as the socket layer does it: associate, then receive from the group. */
    private PoolAssociation associate(ReceivePool pool) {
        return associate(new Receiver(pool));
    }

    private PoolAssociation associate(Receiver r) {
        r.assoc = r.pool.associate(r, false);
        r.arm();
        return r.assoc;
    }

    /** Waits for the next completion (5 s at most) and consumes it into {@link #cqe}. */
    private boolean next(long timeoutMillis) throws Exception {
        return cqe.next(backend, timeoutMillis);
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }

    private static byte[] bytesOf(Buffer b) {
        byte[] out = new byte[b.length()];
        b.get(0, out, 0, out.length);
        return out;
    }

    /** Incremental consumption where the kernel has it (true), and the whole-buffer fallback (false). */
    @ParameterizedTest(name = "incremental={0}")
    @ValueSource(booleans = {true, false})
    void receivesLandInKernelChosenBuffersInOrder(boolean incremental) throws Exception {
        try (DmaArea area = DmaArea.allocate(8 * 4096, DmaOptions.defaults().withSlotSize(4096))) {
            ReceivePool pool = area.receivePool(backend, 7, 4, incremental);
            if (!incremental) {
                assertFalse(pool.isIncremental());
            }
            assertEquals(4, pool.available());
            assertEquals(new DmaAccounting(8, 4096, 0, 4, 4, 4, 0), area.accounting());
            PoolAssociation assoc = associate(pool);
            assertTrue(assoc.isArmed());
            backend.submit();

            List<Buffer> pieces = new ArrayList<>();
            String[] msgs = {"hello", "dma", "world"};
            for (String m : msgs) {
                pair.sendAll(pair.client, m.getBytes(), 0, m.length());
                assertTrue(next(5000), "a completion for '" + m + "'");
                assertEquals(RECV, cqe.userData);
                Buffer b = assoc.complete(cqe.res, cqe.flags);
                assertNotNull(b, "data arrived in a provided buffer: " + cqe);
                assertEquals(m, new String(bytesOf(b)));
                assertTrue(b.isReceived());
                pieces.add(b);
            }
            assertTrue(assoc.isArmed(), "multishot stays armed");
            if (pool.isIncremental()) {
                // incremental consumption: the three small messages share one buffer, at growing offsets
                assertEquals(pieces.get(0).id(), pieces.get(2).id());
                assertEquals(0, pieces.get(0).offset());
                assertEquals(5, pieces.get(1).offset());
                assertEquals(8, pieces.get(2).offset());
                assertEquals(4, pool.available(), "the partly used buffer is still the kernel's");
            } else {
                assertEquals(1, pool.available(), "each message used a whole buffer");
            }
            DmaAccounting acc = area.accounting();
            assertEquals(3, acc.receivedPieces());
            assertEquals(8, acc.heldByProgram() + acc.heldByKernel() + acc.free());
            for (Buffer b : pieces) {
                b.release();
            }
            assertEquals(0, area.accounting().receivedPieces());
            assertEquals(4, pool.available());
            assertThrows(BufferOwnershipException.class, () -> pieces.get(0).release());
            assertThrows(BufferOwnershipException.class, () -> pieces.get(1).get(0));
        }
    }

    @ParameterizedTest(name = "incremental={0}")
    @ValueSource(booleans = {true, false})
    void tinyPoolRunsDryAndEveryByteStillArrivesInOrder(boolean incremental) throws Exception {
        // 4 buffers of 1 KiB for 256 KiB: the pool runs dry again and again.
        try (DmaArea area = DmaArea.allocate(4 * 1024, DmaOptions.defaults().withSlotSize(1024))) {
            ReceivePool pool = area.receivePool(backend, 3, 4, incremental);
            int starved = 0;
            Receiver receiver = new Receiver(pool);
            PoolAssociation assoc = associate(receiver);
            byte[] data = pattern(256 * 1024);
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    pair.sendAll(pair.client, data, 0, data.length);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            List<Buffer> held = new ArrayList<>();
            int enobufs = 0;
            while (got.size() + held.stream().mapToInt(Buffer::length).sum() < data.length) {
                assertTrue(next(5000), "stalled at " + got.size() + " bytes");
                Buffer b = assoc.complete(cqe.res, cqe.flags);
                if (b != null) {
                    held.add(b); // hold every piece: the kernel must run out of buffers
                }
                if (!assoc.isArmed()) {
                    assertEquals(-Errno.ENOBUFS, assoc.lastEnd(), "only running dry may end the receive");
                    enobufs++;
                    assertEquals(0, pool.available());
                    assertFalse(assoc.receiveAgain(), "no buffers yet");
                    assertTrue(pool.isStarved());
                    starved++;
                    int before = receiver.refilled;
                    for (Buffer h : held) {
                        got.write(bytesOf(h));
                        h.release();
                    }
                    held.clear();
                    assertTrue(pool.available() > 0);
                    assertEquals(before + 1, receiver.refilled, "the pool called its starved receiver back once");
                    assertTrue(assoc.isArmed(), "and it received again");
                }
            }
            for (Buffer h : held) {
                got.write(bytesOf(h));
                h.release();
            }
            sender.get(10, TimeUnit.SECONDS);
            assertTrue(enobufs > 0, "the tiny pool never ran dry");
            assertEquals(enobufs, starved);
            assertEquals(enobufs, receiver.refilled);
            assertArrayEquals(data, got.toByteArray(), "bytes lost, duplicated or reordered");
        }
    }

    @Test
    void piecesReleasedOnAnotherThreadReturnToTheRing() throws Exception {
        try (DmaArea area = DmaArea.allocate(2 * 4096, DmaOptions.defaults().withSlotSize(4096))) {
            ReceivePool pool = area.receivePool(backend, 1, 2, true);
            PoolAssociation assoc = associate(pool);
            backend.submit();
            pair.sendAll(pair.client, new byte[4096], 0, 4096); // exactly one whole buffer
            int got = 0;
            List<Buffer> held = new ArrayList<>();
            while (got < 4096) {
                assertTrue(next(5000));
                Buffer b = assoc.complete(cqe.res, cqe.flags);
                assertNotNull(b);
                got += b.length();
                held.add(b);
            }
            AtomicInteger wakeups = new AtomicInteger();
            pool.setRemoteReleaseHook(wakeups::incrementAndGet);
            int before = pool.available();
            CompletableFuture.runAsync(() -> held.forEach(Buffer::release)).get(10, TimeUnit.SECONDS);
            assertEquals(before, pool.available(), "applied only on the pool's thread");
            assertEquals(1, wakeups.get(), "one wake-up for the batch of releases");
            pool.drainReleased();
            assertEquals(2, pool.available());
            assertEquals(0, area.accounting().receivedPieces());
        }
    }

    @Test
    void completionNamingABufferTheKernelDoesNotHoldIsRefused() throws Exception {
        try (DmaArea area = DmaArea.allocate(2 * 4096, DmaOptions.defaults().withSlotSize(4096))) {
            ReceivePool pool = area.receivePool(backend, 1, 2, true);
            assertThrows(IllegalStateException.class, () -> pool.take(10, CQE_F_BUFFER | (9 << CQE_BUFFER_SHIFT)));
            assertNull(pool.take(-Errno.ENOBUFS, 0));
            assertThrows(IllegalStateException.class, () -> area.receivePool(backend, 2, 1, true), "no free slots left");
            assertThrows(IllegalArgumentException.class, () -> area.receivePool(backend, 2, 0, true));
            assertThrows(IllegalArgumentException.class, () -> area.receivePool(backend, 70000, 1, true));
        }
    }

    @Test
    void disassociateStopsReceivesIntoTheArea() throws Exception {
        try (DmaArea area = DmaArea.allocate(4 * 4096, DmaOptions.defaults().withSlotSize(4096))) {
            ReceivePool pool = area.receivePool(backend, 5, 4, true);
            PoolAssociation assoc = associate(pool);
            backend.submit();
            pair.sendAll(pair.client, "before".getBytes(), 0, 6);
            assertTrue(next(5000));
            Buffer b = assoc.complete(cqe.res, cqe.flags);
            assertEquals("before", new String(bytesOf(b)));
            b.release();
            assoc.disassociate();
            backend.cancel(CANCEL, RECV); // the receiver ends its receive
            boolean recvEnded = false;
            boolean cancelDone = false;
            while (!recvEnded || !cancelDone) {
                assertTrue(next(5000), "cancel and final completion");
                if (cqe.userData == CANCEL) {
                    cancelDone = true;
                } else {
                    assertNull(assoc.complete(cqe.res, cqe.flags));
                    recvEnded = !assoc.isArmed();
                }
            }
            assertEquals(-Errno.ECANCELED, assoc.lastEnd());
            assertFalse(assoc.isAssociated());
            pair.sendAll(pair.client, "after".getBytes(), 0, 5);
            assertFalse(next(200), "no receive into the area after dma_disassoc");
            assertEquals(4, pool.available());
        }
    }

    @Test
    void closeWhileArmedWaitsForTheFinalCompletionThenUnmaps() throws Exception {
        DmaArea area = DmaArea.allocate(4 * 4096, DmaOptions.defaults().withSlotSize(4096));
        ReceivePool pool = area.receivePool(backend, 9, 4, true);
        PoolAssociation assoc = associate(pool);
        backend.submit();
        pair.sendAll(pair.client, "held".getBytes(), 0, 4);
        assertTrue(next(5000));
        Buffer held = assoc.complete(cqe.res, cqe.flags);
        assertNotNull(held);
        area.close();
        assertThrows(BufferOwnershipException.class, () -> held.get(0), "revoked by close");
        assertFalse(area.isUnmapped(), "the multishot receive may still write into the pool");
        assertFalse(pool.isClosed());
        while (assoc.isArmed()) {
            assertTrue(next(5000), "the cancelled receive's final completion");
            if (cqe.userData == RECV) {
                assertNull(assoc.complete(cqe.res, cqe.flags), "no piece is handed out after close");
            }
        }
        assertTrue(pool.isClosed());
        assertTrue(area.isUnmapped());
    }

    @Test
    void closingTheRingFirstLetsTheAreaUnmapAtOnce() throws Exception {
        DmaArea area = DmaArea.allocate(4 * 4096, DmaOptions.defaults().withSlotSize(4096));
        ReceivePool pool = area.receivePool(backend, 4, 2, true);
        PoolAssociation assoc = associate(pool);
        backend.submit();
        pair.sendAll(pair.client, "x".getBytes(), 0, 1);
        assertTrue(next(5000));
        Buffer held = assoc.complete(cqe.res, cqe.flags);
        assertNotNull(held);
        backend.close(); // drains: cancels the receive and waits for it
        held.release(); // nothing to recycle into any more, and no error for it
        area.close();
        assertTrue(pool.isClosed());
        assertTrue(area.isUnmapped());
    }
}
