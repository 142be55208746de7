package io.aionet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * aionet where io_uring is refused: {@code echo}, {@code serve} and {@code demo --check} run in a child
 * JVM under a seccomp filter that fails {@code io_uring_setup} with {@code EPERM}, as Docker's default
 * profile does ({@link DenyIoUring}). Each must fall back to epoll, say so with the reason, and move
 * every byte exactly: the echo returns what was sent, the server sends the file's bytes, the demo's
 * experiments check their streams.
 */
@Timeout(300)
class SeccompEpollTest {
    @TempDir
    Path dir;

    /** A child under the filter, its output collected line by line as it comes. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final StringBuffer output = new StringBuffer();
        private final CountDownLatch started = new CountDownLatch(1);
        private final Thread reader;

        Child(Path cwd, String startedWhen, String... args) throws Exception {
            process = new ProcessBuilder(DenyIoUring.denied(1, DenyIoUring.java(args)))
                    .directory(cwd.toFile()).redirectErrorStream(true).start();
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        output.append(line).append('\n');
                        if (startedWhen != null && line.contains(startedWhen)) {
                            started.countDown();
                        }
                    }
                } catch (java.io.IOException e) {
                    output.append("(reading the child failed: ").append(e).append(")\n");
                }
                started.countDown(); // the child ended: nobody waits in vain
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until the child printed its start line; the test is skipped when the filter could not be installed. */
        void awaitStart() throws Exception {
            assertTrue(started.await(120, TimeUnit.SECONDS), "the child started: " + output);
            DenyIoUring.assumeFiltered(output.toString());
            assertTrue(process.isAlive(), "the child runs: " + output);
        }

        /** SIGTERM (the server commands stop and report on it), then the exit status. */
        int stop() throws Exception {
            process.toHandle().destroy(); // not Process.destroy(), which also closes the output being read
            return exit();
        }

        int exit() throws Exception {
            assertTrue(process.waitFor(240, TimeUnit.SECONDS), "the child ended: " + output);
            reader.join(10_000);
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    private static void assertEpollWithReason(String command, String output) {
        assertTrue(output.contains(command + ": backend: epoll (") && output.contains("EPERM"),
                command + " must say it runs on epoll because io_uring_setup was refused: " + output);
    }

    @Test
    void echoReturnsExactlyWhatWasSentOnEpoll() throws Exception {
        int port = freePort();
        try (Child echo = new Child(dir, "echo: backend: ", "io.aionet.cli.Main", "echo", "--port", String.valueOf(port),
                "--threads", "2", "--seconds", "200")) {
            echo.awaitStart();
            assertEpollWithReason("echo", echo.output.toString());
            int connections = 4;
            int size = 1 << 20;
            List<CompletableFuture<byte[]>> echoed = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            List<Socket> sockets = new ArrayList<>();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            // a thread for every writer and reader: they block on each other through the echo
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
            try {
                for (int c = 0; c < connections; c++) {
                    byte[] data = new byte[size];
                    new Random(c).nextBytes(data);
                    sent.add(data);
                    Socket s = connect(port);
                    sockets.add(s);
                    writers.add(CompletableFuture.runAsync(() -> {
                        try {
                            OutputStream o = s.getOutputStream();
                            for (int at = 0; at < size; ) { // pieces of varying size, as a real client writes
                                int n = (int) Math.min(size - at, 1 + (at * 7919L) % 65_000);
                                o.write(data, at, n);
                                at += n;
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, threads));
                    echoed.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return s.getInputStream().readNBytes(size);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, threads));
                }
                for (int c = 0; c < connections; c++) {
                    writers.get(c).get(120, TimeUnit.SECONDS); // the writer's own failure, if any, first
                    assertArrayEquals(sent.get(c), echoed.get(c).get(120, TimeUnit.SECONDS), "connection " + c + " echoed exactly");
                }
                // and nothing more than was sent
                Socket first = sockets.get(0);
                first.shutdownOutput();
                assertEquals(-1, first.getInputStream().read(), "the echo ends the stream after the last byte");
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
                threads.shutdownNow();
            }
            assertEquals(0, echo.stop(), echo.output.toString());
            assertTrue(echo.output.toString().contains("echo: " + connections + " connections, "), echo.output.toString());
            assertTrue(echo.output.toString().contains(", " + (long) connections * size + " bytes"), echo.output.toString());
        }
    }

    private static byte[] body(byte[] response) {
        for (int i = 0; i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                return Arrays.copyOfRange(response, i + 4, response.length);
            }
        }
        throw new AssertionError("no end of head in: " + new String(response, StandardCharsets.ISO_8859_1));
    }

    private static byte[] get(int port, String path, String extraHeaders) throws Exception {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return in.readAllBytes();
        }
    }

    @Test
    void serveSendsTheFilesExactBytesOnEpoll() throws Exception {
        Path root = Files.createDirectory(dir.resolve("www"));
        byte[] big = new byte[(5 << 20) + 123]; // several sendfile(2) rounds, and an odd tail
        new Random(42).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("index.html"), "<p>epoll</p>");
        int port = freePort();
        try (Child serve = new Child(dir, "serve: backend: ", "io.aionet.cli.Main", "serve", root.toString(),
                "--port", String.valueOf(port), "--seconds", "200")) {
            serve.awaitStart();
            assertEpollWithReason("serve", serve.output.toString());
            byte[] whole = get(port, "/big.bin", "");
            assertTrue(new String(whole, 0, 17, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 OK"),
                    new String(whole, 0, Math.min(200, whole.length), StandardCharsets.ISO_8859_1));
            assertArrayEquals(big, body(whole), "the body is the file, byte for byte");
            byte[] range = get(port, "/big.bin", "Range: bytes=1000000-3000000\r\n");
            assertTrue(new String(range, 0, 15, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 206"),
                    new String(range, 0, Math.min(200, range.length), StandardCharsets.ISO_8859_1));
            assertArrayEquals(Arrays.copyOfRange(big, 1_000_000, 3_000_001), body(range), "the range, byte for byte");
            assertArrayEquals("<p>epoll</p>".getBytes(StandardCharsets.US_ASCII), body(get(port, "/", "")));
            assertEquals(0, serve.stop(), serve.output.toString());
            assertTrue(serve.output.toString().contains("serve: 3 connections, 3 responses"), serve.output.toString());
        }
    }

    @Test
    void demoCheckRunsEveryExperimentOnEpoll() throws Exception {
        try (Child demo = new Child(dir, "== aionet demo", "io.aionet.cli.Main", "demo", "--check")) {
            demo.awaitStart();
            int status = demo.exit();
            String out = demo.output.toString();
            assertEquals(0, status, out);
            String probe = out.lines().filter(l -> l.startsWith("backend: ")).findFirst().orElse("");
            assertTrue(probe.startsWith("backend: epoll (") && probe.contains("EPERM"), "the probe names epoll and why: " + out);
            assertTrue(out.contains("verified: every run received exactly the bytes sent"), out);
            assertTrue(out.contains("verified: every receiver got exactly the bytes sent"), out);
            assertTrue(out.contains("io_uring is not available"), "the io_uring-only NOP benchmark says why it skipped: " + out);
        }
    }
}
