package io.aionet.net;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aionet.dma.Buffer;
import io.aionet.dma.DmaAccounting;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.internal.wire.InotifyRecords;
import io.aionet.internal.wire.RecvmsgOut;
import io.aionet.internal.wire.SignalfdRecords;
import io.aionet.uring.IoUring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz test of every decoder that reads bytes the kernel (or, through it, the network) wrote:
 * {@code sockaddr} ({@link SocketAddresses#read}), the {@code io_uring_recvmsg_out} header of
 * datagrams ({@link RecvmsgOut}), completion flags naming provided buffers
 * ({@link ReceivePool#take(int, int)} against a real buffer ring), inotify records
 * ({@link InotifyRecords}) and signalfd records ({@link SignalfdRecords}). The first byte picks the
 * decoder. Each must either decode within the bytes it was given or refuse with its documented
 * exception — never read past the end, loop, or leave the pool's accounting inconsistent.
 *
 * <p>Runs as the core POM's "fuzz-kernel" surefire execution (JAZZER_FUZZ=1, bounded); in plain JUnit
 * it replays the inputs kept in {@code src/test/resources/.../KernelDecodersFuzzTestInputs}.
 */
class KernelDecodersFuzzTest {
    private static IoUring ring;
    private static DmaArea area;
    private static ReceivePool pool;

    @org.junit.jupiter.api.AfterAll
    static void closePool() {
        if (ring != null) {
            pool.close();
            area.close();
            ring.close();
        }
    }

    @FuzzTest(maxDuration = "15s")
    void kernelDecoders(FuzzedDataProvider data) throws Exception {
        switch (data.consumeInt(0, 4)) {
            case 0 -> sockaddr(data.consumeInt(-4, 200), data.consumeRemainingAsBytes());
            case 1 -> recvmsgOut(data.consumeInt(), data.consumeInt(), data.consumeInt(0, 70000), data.consumeInt(0, 64));
            case 2 -> cqeFlags(data);
            case 3 -> inotify(data.consumeRemainingAsBytes());
            default -> signalfd(data.consumeRemainingAsBytes());
        }
    }

    private static void sockaddr(int length, byte[] bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, in, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            SocketAddress sa;
            try {
                sa = SocketAddresses.read(in.asSlice(0, bytes.length), length);
            } catch (IllegalStateException refused) {
                return; // "malformed address" / "unexpected family": the documented refusal
            }
            assertTrue(sa instanceof InetSocketAddress || sa instanceof UnixDomainSocketAddress, String.valueOf(sa));
            if (sa instanceof InetSocketAddress isa) {
                // what was read writes back to the same family, port and address
                MemorySegment out = a.allocate(SocketAddresses.MAX_SIZE, 8);
                int n = SocketAddresses.write(isa, out);
                assertEquals(SocketAddresses.read(out, n), isa);
            }
        }
    }

    private static void recvmsgOut(int payloadlen, int namelen, int bufferLength, int payloadOffset) {
        int p = RecvmsgOut.payloadLength(payloadlen, bufferLength, payloadOffset);
        if (bufferLength < payloadOffset || payloadOffset < RecvmsgOut.HEADER) {
            assertEquals(-1, p);
        } else {
            assertTrue(p >= 0 && p <= bufferLength - payloadOffset, "payload inside the buffer: " + p);
        }
        int n = RecvmsgOut.nameLength(namelen, 28);
        assertTrue(n >= 0 && n <= 28);
    }

    private static void cqeFlags(FuzzedDataProvider data) throws Exception {
        if (ring == null) {
            ring = IoUring.builder().entries(8).open();
            area = DmaArea.allocate(16 * 4096, DmaOptions.defaults().withSlotSize(4096).withLock(false));
            pool = area.receivePool(ring, 9, 8, false);
        }
        for (int i = 0; i < 16 && data.remainingBytes() >= 8; i++) {
            int res = data.consumeInt(-200, 5000);
            int flags = data.consumeInt();
            try {
                Buffer b = pool.take(res, flags);
                if (b != null) {
                    assertTrue(b.length() >= 0 && b.length() <= 4096, "a piece inside its buffer: " + b);
                    assertTrue(b.offset() >= 0 && b.offset() + b.length() <= 4096, "offset " + b);
                    b.release();
                }
            } catch (IllegalStateException | IllegalArgumentException refused) { // BufferOwnershipException is one
                // a completion naming a buffer the kernel does not hold is refused, clearly
            }
            DmaAccounting acc = area.accounting();
            assertEquals(acc.slots(), acc.heldByProgram() + acc.heldByKernel() + acc.free(), acc.toString());
            assertEquals(0, acc.heldByProgram(), "every piece handed out was released: " + acc);
        }
    }

    private static void inotify(byte[] bytes) {
        MemorySegment buf = MemorySegment.ofArray(bytes);
        int[] records = {0};
        long used = InotifyRecords.decode(buf, bytes.length, (mask, cookie, name) -> {
            records[0]++;
            assertTrue(name == null || name.length() <= bytes.length);
        });
        assertTrue(used >= 0 && used <= bytes.length, "decoded inside what was read: " + used);
        assertTrue(records[0] <= bytes.length / InotifyRecords.HEADER);
    }

    private static void signalfd(byte[] bytes) {
        int[] seen = {0};
        int n = SignalfdRecords.decode(MemorySegment.ofArray(bytes), bytes.length, s -> {
            assertTrue(s >= 1 && s <= 64);
            seen[0]++;
        });
        assertEquals(seen[0], n);
        assertTrue(n <= bytes.length / SignalfdRecords.SIZE);
    }
}
