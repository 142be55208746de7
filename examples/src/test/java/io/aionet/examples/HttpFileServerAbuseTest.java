package io.aionet.examples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.aionet.examples.HttpClient.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Regression tests for what an attacker found (issue 18): slowloris, deep pipelines, a FIFO or a
 * symbolic link swapped into the tree, the connection cap, absolute-form targets, the default bind.
 */
@Timeout(120)
class HttpFileServerAbuseTest {
    private static final String SECRET = "TOP-SECRET-51b9";

    @TempDir
    static Path tmp;
    static Path site;
    /** A 64 KiB body: replies to thousands of pipelined requests for it cannot all sit in socket buffers. */
    static final String BIG = "0123456789abcdef".repeat(4096);

    @BeforeAll
    static void files() throws IOException {
        site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("a.txt"), "hello");
        Files.writeString(site.resolve("big.txt"), BIG);
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
        Files.createDirectories(site.resolve("sub/dir"));
        Files.writeString(site.resolve("sub/dir/x.css"), "p{}");
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
    }

    @AfterAll
    static void nothing() {
    }

    private static ServerConfig loopback() {
        return ServerConfig.of(0).withReceiveBuffers(64);
    }

    /** A client that sends a request head one byte at a time, {@code gapMillis} apart, until it is closed. */
    private static Thread trickle(int port, long gapMillis, AtomicInteger closedByServer, AtomicBoolean stop) {
        return Thread.ofPlatform().daemon().start(() -> trickleOnce(port, gapMillis, closedByServer, stop));
    }

    private static void trickleOnce(int port, long gapMillis, AtomicInteger closedByServer, AtomicBoolean stop) {
        {
            try (Socket s = connect(port)) {
                s.setSoTimeout((int) gapMillis);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                byte[] head = "GET /a.txt HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; !stop.get(); i++) {
                    out.write(i < head.length ? head[i] : 'a');
                    out.flush();
                    try {
                        if (in.read() < 0) {
                            closedByServer.incrementAndGet();
                            return;
                        }
                    } catch (SocketTimeoutException pause) {
                        // the gap between two bytes
                    }
                }
            } catch (IOException e) {
                closedByServer.incrementAndGet(); // refused or reset: also the server's doing
            }
        }
    }

    @Test
    void aTricklingHeadIsClosedAtTheHeadDeadline() throws Exception {
        try (HttpFileServer http = HttpFileServer.start(site, loopback(), Duration.ofSeconds(60), Duration.ofSeconds(1))) {
            AtomicInteger closed = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            long t0 = System.nanoTime();
            Thread t = trickle(http.port(), 100, closed, stop); // every byte used to restart the 60 s idle timer
            t.join(10_000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            stop.set(true);
            assertEquals(1, closed.get(), "the trickling client was closed");
            assertTrue(ms >= 900 && ms < 5_000, "closed after " + ms + " ms (head timeout 1 s)");
            assertEquals(1, http.headTimeouts());
            assertEquals("hello", get(http.port(), "/a.txt", "").text());
        }
    }

    @Test
    void slowClientsDoNotStarveOthers() throws Exception {
        // The finding: with room for 64 descriptors, 60 slow clients left 0 of 5 normal requests served.
        int cap = 16;
        try (HttpFileServer http = HttpFileServer.start(site, loopback().withMaxConnections(cap),
                Duration.ofSeconds(60), Duration.ofSeconds(30))) {
            AtomicInteger closed = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> slow = new ArrayList<>();
            for (int i = 0; i < 4 * cap; i++) {
                slow.add(trickle(http.port(), 200, closed, stop));
            }
            Thread.sleep(1_500); // the heads have trickled for over a second: they may be shed now
            try {
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    assertEquals("hello", get(http.port(), "/a.txt", "").text(), "normal request " + i);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertTrue(ms < 3_000, "request " + i + " took " + ms + " ms");
                }
            } finally {
                stop.set(true);
            }
            // the first normal client found the cap full of trickling heads and one was shed for it; the
            // others took the slot it left
            assertTrue(http.shed() >= 1, "a trickling head was shed for the normal clients: " + http.shed());
            // every connection past the cap either made room (a connection that had sent nothing yet is idle
            // too) or was refused: the server never held more than the cap
            assertTrue(http.shed() + http.refused() >= 3 * cap, "shed " + http.shed() + ", refused " + http.refused());
            for (Thread t : slow) {
                t.join(5_000);
            }
        }
    }

    @Test
    void atTheCapTheOldestIdleConnectionIsShedThenNewOnesAreRefused() throws Exception {
        try (HttpFileServer http = HttpFileServer.start(site, loopback().withMaxConnections(3))) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = connect(http.port());
                    idle.add(s);
                    write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertEquals("hello", read(s.getInputStream(), false).text());
                    Thread.sleep(20); // distinct ages
                }
                // a fourth connection: the oldest idle one (the first) makes room
                try (Socket s = connect(http.port())) {
                    write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertEquals("hello", read(s.getInputStream(), false).text());
                    assertEquals(-1, idle.get(0).getInputStream().read(), "the oldest idle connection was shed");
                    write(idle.get(2), "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertEquals("hello", read(idle.get(2).getInputStream(), false).text(), "the youngest stays");
                    assertEquals(1, http.shed());
                    // now all three are busy with a fresh head: nothing to spare, the newcomer is refused
                    write(idle.get(1), "GET /a.txt HTTP/1.1\r\n");
                    write(idle.get(2), "GET /a.txt HTTP/1.1\r\n");
                    write(s, "GET /a.txt HTTP/1.1\r\n");
                    Thread.sleep(100);
                    try (Socket refused = connect(http.port())) {
                        write(refused, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                        int r;
                        try {
                            r = refused.getInputStream().read();
                        } catch (IOException reset) {
                            r = -1;
                        }
                        assertEquals(-1, r, "refused at the cap");
                    }
                    assertEquals(1, http.refused());
                    write(idle.get(1), "Host: x\r\n\r\n");
                    assertEquals("hello", read(idle.get(1).getInputStream(), false).text(), "busy ones are kept");
                }
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void pipeliningPast32kBPausesReadingAndLosesNothing() throws Exception {
        try (HttpFileServer http = HttpFileServer.start(site, loopback())) {
            // the finding: 1,000 pipelined requests (37 kB) gave 32 answers, then a close
            int n = 1000;
            String one = "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n";
            try (Socket s = connect(http.port())) {
                write(s, one.repeat(n));
                for (int i = 0; i < n; i++) {
                    assertEquals("hello", read(s.getInputStream(), false).text(), "response " + i);
                }
                write(s, "GET /sub/dir/x.css HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("p{}", read(s.getInputStream(), false).text(), "the connection goes on");
            }
            // far more than the kernel's buffers hold, and the client does not read for a while: the
            // replies (64 KiB each) back up, the server stops reading, the writer is held back by TCP;
            // then every request is answered
            int many = 4_000;
            String padded = "GET /big.txt HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(4000) + "\r\n\r\n"; // 16 MB in all
            try (Socket s = connect(http.port())) {
                AtomicBoolean written = new AtomicBoolean();
                Thread writer = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
                        for (int i = 0; i < many; i++) {
                            out.write(b);
                        }
                        out.flush();
                        written.set(true);
                    } catch (IOException e) {
                        // the assertions below fail
                    }
                });
                Thread.sleep(500);
                assertFalse(written.get(), "the server paused reading, so the client could not write everything");
                InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                for (int i = 0; i < many; i++) {
                    assertEquals(BIG, read(in, false).text(), "response " + i);
                }
                writer.join(10_000);
                assertTrue(written.get());
            }
            assertEquals(0, http.refused());
        }
    }

    @Test
    void fifosAndSwappedLinksAreNeverServed() throws Exception {
        Path fifo = site.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        try (HttpFileServer http = HttpFileServer.start(site, loopback())) {
            long t0 = System.nanoTime();
            assertEquals(403, get(http.port(), "/fifo", "").status(), "a FIFO is refused, not opened for reading");
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000, "and the loop did not hang on it");
            assertEquals("hello", get(http.port(), "/a.txt", "").text());

            // someone who can write to the root swaps a link out (or a FIFO) in for a moment, again and again
            Path plain = tmp.resolve("plain.txt");
            Files.writeString(plain, "plain");
            Path target = site.resolve("swap");
            Path linkOut = site.resolve(".link-out");
            Path fifo2 = site.resolve(".fifo2");
            assertEquals(0, new ProcessBuilder("mkfifo", fifo2.toString()).start().waitFor());
            AtomicBoolean stop = new AtomicBoolean();
            Thread swapper = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        Path staged = site.resolve(".staged");
                        switch (i % 3) {
                            case 0 -> Files.copy(plain, staged, StandardCopyOption.REPLACE_EXISTING);
                            case 1 -> {
                                Files.deleteIfExists(staged);
                                Files.createSymbolicLink(staged, Path.of("../secret.txt"));
                            }
                            default -> {
                                Files.deleteIfExists(staged);
                                Files.createLink(staged, fifo2); // the FIFO under the served name
                            }
                        }
                        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int served = 0;
            try {
                for (int i = 0; i < 600; i++) {
                    HttpClient.Response r = get(http.port(), "/swap", "");
                    assertFalse(r.text().contains(SECRET), "request " + i + " leaked the file outside the root");
                    assertTrue(r.status() == 200 || r.status() == 403 || r.status() == 404, "status " + r.status());
                    if (r.status() == 200) {
                        assertEquals("plain", r.text());
                        served++;
                    }
                }
            } finally {
                stop.set(true);
                swapper.join(5_000);
            }
            assertTrue(served > 0, "the regular file was served when it was there");
            assertFalse(Files.exists(linkOut));
        }
    }

    @Test
    void absoluteFormTargetsAreAccepted() throws Exception {
        try (HttpFileServer http = HttpFileServer.start(site, loopback())) {
            int p = http.port();
            assertEquals("hello", get(p, "http://x/a.txt", "").text());
            assertEquals("hello", get(p, "HTTP://example.com:8080/a.txt?q=1", "").text());
            assertEquals("p{}", get(p, "https://x/sub/dir/x.css", "").text());
            assertEquals("<h1>home</h1>", get(p, "http://x", "").text(), "no path: the root");
            assertEquals("<h1>home</h1>", get(p, "http://x?y", "").text());
            assertEquals(403, get(p, "http://x/../secret.txt", "").status());
            assertEquals(403, get(p, "http://x//etc/passwd", "").status());
        }
    }

    @Test
    void serversListenOnLoopbackUnlessWidened() throws Exception {
        assertTrue(ServerConfig.of(0).address().getAddress().isLoopbackAddress(), "the default is loopback");
        InetAddress other = null;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address && ni.isUp()) {
                    other = a;
                }
            }
        }
        assumeTrue(other != null, "this machine has no non-loopback IPv4 address to try");
        try (EchoServer echo = EchoServer.start(ServerConfig.of(0));
             HttpFileServer http = HttpFileServer.start(site, ServerConfig.of(0))) {
            for (int port : new int[] {echo.port(), http.port()}) {
                InetAddress o = other;
                assertThrows(IOException.class, () -> new Socket(o, port).close(),
                        "not reachable on " + other + " by default");
                new Socket(InetAddress.getLoopbackAddress(), port).close();
            }
        }
        try (EchoServer wide = EchoServer.start(ServerConfig.of(0).withAddress(new InetSocketAddress(0)))) {
            new Socket(other, wide.port()).close(); // widened on purpose
        }
    }
}
