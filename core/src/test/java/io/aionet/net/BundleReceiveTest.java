package io.aionet.net;

import io.aionet.BackendKind;
import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.dma.ReceivePoolStats;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.uring.IoUring;
import io.aionet.uring.IoUringConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A stream receive into a pool fills several buffers with one receive call when the socket holds more
 * than one buffer's worth (io_uring's {@code IORING_RECVSEND_BUNDLE}; on epoll one {@code recvmsg}
 * into several buffers): the program still gets one event per buffer, in order, byte-exact, each
 * buffer its own until released — Drepper's ownership rules unchanged. Both backends (the suite's
 * epoll execution), incremental and whole-buffer pools.
 */
class BundleReceiveTest {
    private static final int SLOT = 4096;
    private static final int BUFFERS = 32;

    private EventChannel ch;
    private Arena arena;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
        arena = Arena.ofConfined();
    }

    @AfterEach
    void close() {
        ch.close();
        arena.close();
    }

    private static boolean kernelBundles() {
        try (IoUring ring = IoUring.builder().entries(2).open()) {
            return ring.hasFeature(IoUringConstants.IORING_FEAT_RECVSEND_BUNDLE);
        } catch (Exception e) {
            return false;
        }
    }

    private MemorySegment pattern(int n, int seed) {
        MemorySegment m = arena.allocate(n);
        for (int i = 0; i < n; i++) {
            m.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + (i >>> 9) + seed));
        }
        return m;
    }

    @ParameterizedTest(name = "incremental={0}")
    @ValueSource(booleans = {true, false})
    void aBacklogFillsSeveralBuffersPerCallAndArrivesWholeInOrder(boolean incremental) throws Exception {
        AsyncSocket[] p = NetTestLoop.pair(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (DmaArea area = DmaArea.allocate((long) BUFFERS * SLOT, DmaOptions.defaults().withSlotSize(SLOT))) {
            ReceivePool pool = ch.receivePool(area, 5, BUFFERS, incremental);
            // a small message first: an incremental pool's buffer is then part used when the backlog comes
            MemorySegment head = pattern(100, 7);
            MemorySegment body = pattern(300 * 1024, 3);
            p[0].send(head, 1);
            p[1].receive(pool, 2);
            ByteCollector got = new ByteCollector();
            run(got, pool, () -> got.size() == head.byteSize(), false);
            p[0].send(body, 3); // queued into the socket at once, far more than one buffer
            // hold the pieces of the first batch a moment, as a slow program does: the rest waits in the socket
            run(got, pool, () -> got.size() == head.byteSize() + body.byteSize(), true);
            byte[] want = new byte[(int) (head.byteSize() + body.byteSize())];
            MemorySegment.copy(head, ValueLayout.JAVA_BYTE, 0, want, 0, (int) head.byteSize());
            MemorySegment.copy(body, ValueLayout.JAVA_BYTE, 0, want, (int) head.byteSize(), (int) body.byteSize());
            assertArrayEquals(want, got.bytes(), "every byte, in order");
            assertTrue(got.maxPiece <= SLOT, "no piece is larger than a buffer: " + got.maxPiece);
            ReceivePoolStats s = pool.stats();
            assertEquals(0, s.held(), "every piece released");
            assertEquals(want.length, s.receivedBytes());
            if (ch.backend() == BackendKind.EPOLL || kernelBundles()) {
                assertTrue(s.bundles() > 0, "some receive calls filled several buffers: " + s);
                assertTrue(s.received() > s.bundles(), "a bundle is several pieces: " + s);
            }
            p[0].close();
            p[1].close();
            pool.close();
        }
    }

    /** Runs the channel until {@code done}; with {@code holdFirst}, releases the first 8 pieces only after 8 arrived. */
    private void run(ByteCollector got, ReceivePool pool, java.util.function.BooleanSupplier done, boolean holdFirst) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Event e = new Event();
        List<Buffer> held = new ArrayList<>();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("no progress: " + got.size() + " bytes, " + pool.stats());
            }
            ch.await(1, 20_000_000L);
            while (ch.next(e)) {
                if (e.kind() != EventKind.COMPLETION || e.tag() != 2) {
                    continue;
                }
                Buffer b = e.buffer();
                if (b == null) {
                    fail("the receive ended: " + e);
                }
                assertEquals(b.length(), e.result(), "an event's result is its piece's length");
                got.add(b);
                if (holdFirst && held.size() < 8) {
                    held.add(b);
                    if (held.size() == 8) {
                        held.forEach(Buffer::release);
                    }
                } else {
                    b.release();
                }
            }
        }
        if (held.size() < 8) {
            held.forEach(Buffer::release); // fewer than 8 came: not released above
        }
    }

    /** The received bytes, in arrival order. */
    private static final class ByteCollector {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int maxPiece;

        void add(Buffer b) {
            byte[] x = new byte[b.length()];
            b.get(0, x, 0, x.length);
            out.writeBytes(x);
            maxPiece = Math.max(maxPiece, x.length);
        }

        long size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
