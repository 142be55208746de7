package io.aionet.nio;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BlockingSocket} and {@link BlockingServerSocket} on virtual threads. */
class BlockingSocketTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Connections open at once in the many-threads test (each end a virtual thread: twice as many threads). */
    static final int CONNECTIONS = Integer.getInteger("aionet.test.connections", 2_000);
    static AsynchronousChannelGroup group;

    @BeforeAll
    static void openGroup() throws IOException {
        group = new AionetAsynchronousChannelProvider().openAsynchronousChannelGroup(2,
                AionetAsynchronousChannelProvider.loopThreads("blk", true));
    }

    @AfterAll
    static void closeGroup() throws Exception {
        group.shutdownNow(); // the class's leak check sees every loop's io_uring closed
        assertTrue(group.awaitTermination(10, TimeUnit.SECONDS));
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void thousandsOfVirtualThreadsBlockInReadsAtOnceAndEchoEveryByte() throws Exception {
        try (BlockingServerSocket server = BlockingServerSocket.listen(new InetSocketAddress(LOOPBACK, 0), 4096, group);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            SocketAddress at = server.localAddress();
            // every server thread blocks in its first read before any client writes: with a carrier
            // pinned per blocked read, the few carriers would be taken and the test would hang
            CountDownLatch allConnected = new CountDownLatch(CONNECTIONS);
            AtomicInteger notVirtual = new AtomicInteger();
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            List<BlockingSocket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < CONNECTIONS; i++) {
                        BlockingSocket s = server.accept();
                        accepted.add(s);
                        threads.submit(() -> {
                            if (!Thread.currentThread().isVirtual()) {
                                notVirtual.incrementAndGet();
                            }
                            try (s) {
                                s.inputStream().transferTo(s.outputStream());
                            } catch (Throwable t) {
                                serverFailure.compareAndSet(null, t);
                            }
                        });
                    }
                } catch (Throwable t) {
                    serverFailure.compareAndSet(null, t);
                }
            });
            List<Future<Long>> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int seed = i;
                clients.add(threads.submit(() -> {
                    try (BlockingSocket c = BlockingSocket.connect(at, group)) {
                        allConnected.countDown();
                        assertTrue(allConnected.await(60, TimeUnit.SECONDS), "not all connected");
                        byte[] msg = new byte[100 + seed % 3000];
                        new Random(seed).nextBytes(msg);
                        c.outputStream().write(msg);
                        c.shutdownOutput();
                        byte[] back = c.inputStream().readAllBytes();
                        assertArrayEquals(msg, back);
                        return crc(back);
                    }
                }));
            }
            try {
                for (Future<Long> f : clients) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                server.close(); // a failure must not leave the executor's close waiting for blocked threads
                acceptor.join(10_000);
                for (BlockingSocket s : accepted) {
                    s.close();
                }
            }
            assertEquals(null, serverFailure.get());
            assertEquals(0, notVirtual.get());
        }
    }

    @Test
    void directAndHeapBuffersAndEndOfStream() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK);
             BlockingSocket s = BlockingSocket.connect(ss.getLocalSocketAddress(), group);
             Socket peer = ss.accept()) {
            byte[] data = new byte[3 << 20];
            new Random(3).nextBytes(data);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    assertEquals(data.length, s.write(ByteBuffer.wrap(data))); // heap: staged in pieces, all sent
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertArrayEquals(data, peer.getInputStream().readNBytes(data.length));
            writer.join();
            peer.getOutputStream().write(new byte[] {1, 2, 3, 4});
            peer.shutdownOutput();
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            int n = 0;
            int k;
            while ((k = s.read(direct)) > 0) {
                n += k;
            }
            assertEquals(-1, k);
            assertEquals(4, n);
            assertEquals(0, s.read(ByteBuffer.allocate(0)));
            assertThrows(IllegalArgumentException.class, () -> s.read(ByteBuffer.allocate(1).asReadOnlyBuffer()));
        }
    }

    @Test
    void closeInterruptAndFaultsAreTheJdksExceptions() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK)) {
            // another thread closes: the blocked reader gets AsynchronousCloseException
            BlockingSocket s = BlockingSocket.connect(ss.getLocalSocketAddress(), group);
            Socket peer = ss.accept();
            AtomicReference<Throwable> got = new AtomicReference<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    s.read(ByteBuffer.allocate(8));
                } catch (Throwable t) {
                    got.set(t);
                }
            });
            Thread.sleep(100);
            s.close();
            reader.join(10_000);
            assertInstanceOf(AsynchronousCloseException.class, got.get());
            assertThrows(ClosedChannelException.class, () -> s.read(ByteBuffer.allocate(8)));
            assertThrows(ClosedChannelException.class, () -> s.write(ByteBuffer.allocate(8)));
            peer.close();

            // an interrupt closes the socket
            BlockingSocket t = BlockingSocket.connect(ss.getLocalSocketAddress(), group);
            Socket peer2 = ss.accept();
            AtomicReference<Throwable> got2 = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            Thread reader2 = Thread.ofVirtual().start(() -> {
                try {
                    t.read(ByteBuffer.allocate(8));
                } catch (Throwable e) {
                    got2.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            Thread.sleep(100);
            reader2.interrupt();
            reader2.join(10_000);
            assertInstanceOf(ClosedByInterruptException.class, got2.get());
            assertTrue(stillInterrupted.get());
            assertFalse(t.isOpen());
            peer2.close();

            // the peer resets
            BlockingSocket u = BlockingSocket.connect(ss.getLocalSocketAddress(), group);
            Socket peer3 = ss.accept();
            peer3.setSoLinger(true, 0);
            peer3.close();
            IOException reset = assertThrows(IOException.class, () -> u.read(ByteBuffer.allocate(8)));
            assertEquals("Connection reset by peer", reset.getMessage());
            u.close();
        }
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, LOOPBACK)) {
            port = gone.getLocalPort();
        }
        assertThrows(java.net.ConnectException.class, () -> BlockingSocket.connect(new InetSocketAddress(LOOPBACK, port), group));
    }

    @Test
    void aBlockedAcceptFailsWhenTheServerCloses() throws Exception {
        BlockingServerSocket server = BlockingServerSocket.listen(new InetSocketAddress(LOOPBACK, 0), 50, group);
        AtomicReference<Throwable> got = new AtomicReference<>();
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                server.accept();
            } catch (Throwable t) {
                got.set(t);
            }
        });
        Thread.sleep(100);
        server.close();
        acceptor.join(10_000);
        assertInstanceOf(AsynchronousCloseException.class, got.get());
        assertThrows(ClosedChannelException.class, server::accept);
    }

    @Test
    void streamsWorkFromPlatformThreadsToo() throws Exception {
        try (BlockingServerSocket server = BlockingServerSocket.listen(new InetSocketAddress(LOOPBACK, 0), 50, group)) {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (Socket peer = new Socket(LOOPBACK, port); BlockingSocket s = server.accept()) {
                OutputStream out = peer.getOutputStream();
                out.write("hello".getBytes());
                InputStream in = s.inputStream();
                assertArrayEquals("hello".getBytes(), in.readNBytes(5));
                s.outputStream().write("there".getBytes());
                assertArrayEquals("there".getBytes(), peer.getInputStream().readNBytes(5));
            }
        }
    }
}
