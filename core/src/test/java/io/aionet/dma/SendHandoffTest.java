package io.aionet.dma;

import io.aionet.dma.spi.DmaSpi;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import io.aionet.backend.Backend;
import io.aionet.backend.BackendChoice;
import io.aionet.backend.BackendConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The send side against a real ring: a reserved buffer registered as a fixed buffer is lent to the
 * kernel for the send, and comes back only on the send's completion — for SEND_ZC, on the notification.
 */
class SendHandoffTest {
    private Backend backend;
    private LoopbackPair pair;
    private final Reaped cqe = new Reaped();

    @BeforeEach
    void setUp() throws Exception {
        backend = BackendChoice.openCurrent(new BackendConfig(16, 16)); // io_uring or epoll (-Daionet.backend)
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

    private void next() throws Exception {
        assertTrue(cqe.next(backend, 5000), "completion within 5 s");
    }

    private String receive(int n) throws Exception {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(n);
            int got = 0;
            while (got < n) {
                got += (int) Native.check("recv", Sockets.recv(pair.server, buf.asSlice(got), 0));
            }
            return new String(buf.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void sendFromAReservedBufferAndRegistration() throws Exception {
        try (DmaArea area = DmaArea.allocate(4 * 4096, DmaOptions.defaults().withSlotSize(4096))) {
            assumeTrue(area.registerFixed(backend), "RLIMIT_MEMLOCK too small to register the area");
            assertTrue(area.isRegistered());
            assertThrows(IllegalStateException.class, () -> area.registerFixed(backend));
            byte[] msg = "hello, dma buffer".getBytes();
            Buffer b = area.reserve(msg.length);
            b.put(0, msg, 0, msg.length);
            DmaSpi.lend(b);
            int index = DmaSpi.fixedIndex(b);
            assertEquals(0, index);
            backend.send(11, pair.client, DmaSpi.kernelSegment(b), 0, msg.length, 0);
            next();
            assertEquals(11, cqe.userData);
            assertEquals(msg.length, cqe.res);
            DmaSpi.giveBack(b, true);
            assertEquals(area.slots(), area.accounting().free());
            assertEquals("hello, dma buffer", receive(msg.length));
        }
        // close unregistered the fixed buffer: the backend takes a new table
        try (Arena a = Arena.ofConfined()) {
            backend.registerBuffers(a.allocate(4096, 4096));
            backend.unregisterBuffers();
        }
    }

    @Test
    void sendZcKeepsTheBufferUntilTheNotification() throws Exception {
        try (DmaArea area = DmaArea.allocate(4 * 4096, DmaOptions.defaults().withSlotSize(4096))) {
            boolean fixed = area.registerFixed(backend);
            byte[] msg = "zero copy".getBytes();
            Buffer b = area.reserve(msg.length);
            b.put(0, msg, 0, msg.length);
            DmaSpi.lend(b);
            if (fixed) {
                backend.sendZcFixed(21, pair.client, DmaSpi.kernelSegment(b), 0, msg.length, 0, DmaSpi.fixedIndex(b));
            } else {
                backend.sendZc(21, pair.client, DmaSpi.kernelSegment(b), 0, msg.length, 0);
            }
            boolean sent = false;
            boolean notified = false;
            while (!notified) {
                next();
                assertEquals(21, cqe.userData);
                if (cqe.isNotification()) {
                    assertTrue(sent, "the notification comes after the send's completion");
                    notified = true;
                    DmaSpi.giveBack(b, false);
                } else {
                    assertEquals(msg.length, cqe.res);
                    assertTrue(cqe.hasMore(), "a notification follows");
                    sent = true;
                    // between the two completions the kernel may still read the pages
                    assertThrows(BufferOwnershipException.class, b::release);
                    assertThrows(BufferOwnershipException.class, () -> b.put(0, (byte) 0));
                    assertEquals(1, area.accounting().heldByKernel());
                }
            }
            assertTrue(b.isOwned());
            b.release();
            assertEquals("zero copy", receive(msg.length));
        }
    }
}
