package io.aionet.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One server of a macro benchmark ({@code echo}, {@code serve}) running as its own process, so that its
 * CPU time can be read from {@code /proc/PID} over a measured window. A Java server of the harness
 * prints {@code port N} and {@code setup ...} when it listens ({@link #start}); a foreign server
 * (nginx) is started on a port chosen for it and is ready once that port accepts ({@link #startOnPort}).
 * Its error output goes to a log file.
 */
public final class ServerProcess implements AutoCloseable {
    private final String impl;
    private final Process process;
    private final Path log;
    private final int port;
    private final String setup;

    private ServerProcess(String impl, Process process, Path log, int port, String setup) {
        this.impl = impl;
        this.process = process;
        this.log = log;
        this.port = port;
        this.setup = setup;
    }

    /**
     * Starts {@code command} and waits (up to 30 s) for its {@code port} line.
     *
     * @throws IOException when it does not start or exits first (with the tail of its log)
     */
    public static ServerProcess start(String impl, List<String> command, Path log) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String[]> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            String port = null;
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("port ")) {
                        port = line.substring(5).strip();
                    } else if (line.startsWith("setup ") && port != null) {
                        ready.complete(new String[] {port, line.substring(6).strip()});
                    }
                }
                ready.completeExceptionally(new IOException("exited before it listened"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        try {
            String[] r = ready.get(30, TimeUnit.SECONDS);
            return new ServerProcess(impl, p, log, Integer.parseInt(r[0]), r[1]);
        } catch (java.util.concurrent.ExecutionException | TimeoutException | NumberFormatException e) {
            p.destroyForcibly();
            throw new IOException(impl + " server did not start (" + e.getMessage() + "): " + tail(log), e);
        }
    }

    /**
     * Starts {@code command}, a server that listens on 127.0.0.1:{@code port}, and waits (up to 30 s)
     * until the port accepts a connection.
     *
     * @throws IOException when it does not start or exits first (with the tail of its log)
     */
    public static ServerProcess startOnPort(String impl, List<String> command, Path log, int port, String setup)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return new ServerProcess(impl, p, log, port, setup);
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    p.destroyForcibly();
                    throw new IOException(impl + " server did not start: " + tail(log));
                }
                Thread.sleep(20);
            }
        }
    }

    /** A port that was free a moment ago (for servers that must be told their port). */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Its process id (for its CPU time). */
    public long pid() {
        return process.pid();
    }

    /** How it is configured, as it said. */
    public String setup() {
        return setup;
    }

    /** @throws IOException when the server has exited (with the tail of its log) */
    public void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(impl + " server exited with " + process.exitValue() + ": " + tail(log));
        }
    }

    /** The last lines of its log. */
    public String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Ends the process (TERM, then KILL after 5 s). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
