package io.aionet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

import static org.junit.jupiter.api.Assertions.*;

/** The echo, serve and sink commands: usage errors, and a short run of each against a real client. */
@Timeout(60)
class ServerCommandsTest {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs a command for its --seconds in a thread; returns it and the stream it prints to. */
    private static FutureTask<Integer> background(Callable<Integer> command) {
        FutureTask<Integer> t = new FutureTask<>(command);
        Thread th = new Thread(t, "command");
        th.setDaemon(true);
        th.start();
        return t;
    }

    private static Socket connectWhenUp(int port) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(10_000);
                return s;
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Runs {@code args} as the {@code aionet} command line; returns the status and fills {@code err}. */
    static int aionet(PrintStream out, StringBuilder err, String... args) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = Main.execute(out, new PrintStream(e, true, StandardCharsets.UTF_8), args);
        err.append(e.toString(StandardCharsets.UTF_8));
        return status;
    }

    /** {@code args} must be refused as a usage error (status 2) whose message contains {@code says}. */
    static void refused(String says, String... args) {
        StringBuilder err = new StringBuilder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, aionet(new PrintStream(out, true, StandardCharsets.UTF_8), err, args), err.toString());
        assertTrue(err.toString().contains(says), "expected '" + says + "' in: " + err);
    }

    @Test
    void badOptionsAreUsageErrors() {
        refused("Missing required option: '--port=P'", "echo");
        refused("port must be 0..65535: 70000", "echo", "--port", "70000");
        refused("port must be a number (got 'abc')", "echo", "--port", "abc");
        refused("port must be a number (got 'abc')", "serve", ".", "--port=abc");
        refused("threads must be 1..256: 0", "echo", "--port", "1", "--threads", "0");
        refused("seconds must be a number", "sink", "--port", "1", "--seconds", "soon");
        refused("Missing required parameter for option '--port'", "echo", "--port");
        refused("Unknown option: '--bogus'", "sink", "--port", "1", "--bogus");
        refused("Missing required parameter: 'DIR'", "serve", "--port", "1");
        refused("not a directory", "serve", dir.resolve("nope").toString(), "--port", "0", "--seconds", "1");
        refused("Unmatched argument", "serve", "a", "b", "--port", "0");
        refused("max-connections must be 1..1000000: 0", "echo", "--port", "1", "--max-connections", "0");
        refused("head-timeout must be in (0, 31536000] seconds: 0.0", "serve", dir.toString(), "--port", "0",
                "--head-timeout", "0");
        refused("idle-timeout must be a number", "serve", dir.toString(), "--port", "0", "--idle-timeout", "soon");
    }

    @Test
    void echoRunsAndReportsOnExit() throws Exception {
        int port = freePort();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StringBuilder err = new StringBuilder();
        FutureTask<Integer> run = background(() -> aionet(out, err,
                "echo", "--port", String.valueOf(port), "--bind=127.0.0.1", "--threads", "2", "--seconds=1.5"));
        try (Socket s = connectWhenUp(port)) {
            s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping", new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
        }
        assertEquals(0, run.get(), err::toString);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("listening on port " + port + " with 2 thread(s)"), printed);
        assertTrue(printed.contains("echo: 1 connections, 1 messages, 4 bytes"), printed);
    }

    @Test
    void sinkPrintsEachConnection() throws Exception {
        int port = freePort();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StringBuilder err = new StringBuilder();
        FutureTask<Integer> run = background(() -> aionet(out, err,
                "sink", "--port=" + port, "--bind", "127.0.0.1", "--seconds", "1.5"));
        try (Socket s = connectWhenUp(port)) {
            s.getOutputStream().write(new byte[123_456]);
        }
        assertEquals(0, run.get(), err::toString);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*sink: /127\\.0\\.0\\.1:\\d+: 123456 bytes in [0-9.]+ s, [0-9.]+ MB/s, [0-9.]+ CPU s/GiB.*"),
                printed);
        assertTrue(printed.contains("sink: 1 connections, 123456 bytes"), printed);
    }

    @Test
    void serveAnswersHttp() throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>ok</p>");
        int port = freePort();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StringBuilder err = new StringBuilder();
        FutureTask<Integer> run = background(() -> aionet(out, err,
                "serve", dir.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--seconds", "1.5"));
        try (Socket s = connectWhenUp(port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.endsWith("\r\n\r\n<p>ok</p>"), response);
        }
        assertEquals(0, run.get(), err::toString);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("serve: 1 connections, 1 responses"), bytes.toString());
    }
}
