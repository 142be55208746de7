package io.aionet.faults;

import io.aionet.Errno;
import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.event.EventKind;
import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults from the peer and the machine, each with what the library must do about it: a reset peer
 * mid-transfer, an ENOBUFS storm (hundreds of senders on a pool of four buffers), a completion ring
 * that overflows under socket load, a file truncated, deleted or abandoned by its reader while
 * {@code sendFile} runs. Every case ends within a bounded time, loses no byte that was promised, and
 * leaves no descriptor, buffer or mapping behind (the leak accounting checks the class).
 */
class PeerFaultsTest {
    private static final InetSocketAddress LOOPBACK0 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

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

    /** Accepts one JDK client: [the client, the aionet side]. */
    private Object[] acceptOne(java.util.function.Consumer<Socket> clientSetup) throws Exception {
        AsyncServerSocket server = AsyncServerSocket.open(ch, LOOPBACK0, 16, false);
        int port = server.port();
        server.accept(1);
        CompletableFuture<Socket> client = CompletableFuture.supplyAsync(() -> {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                clientSetup.accept(s);
                return s;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Loop.Result r = Loop.completion(ch, 1, 5000, e -> { });
        assertTrue(r.result() >= 0, "accepted: " + r);
        server.close();
        return new Object[] {client.get(5, TimeUnit.SECONDS), AsyncSocket.adopt(ch, r.result())};
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // close() sends RST instead of FIN
            s.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void peerResetMidTransferEndsTheSendAndTheReceiveWithAnError() throws Exception {
        Object[] p = acceptOne(s -> { });
        Socket client = (Socket) p[0];
        AsyncSocket server = (AsyncSocket) p[1];
        server.options().sendBufferSize(64 * 1024);
        int size = 32 << 20; // far more than the socket buffers hold
        MemorySegment big = arena.allocate(size);
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
            ReceivePool pool = Loop.pool(ch, area, 5, 8);
            server.receive(pool, 20);
            server.send(big, 21);
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = client.getInputStream()) {
                    byte[] b = new byte[64 * 1024];
                    int n = in.readNBytes(b, 0, b.length); // some of it, then reset
                    reset(client);
                    return n;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int[] receiveEnd = {1};
            Loop.Result sent = Loop.completion(ch, 21, 10_000, e -> {
                if (e.tag() == 20) {
                    if (e.buffer() != null) {
                        e.buffer().release();
                    }
                    if (e.result() <= 0) {
                        receiveEnd[0] = e.result();
                    }
                }
            });
            assertEquals(64 * 1024, reader.get(5, TimeUnit.SECONDS));
            assertTrue(sent.result() == -Errno.ECONNRESET || sent.result() == -Errno.EPIPE,
                    "the send ends with the reset, not a hang or a success: " + Errno.name(sent.result()));
            assertTrue(sent.flags() >= 64 * 1024 && sent.flags() < size,
                    "the error carries the bytes sent before it: " + sent.flags());
            Loop.run(ch, 5000, () -> receiveEnd[0] <= 0, e -> {
                if (e.tag() == 20 && e.result() <= 0) {
                    receiveEnd[0] = e.result();
                } else if (e.buffer() != null) {
                    e.buffer().release();
                }
            });
            assertTrue(receiveEnd[0] == -Errno.ECONNRESET || receiveEnd[0] == 0,
                    "the receive ends with the reset: " + receiveEnd[0]);
            server.close();
            assertEquals(0, area.accounting().heldByProgram());
        }
    }

    @Test
    void enobufsStormOfManySendersOnATinyPoolLosesNothing() throws Exception {
        int senders = 300;
        int msg = 3000;
        AsyncServerSocket server = AsyncServerSocket.open(ch, LOOPBACK0, 1024, false);
        int port = server.port();
        server.accept(1);
        Map<Long, long[]> expected = new HashMap<>(); // crc -> count
        List<Socket> clients = new ArrayList<>();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < senders; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    byte[] b = payload(i, msg);
                    OutputStream out = s.getOutputStream();
                    out.write(b);
                    s.shutdownOutput();
                    synchronized (clients) {
                        clients.add(s);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int i = 0; i < senders; i++) {
            expected.computeIfAbsent(crc(payload(i, msg)), k -> new long[1])[0]++;
        }
        try (DmaArea area = DmaArea.allocate(8 * 4096, DmaOptions.defaults().withSlotSize(4096))) {
            ReceivePool pool = Loop.pool(ch, area, 6, 4); // four 4 KiB buffers for 300 senders
            Map<Long, CRC32> sums = new HashMap<>();
            Map<Long, AsyncSocket> sockets = new HashMap<>();
            Map<Long, long[]> got = new HashMap<>();
            int[] finished = {0};
            long[] nextTag = {1000};
            Loop.run(ch, 30_000, () -> finished[0] == senders, e -> {
                if (e.kind() != EventKind.COMPLETION) {
                    return;
                }
                if (e.tag() == 1) {
                    assertTrue(e.result() >= 0, "accept: " + e);
                    long tag = nextTag[0]++;
                    AsyncSocket s = AsyncSocket.adopt(ch, e.result());
                    sockets.put(tag, s);
                    sums.put(tag, new CRC32());
                    try {
                        s.receive(pool, tag);
                    } catch (io.aionet.LinuxException x) {
                        throw new AssertionError(x);
                    }
                    return;
                }
                Buffer b = e.buffer();
                if (b != null) {
                    byte[] bytes = new byte[b.length()];
                    b.get(0, bytes, 0, bytes.length);
                    sums.get(e.tag()).update(bytes);
                    b.release(); // back to the ring: the starved receives re-arm
                } else if (e.result() == 0) {
                    got.computeIfAbsent(sums.get(e.tag()).getValue(), k -> new long[1])[0]++;
                    sockets.remove(e.tag()).close();
                    finished[0]++;
                } else {
                    throw new AssertionError("receive failed: " + Errno.name(e.result()));
                }
            });
            sending.get(10, TimeUnit.SECONDS);
            assertEquals(expected.size(), got.size());
            for (var x : expected.entrySet()) {
                assertEquals(x.getValue()[0], got.getOrDefault(x.getKey(), new long[1])[0], "every message intact");
            }
            server.close();
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void completionRingOverflowUnderSocketLoadLosesNothing() throws Exception {
        try (EventChannel small = EventChannel.create(EventChannelOptions.defaults()
                .submissionEntries(8).completionEntries(8))) {
            EventChannel saved = ch;
            ch = small;
            try {
                int conns = 32;
                int per = 256 * 1024;
                AsyncServerSocket server = AsyncServerSocket.open(ch, LOOPBACK0, 64, false);
                int port = server.port();
                server.accept(1);
                List<Socket> clients = new ArrayList<>();
                for (int i = 0; i < conns; i++) {
                    clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
                }
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < conns; i++) {
                            clients.get(i).getOutputStream().write(payload(i, per));
                            clients.get(i).shutdownOutput();
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                try (DmaArea area = DmaArea.allocate(128 * 4096, DmaOptions.defaults().withSlotSize(4096))) {
                    ReceivePool pool = Loop.pool(ch, area, 7, 64);
                    Map<Long, long[]> bytes = new HashMap<>();
                    Map<Long, CRC32> sums = new HashMap<>();
                    Map<Long, AsyncSocket> sockets = new HashMap<>();
                    List<Long> crcs = new ArrayList<>();
                    long[] nextTag = {1000};
                    Loop.run(ch, 30_000, () -> crcs.size() == conns, e -> {
                        if (e.kind() == EventKind.OVERFLOW || e.kind() != EventKind.COMPLETION) {
                            return;
                        }
                        if (e.tag() == 1) {
                            long tag = nextTag[0]++;
                            AsyncSocket s = AsyncSocket.adopt(ch, e.result());
                            sockets.put(tag, s);
                            sums.put(tag, new CRC32());
                            bytes.put(tag, new long[1]);
                            try {
                                s.receive(pool, tag);
                            } catch (io.aionet.LinuxException x) {
                                throw new AssertionError(x);
                            }
                            return;
                        }
                        Buffer b = e.buffer();
                        if (b != null) {
                            byte[] d = new byte[b.length()];
                            b.get(0, d, 0, d.length);
                            sums.get(e.tag()).update(d);
                            bytes.get(e.tag())[0] += d.length;
                            b.release();
                            if (bytes.get(e.tag())[0] % (64 * 1024) < d.length) {
                                sleepQuietly(); // fall behind now and then: the kernel piles completions up
                            }
                        } else if (e.result() == 0) {
                            assertEquals(per, bytes.get(e.tag())[0]);
                            crcs.add(sums.get(e.tag()).getValue());
                            sockets.remove(e.tag()).close();
                        } else {
                            throw new AssertionError("receive failed: " + Errno.name(e.result()));
                        }
                    });
                    sending.get(10, TimeUnit.SECONDS);
                    assertTrue(ch.overflowCount() > 0, "the completion ring overflowed under the load");
                    List<Long> want = new ArrayList<>();
                    for (int i = 0; i < conns; i++) {
                        want.add(crc(payload(i, per)));
                    }
                    want.sort(null);
                    crcs.sort(null);
                    assertEquals(want, crcs, "every connection's bytes arrived intact despite the overflow");
                    server.close();
                }
                for (Socket s : clients) {
                    s.close();
                }
            } finally {
                ch = saved;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ sendFile

    private static Path bigFile(Path dir, int size) throws Exception {
        Path f = dir.resolve("big.bin");
        try (FileChannel fc = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(payload(7, 1 << 20));
            for (int i = 0; i < size >> 20; i++) {
                b.rewind();
                fc.write(b);
            }
        }
        return f;
    }

    /** Reads {@code first} bytes, runs {@code between}, then reads to the end (or the reset); returns bytes read. */
    private static CompletableFuture<long[]> slowReader(Socket s, int first, Runnable between, boolean resetAfter) {
        return CompletableFuture.supplyAsync(() -> {
            long n = 0;
            CRC32 crc = new CRC32();
            try (InputStream in = s.getInputStream()) {
                byte[] b = new byte[64 * 1024];
                while (n < first) {
                    int r = in.read(b, 0, (int) Math.min(b.length, first - n));
                    if (r < 0) {
                        break;
                    }
                    crc.update(b, 0, r);
                    n += r;
                }
                between.run();
                if (resetAfter) {
                    reset(s);
                    return new long[] {n, crc.getValue()};
                }
                int r;
                while ((r = in.read(b)) >= 0) {
                    crc.update(b, 0, r);
                    n += r;
                }
            } catch (java.io.IOException e) {
                return new long[] {n, -1};
            }
            return new long[] {n, crc.getValue()};
        });
    }

    @Test
    void fileTruncatedWhileSendFileRunsEndsTheSendInsteadOfHanging(@TempDir Path dir) throws Exception {
        int size = 64 << 20;
        Path f = bigFile(dir, size);
        Object[] p = acceptOne(s -> { });
        Socket client = (Socket) p[0];
        AsyncSocket server = (AsyncSocket) p[1];
        server.options().sendBufferSize(64 * 1024);
        CompletableFuture<long[]> reader = slowReader(client, 1 << 20, () -> {
            try (FileChannel fc = FileChannel.open(f, StandardOpenOption.WRITE)) {
                fc.truncate(2 << 20);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, false);
        server.sendFile(f, 0, size, 30);
        Loop.Result r = Loop.completion(ch, 30, 20_000, e -> { });
        server.shutdownOutput(31);
        Loop.completion(ch, 31, 5000, e -> { });
        long[] read = reader.get(10, TimeUnit.SECONDS);
        assertTrue(r.result() < 0, "a file that shrank under the send is an error, not a success: " + r);
        assertEquals(2 << 20, r.flags(), "the error carries the bytes that existed and were sent");
        assertEquals(2 << 20, read[0], "the reader got what existed");
        server.close();
    }

    @Test
    void fileDeletedWhileSendFileRunsIsSentWhole(@TempDir Path dir) throws Exception {
        int size = 16 << 20;
        Path f = bigFile(dir, size);
        long want;
        try (FileChannel fc = FileChannel.open(f)) {
            CRC32 c = new CRC32();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 20);
            while (fc.read(b) > 0) {
                b.flip();
                c.update(b);
                b.clear();
            }
            want = c.getValue();
        }
        Object[] p = acceptOne(s -> { });
        Socket client = (Socket) p[0];
        AsyncSocket server = (AsyncSocket) p[1];
        server.options().sendBufferSize(64 * 1024);
        CompletableFuture<long[]> reader = slowReader(client, 1 << 20, () -> {
            try {
                Files.delete(f); // the open descriptor keeps the inode alive
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, false);
        server.sendFile(f, 0, size, 30);
        Loop.Result r = Loop.completion(ch, 30, 20_000, e -> { });
        assertEquals(size, r.result(), "an unlinked file is still read to the end");
        server.shutdownOutput(31);
        Loop.completion(ch, 31, 5000, e -> { });
        long[] read = reader.get(10, TimeUnit.SECONDS);
        assertEquals(size, read[0]);
        assertEquals(want, read[1], "byte for byte");
        server.close();
    }

    @Test
    void clientResettingMidResponseOfALargeFileEndsTheSend(@TempDir Path dir) throws Exception {
        int size = 64 << 20;
        Path f = bigFile(dir, size);
        Object[] p = acceptOne(s -> { });
        Socket client = (Socket) p[0];
        AsyncSocket server = (AsyncSocket) p[1];
        server.options().sendBufferSize(64 * 1024);
        CompletableFuture<long[]> reader = slowReader(client, 256 * 1024, () -> { }, true);
        server.sendFile(f, 0, size, 30);
        Loop.Result r = Loop.completion(ch, 30, 20_000, e -> { });
        reader.get(10, TimeUnit.SECONDS);
        assertTrue(r.result() == -Errno.ECONNRESET || r.result() == -Errno.EPIPE,
                "the reset ends the file send: " + r);
        assertTrue(r.flags() >= 256 * 1024 && r.flags() < size, "bytes sent before the reset: " + r.flags());
        server.close();
    }

    // ------------------------------------------------------------------ data

    static byte[] payload(int seed, int n) {
        byte[] b = new byte[n];
        int x = seed * 0x9E3779B1 + 1;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            b[i] = (byte) x;
        }
        return b;
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @SuppressWarnings("unused")
    private static int intAt(MemorySegment m, long off) {
        return m.get(ValueLayout.JAVA_INT_UNALIGNED, off);
    }
}
