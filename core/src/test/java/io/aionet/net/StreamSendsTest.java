package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.LinuxException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import static io.aionet.net.NetTestLoop.completion;
import static org.junit.jupiter.api.Assertions.*;

/** Gathering sends, zero-copy gathering sends and sendFile (splice) on stream sockets over loopback; 1 GiB integrity. */
class StreamSendsTest {
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

    /** A connected pair: [client, server side]. */
    private AsyncSocket[] pair() throws LinuxException {
        return NetTestLoop.pair(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private MemorySegment random(long n, long seed) {
        MemorySegment m = arena.allocate(n, 8);
        Random r = new Random(seed);
        for (long i = 0; i + 8 <= n; i += 8) {
            m.set(ValueLayout.JAVA_LONG, i, r.nextLong());
        }
        for (long i = n & ~7L; i < n; i++) {
            m.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        }
        return m;
    }

    /**
     * Receives {@code n} bytes on {@code in} into caller memory, checksumming them; completions of other
     * tags are handed to {@code others}. Returns the CRC.
     */
    private long receiveAll(AsyncSocket in, long n, java.util.function.Consumer<Event> others) {
        MemorySegment buf = arena.allocate(256 * 1024);
        CRC32 crc = new CRC32();
        long got = 0;
        while (got < n) {
            in.receive(buf, 0, (int) Math.min(buf.byteSize(), n - got), 0, 99);
            Event e = completion(ch, 99, 10_000, others);
            assertTrue(e.result() > 0, "receive after " + got + " bytes: " + e);
            crc.update(buf.asSlice(0, e.result()).asByteBuffer());
            got += e.result();
        }
        assertEquals(n, got);
        return crc.getValue();
    }

    private static long crcOf(MemorySegment... parts) {
        CRC32 c = new CRC32();
        for (MemorySegment p : parts) {
            c.update(p.asByteBuffer());
        }
        return c.getValue();
    }

    @Test
    void gatheringSendIsOneCompletionForAllParts() throws Exception {
        AsyncSocket[] p = pair();
        p[0].options().sendBufferSize(16 * 1024); // the kernel takes the 2 MiB in many short sends
        MemorySegment[] parts = {random(1 << 20, 1), random(17, 2), random(1, 3), random(1 << 20, 4)};
        long total = 0;
        for (MemorySegment m : parts) {
            total += m.byteSize();
        }
        p[0].send(parts, 10);
        int[] result = {Integer.MIN_VALUE};
        long crc = receiveAll(p[1], total, e -> {
            assertEquals(10, e.tag(), "only the send's completion may come in between: " + e);
            assertEquals(Integer.MIN_VALUE, result[0], "the send completes once");
            result[0] = e.result();
        });
        if (result[0] == Integer.MIN_VALUE) {
            result[0] = completion(ch, 10, 5000).result();
        }
        assertEquals(total, result[0], "one completion for the total");
        assertEquals(crcOf(parts), crc, "bytes in order, nothing lost or doubled");
        p[0].close();
        p[1].close();
    }

    @Test
    void zeroCopyGatheringSendCompletesAfterNotification() throws Exception {
        AsyncSocket[] p = pair();
        MemorySegment[] parts = {random(64 * 1024, 5), random(100 * 1024, 6)};
        p[0].sendZeroCopy(parts, 20);
        Event[] sent = {null};
        long crc = receiveAll(p[1], 164 * 1024, e -> sent[0] = e);
        if (sent[0] == null) {
            sent[0] = completion(ch, 20, 5000);
        }
        assertEquals(20, sent[0].tag());
        assertEquals(164 * 1024, sent[0].result());
        assertEquals(AsyncSocket.SEND_COPIED, sent[0].flags() & AsyncSocket.SEND_COPIED,
                "on loopback the kernel copies zero-copy sends, and says so");
        assertEquals(crcOf(parts), crc);
        p[0].close();
        p[1].close();
    }

    @Test
    void plainSendsQueuedBehindAGatheringSendKeepTheirOrder() throws Exception {
        AsyncSocket[] p = pair();
        p[0].options().sendBufferSize(16 * 1024);
        MemorySegment a = random(2 << 20, 7);
        MemorySegment b = random(1 << 20, 8);
        MemorySegment c = random(1000, 9);
        p[0].send(new MemorySegment[] {a}, 30);
        p[0].send(b, 31);        // waits behind the gathering send
        p[0].send(c, 0, 1000, 32);
        long[] order = new long[3];
        int[] k = {0};
        long crc = receiveAll(p[1], a.byteSize() + b.byteSize() + c.byteSize(), e -> order[k[0]++] = e.tag());
        while (k[0] < 3) {
            Event e = completion(ch, 30 + k[0], 5000);
            order[k[0]++] = e.tag();
        }
        assertArrayEquals(new long[] {30, 31, 32}, order, "completions in the order of the calls");
        assertEquals(crcOf(a, b, c), crc, "bytes in the order of the calls");
        // a gathering send after plain sends still in the kernel queues behind them (one send queue)
        MemorySegment d = random(8 << 20, 10);
        p[0].send(d, 33);
        p[0].send(new MemorySegment[] {c}, 34);
        long[] order2 = new long[2];
        int[] k2 = {0};
        long crc2 = receiveAll(p[1], d.byteSize() + c.byteSize(), e -> order2[k2[0]++] = e.tag());
        while (k2[0] < 2) {
            Event e = completion(ch, 33 + k2[0], 5000);
            order2[k2[0]++] = e.tag();
        }
        assertArrayEquals(new long[] {33, 34}, order2, "completions in the order of the calls");
        assertEquals(crcOf(d, c), crc2, "bytes in the order of the calls");
        p[0].close();
        p[1].close();
    }

    @Test
    void sendFileOfSeveralMebibytes(@TempDir Path dir) throws Exception {
        AsyncSocket[] p = pair();
        int n = (5 << 20) + 12345; // several pipe-sized chunks and a short tail
        byte[] data = new byte[n];
        new Random(11).nextBytes(data);
        Path f = dir.resolve("payload.bin");
        Files.write(f, data);
        CRC32 want = new CRC32();
        want.update(data, 1000, n - 2000);
        p[0].sendFile(f, 1000, n - 2000, 40);
        Event[] sent = {null};
        long crc = receiveAll(p[1], n - 2000, e -> sent[0] = e);
        if (sent[0] == null) {
            sent[0] = completion(ch, 40, 5000);
        }
        assertEquals(40, sent[0].tag());
        assertEquals(n - 2000, sent[0].result(), "one completion for the whole length");
        assertEquals(want.getValue(), crc, "the file's bytes, in order");
        p[0].sendFile(f, 10, 0, 43);
        assertEquals(0, completion(ch, 43, 2000).result(), "an empty range completes at once with 0");
        // a second file send on the same socket reuses its pipe; a plain send after it keeps its place
        MemorySegment tail = random(777, 12);
        p[0].sendFile(f, 0, 4096, 41);
        p[0].send(tail, 42);
        CRC32 want2 = new CRC32();
        want2.update(data, 0, 4096);
        want2.update(tail.asByteBuffer());
        assertEquals(want2.getValue(), receiveAll(p[1], 4096 + 777, e -> { }));
        p[0].close();
        p[1].close();
    }

    @Test
    void sendFileFromADescriptorAndFromAFileChannelKeepTheirPlaceInTheQueue(@TempDir Path dir) throws Exception {
        AsyncSocket[] p = pair();
        int n = (3 << 20) + 321;
        byte[] data = new byte[n];
        new Random(13).nextBytes(data);
        Path f = dir.resolve("both.bin");
        Files.write(f, data);
        int fd = io.aionet.linux.Fds.open(f.toString(), io.aionet.linux.Fds.O_RDONLY | io.aionet.linux.Fds.O_CLOEXEC, 0);
        assertTrue(fd >= 0);
        try (java.nio.channels.FileChannel fc = java.nio.channels.FileChannel.open(f)) {
            MemorySegment head = random(100, 14);
            p[0].send(head, 80);
            p[0].sendFile(fd, 5, n - 5, 81);             // the program's descriptor
            p[0].sendFile(fc, 7, n - 7, 82);             // a FileChannel: mapped, sent, unmapped
            p[0].sendFile(fc, 0, 100, 83);               // below the zero-copy threshold: a plain send
            CRC32 want = new CRC32();
            want.update(head.asByteBuffer());
            want.update(data, 5, n - 5);
            want.update(data, 7, n - 7);
            want.update(data, 0, 100);
            List<Event> done = new java.util.ArrayList<>();
            assertEquals(want.getValue(), receiveAll(p[1], 100 + (n - 5) + (n - 7) + 100, done::add), "in order, byte for byte");
            while (done.size() < 4) {
                done.add(completion(ch, 80 + done.size(), 5000));
            }
            done.sort(java.util.Comparator.comparingLong(Event::tag));
            assertEquals(List.of(100, n - 5, n - 7, 100), done.stream().map(Event::result).toList());
            assertTrue(io.aionet.linux.Fds.isOpen(fd), "the program's descriptor stays open");
            p[0].sendFile(fc, 3, 0, 84);
            assertEquals(0, completion(ch, 84, 2000).result(), "an empty range completes at once with 0");
            assertThrows(IllegalArgumentException.class, () -> p[0].sendFile(fc, n - 1, 2, 1), "past the end");
            assertThrows(IllegalArgumentException.class, () -> p[0].sendFile(fd, n - 1, 2, 1), "past the end");
            assertThrows(IllegalArgumentException.class, () -> p[0].sendFile(-1, 0, 1, 1));
            assertThrows(NullPointerException.class, () -> p[0].sendFile((java.nio.channels.FileChannel) null, 0, 1, 1));
            try (java.nio.channels.FileChannel w = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
                assertThrows(java.nio.channels.NonReadableChannelException.class, () -> p[0].sendFile(w, 0, 1, 1),
                        "a channel open only for writing cannot be mapped for reading");
            }
        } finally {
            io.aionet.linux.Fds.close(fd);
        }
        int dir2 = io.aionet.linux.Fds.open(dir.toString(), io.aionet.linux.Fds.O_RDONLY | io.aionet.linux.Fds.O_CLOEXEC, 0);
        try {
            assertThrows(IllegalArgumentException.class, () -> p[0].sendFile(dir2, 0, 1, 1), "a directory is no file");
        } finally {
            io.aionet.linux.Fds.close(dir2);
        }
        p[0].close();
        p[1].close();
    }

    @Test
    void sendFileToAResetPeerReportsTheError(@TempDir Path dir) throws Exception {
        AsyncSocket[] p = pair();
        Path f = dir.resolve("big.bin");
        Files.write(f, new byte[8 << 20]);
        p[1].close(); // the peer is gone: the splices into the socket fail
        p[0].sendFile(f, 0, 8 << 20, 50);
        Event e = completion(ch, 50, 10_000, x -> { });
        assertTrue(e.result() == -io.aionet.Errno.EPIPE || e.result() == -io.aionet.Errno.ECONNRESET,
                "an error, not a crash: " + e);
        assertTrue(e.flags() >= 0 && e.flags() < 8 << 20, "the bytes sent before the error: " + e.flags());
        p[0].close();
    }

    /**
     * The file shrinks after the call, before the kernel reads it: the first fill comes back short (which
     * breaks its link to the drain), the library drains what the pipe holds, then finds the end of the
     * file and reports an error with exactly the bytes that went out.
     */
    @Test
    void fileThatShrinksMidSendEndsWithTheCountSent(@TempDir Path dir) throws Exception {
        AsyncSocket[] p = pair();
        Path f = dir.resolve("shrinking.bin");
        byte[] data = new byte[2 << 20];
        new Random(21).nextBytes(data);
        Files.write(f, data);
        p[0].sendFile(f, 0, data.length, 70); // prepared, not yet submitted
        Files.write(f, java.util.Arrays.copyOf(data, 100_000)); // truncates before the kernel sees the entries
        Event[] sent = {null};
        CRC32 want = new CRC32();
        want.update(data, 0, 100_000);
        assertEquals(want.getValue(), receiveAll(p[1], 100_000, e -> sent[0] = e), "the bytes that were there");
        if (sent[0] == null) {
            sent[0] = completion(ch, 70, 5000);
        }
        assertEquals(70, sent[0].tag());
        assertEquals(-io.aionet.Errno.EIO, sent[0].result(), "the file ended early: " + sent[0]);
        assertEquals(100_000, sent[0].flags(), "bytes sent before the error");
        p[0].close();
        p[1].close();
    }

    @Test
    void cancelStopsAStalledFileSend(@TempDir Path dir) throws Exception {
        AsyncSocket[] p = pair();
        p[0].options().sendBufferSize(16 * 1024);
        p[1].options().receiveBufferSize(16 * 1024);
        Path f = dir.resolve("big.bin");
        Files.write(f, new byte[16 << 20]);
        p[0].sendFile(f, 0, 16 << 20, 60); // the peer reads nothing: the splice into the socket stalls
        ch.await(1, 200_000_000L);
        p[0].cancelPending();
        Event e = completion(ch, 60, 10_000, x -> { });
        assertTrue(e.isError(), "a cancelled file send ends with an error: " + e);
        assertTrue(e.flags() >= 0 && e.flags() < 16 << 20, "bytes sent before the cancel: " + e.flags());
        p[0].close();
        p[1].close();
    }

    @Test
    void badInputIsRefused(@TempDir Path dir) throws Exception {
        AsyncSocket[] p = pair();
        Path f = dir.resolve("small.bin");
        Files.write(f, new byte[100]);
        assertThrows(IllegalArgumentException.class, () -> p[0].sendFile(f, 50, 51, 1), "past the end");
        assertThrows(IllegalArgumentException.class, () -> p[0].sendFile(f, -1, 10, 1));
        assertThrows(NullPointerException.class, () -> p[0].sendFile((Path) null, 0, 10, 1));
        assertThrows(java.io.IOException.class, () -> p[0].sendFile(dir.resolve("missing"), 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> p[0].send(new MemorySegment[0], 1));
        assertThrows(NullPointerException.class, () -> p[0].send((MemorySegment[]) null, 1));
        assertThrows(IllegalArgumentException.class, () -> p[0].send(new MemorySegment[] {null}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> p[0].send(new MemorySegment[] {MemorySegment.ofArray(new byte[4])}, 1), "heap memory");
        assertThrows(IllegalArgumentException.class, () -> p[0].send(new MemorySegment[1025], 1));
        p[0].close();
        assertThrows(IllegalStateException.class, () -> p[0].sendFile(f, 0, 10, 1));
        assertThrows(IllegalStateException.class, () -> p[0].send(new MemorySegment[] {arena.allocate(1)}, 1));
        p[1].close();
    }

    /**
     * 1 GiB through one TCP connection over loopback: the sender stamps each 4 KiB page of every 1 MiB
     * chunk with the chunk's number (so a lost, doubled or reordered page changes the checksum), sends
     * it as a two-part gathering send, and keeps a CRC and a byte count; the receiver takes kernel-chosen
     * buffers and keeps its own. Both must agree.
     */
    @Test
    void oneGibibyteThroughOneConnection() throws Exception {
        final long total = 1L << 30;
        final int chunk = 1 << 20;
        final int inFlight = 4;
        AsyncSocket[] p = pair();
        MemorySegment pattern = random(chunk, 13);
        MemorySegment[] bufs = new MemorySegment[inFlight];
        MemorySegment[][] parts = new MemorySegment[inFlight][];
        for (int i = 0; i < inFlight; i++) {
            bufs[i] = arena.allocate(chunk, 4096);
            parts[i] = new MemorySegment[] {bufs[i].asSlice(0, chunk / 2), bufs[i].asSlice(chunk / 2)};
        }
        try (DmaArea area = DmaArea.allocate(8 << 20, DmaOptions.defaults().withSlotSize(64 * 1024))) {
            ReceivePool pool = ch.receivePool(area, 8, 64);
            p[1].receive(pool, 2);
            CRC32 sentCrc = new CRC32();
            CRC32 gotCrc = new CRC32();
            long queued = 0;
            long sendDone = 0;
            long received = 0;
            int chunks = 0;
            int pending = 0;
            Event e = new Event();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (received < total || sendDone < total) {
                assertTrue(System.nanoTime() < deadline, "stalled at " + received + " received");
                while (pending < inFlight && queued < total) {
                    MemorySegment b = bufs[chunks % inFlight];
                    MemorySegment.copy(pattern, 0, b, 0, chunk);
                    for (int pg = 0; pg < chunk; pg += 4096) {
                        b.set(ValueLayout.JAVA_LONG, pg, ((long) chunks << 32) | pg);
                    }
                    sentCrc.update(b.asByteBuffer());
                    p[0].send(parts[chunks % inFlight], 1);
                    queued += chunk;
                    chunks++;
                    pending++;
                }
                ch.await(1, 100_000_000L);
                while (ch.next(e)) {
                    if (e.tag() == 1) {
                        assertEquals(chunk, e.result(), "a whole chunk per completion");
                        sendDone += chunk;
                        pending--;
                        continue;
                    }
                    assertEquals(2, e.tag(), "event " + e);
                    Buffer b = e.buffer();
                    assertNotNull(b, "the receive ended early: " + e);
                    gotCrc.update(b.asByteBuffer());
                    received += b.length();
                    b.release();
                }
            }
            assertEquals(total, received, "bytes received");
            assertEquals(total, sendDone, "bytes sent");
            assertEquals(sentCrc.getValue(), gotCrc.getValue(), "checksums on both sides");
            p[0].close();
            p[1].close();
            pool.close();
        }
    }
}
