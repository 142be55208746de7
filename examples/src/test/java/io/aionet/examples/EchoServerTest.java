package io.aionet.examples;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The echo server with many concurrent connections, each checking every byte it gets back. */
class EchoServerTest {
    private static ServerConfig loopback(int threads, int receiveBuffers) {
        return ServerConfig.of(0).withAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withThreads(threads).withReceiveBuffers(receiveBuffers);
    }

    /** Message {@code m} of connection {@code c}: 64 … 575 bytes whose content depends on both. */
    private static byte[] message(int c, int m) {
        int len = 64 + (c * 31 + m * 17) % 512;
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (c * 7 + m * 13 + i);
        }
        return b;
    }

    /**
     * Opens {@code connections} client sockets (all open at once: each waits for the others before
     * sending), sends {@code messages} messages on each and checks each echo; returns the bytes sent.
     */
    private static long run(InetSocketAddress to, int connections, int messages) throws Exception {
        CountDownLatch connected = new CountDownLatch(connections);
        CountDownLatch finished = new CountDownLatch(connections);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong sent = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int id = c;
            threads.add(Thread.ofVirtual().start(() -> {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(20_000);
                    s.connect(to, 20_000);
                    connected.countDown();
                    if (!connected.await(30, TimeUnit.SECONDS)) {
                        failures.add(id + ": not all connections opened");
                        return;
                    }
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    for (int m = 0; m < messages; m++) {
                        byte[] msg = message(id, m);
                        out.write(msg);
                        byte[] back = in.readNBytes(msg.length);
                        if (!Arrays.equals(msg, back)) {
                            failures.add(id + ": message " + m + " came back different (" + back.length + " bytes)");
                            return;
                        }
                        sent.addAndGet(msg.length);
                    }
                    finished.countDown();
                    finished.await(30, TimeUnit.SECONDS); // every connection stays open until all are done
                } catch (Exception e) {
                    connected.countDown();
                    failures.add(id + ": " + e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " connections failed, e.g. " + failures.peek());
        return sent.get();
    }

    @Test
    @Timeout(90)
    void thousandConcurrentConnections() throws Exception {
        long limit = FdLimit.raiseTo(4096);
        Assumptions.assumeTrue(limit >= 2200, "needs ~2100 descriptors (client and server in one JVM); limit " + limit);
        int connections = 1000;
        int messages = 8;
        try (EchoServer echo = EchoServer.start(loopback(2, 512))) {
            long sent = run(echo.localAddress(), connections, messages);
            long want = 0;
            for (int c = 0; c < connections; c++) {
                for (int m = 0; m < messages; m++) {
                    want += message(c, m).length;
                }
            }
            assertEquals(want, sent, "every message of every connection came back");
            assertEquals(connections, echo.connections(), "connections accepted over both threads");
            assertEquals(want, echo.bytes(), "the server echoed exactly the bytes sent");
            assertTrue(echo.messages() >= (long) connections * messages, "at least one piece per message");
            assertNull(echo.failure());
        }
    }

    @Test
    @Timeout(60)
    void aTinyReceivePoolRunsDryAndRecovers() throws Exception {
        // 4 buffers for 64 connections: receives end with ENOBUFS and are re-armed as echoes complete
        try (EchoServer echo = EchoServer.start(loopback(1, 4))) {
            long sent = run(echo.localAddress(), 64, 20);
            assertEquals(sent, echo.bytes());
            assertEquals(64, echo.connections());
        }
    }

    @Test
    void twoThreadsShareThePortAndCloseCleanly() throws Exception {
        EchoServer echo = EchoServer.start(loopback(2, 16));
        int port = echo.port();
        assertTrue(port > 0);
        run(echo.localAddress(), 16, 2);
        echo.close();
        echo.close(); // twice is harmless
        assertThrows(java.net.ConnectException.class, () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getInputStream().read();
            }
        }, "nobody listens after close");
    }

    @Test
    @Timeout(60)
    void aPeerThatDoesNotReadIsCutOffAndOthersGoOn() throws Exception {
        try (EchoServer echo = EchoServer.start(loopback(1, 32))) {
            Socket hog = new Socket(echo.localAddress().getAddress(), echo.port());
            hog.setReceiveBufferSize(4096);
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int i = 0; i < 1024; i++) { // up to 64 MiB, never reading the echoes
                        hog.getOutputStream().write(chunk);
                    }
                } catch (IOException expected) {
                    // the server cut the connection
                }
            });
            writer.join(30_000);
            assertFalse(writer.isAlive(), "the server closed the connection of the peer that never reads");
            long sent = run(echo.localAddress(), 8, 10);
            assertTrue(sent > 0);
            hog.close();
        }
    }

    /**
     * The soak's finding: a client that half-closes ({@code shutdownOutput}) right after its last write
     * lost the echoes still in flight — the server closed at the end of stream and so cancelled them
     * (56 of 110 half-closing connections of a 500-connection soak).
     */
    @Test
    @Timeout(60)
    void aHalfClosingPeerGetsEveryEchoThenTheEnd() throws Exception {
        byte[] data = new byte[1 << 20];
        new java.util.Random(18).nextBytes(data);
        try (EchoServer echo = EchoServer.start(loopback(1, 4096))) {
            for (int c = 0; c < 20; c++) {
                try (Socket s = new Socket()) {
                    s.setSoTimeout(20_000);
                    s.connect(echo.localAddress(), 20_000);
                    Thread writer = Thread.ofVirtual().start(() -> {
                        try {
                            s.getOutputStream().write(data);
                            s.shutdownOutput(); // at once: the last pieces are still being echoed
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    byte[] got = s.getInputStream().readAllBytes(); // up to the server's end of stream
                    writer.join();
                    assertEquals(data.length, got.length, "connection " + c + ": every byte echoed before the end");
                    assertArrayEquals(data, got, "connection " + c);
                }
            }
            assertNull(echo.failure());
        }
    }

    @Test
    void aTakenPortFailsTheStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConfig c = loopback(2, 16).withAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    taken.getLocalPort()));
            Exception e = assertThrows(Exception.class, () -> EchoServer.start(c));
            assertTrue(String.valueOf(e.getMessage()).contains("EADDRINUSE"), e.toString());
        }
    }

    @Test
    void badConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.of(70000));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.of(0).withThreads(0));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.of(0).withReceiveBuffers(0));
    }
}
