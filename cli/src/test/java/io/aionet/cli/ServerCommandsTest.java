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

    @Test
    void badOptionsAreUsageErrors() {
        assertThrows(IllegalArgumentException.class, () -> EchoCommand.run(new String[] {}), "--port is required");
        assertThrows(IllegalArgumentException.class, () -> EchoCommand.run(new String[] {"--port", "70000"}));
        assertThrows(IllegalArgumentException.class, () -> EchoCommand.run(new String[] {"--port", "1", "--threads", "0"}));
        assertThrows(IllegalArgumentException.class, () -> EchoCommand.run(new String[] {"--port"}));
        assertThrows(IllegalArgumentException.class, () -> SinkCommand.run(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.run(new String[] {"--port", "1"}), "DIR is required");
        assertThrows(IllegalArgumentException.class,
                () -> ServeCommand.run(new String[] {dir.resolve("nope").toString(), "--port", "0", "--seconds", "1"}));
        assertThrows(IllegalArgumentException.class,
                () -> ServeCommand.run(new String[] {"a", "b", "--port", "0"}));
    }

    @Test
    void echoRunsAndReportsOnExit() throws Exception {
        int port = freePort();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        FutureTask<Integer> run = background(() -> EchoCommand.run(
                new String[] {"--port", String.valueOf(port), "--bind", "127.0.0.1", "--threads", "2", "--seconds", "1.5"}, out));
        try (Socket s = connectWhenUp(port)) {
            s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping", new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
        }
        assertEquals(0, run.get());
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("listening on port " + port + " with 2 thread(s)"), printed);
        assertTrue(printed.contains("echo: 1 connections, 1 messages, 4 bytes"), printed);
    }

    @Test
    void sinkPrintsEachConnection() throws Exception {
        int port = freePort();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        FutureTask<Integer> run = background(() -> SinkCommand.run(
                new String[] {"--port", String.valueOf(port), "--bind", "127.0.0.1", "--seconds", "1.5"}, out));
        try (Socket s = connectWhenUp(port)) {
            s.getOutputStream().write(new byte[123_456]);
        }
        assertEquals(0, run.get());
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
        FutureTask<Integer> run = background(() -> ServeCommand.run(
                new String[] {dir.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--seconds", "1.5"}, out));
        try (Socket s = connectWhenUp(port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.endsWith("\r\n\r\n<p>ok</p>"), response);
        }
        assertEquals(0, run.get());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("serve: 1 connections, 1 responses"), bytes.toString());
    }
}
