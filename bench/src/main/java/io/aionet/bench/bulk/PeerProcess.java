package io.aionet.bench.bulk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C peer {@code bench/native/bulk_peer.c} as a child process: the sendfile sender of the
 * {@code bulk} benchmark, the discarding receiver of {@code sendfile}, and the C epoll receive
 * reference. Lines it prints are read one at a time; errors go to the harness's error output.
 */
public final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    private PeerProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code program} with {@code args}. */
    public static PeerProcess start(Path program, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    /** Starts {@code command} (program and arguments). */
    public static PeerProcess start(List<String> command) throws IOException {
        return new PeerProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The next line starting with {@code prefix} (others are skipped); fails when the peer ends first. */
    public String line(String prefix) throws IOException {
        String l;
        while ((l = out.readLine()) != null) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new IOException("bulk_peer ended (exit " + exitValueOrRunning() + ") before printing " + prefix);
    }

    /** Writes {@code line} and a newline to the peer's standard input. */
    public void say(String line) throws IOException {
        var in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The peer's process id (for {@code /proc/PID}). */
    public long pid() {
        return process.pid();
    }

    /** Reads the {@code port N} line. */
    public int port() throws IOException {
        return Integer.parseInt(line("port ").substring(5).strip());
    }

    /** The number after {@code prefix} on the next line starting with it (e.g. {@code sent }). */
    public long number(String prefix) throws IOException {
        return Long.parseLong(line(prefix).substring(prefix.length()).strip());
    }

    /** Waits up to {@code seconds} for the peer to exit successfully. */
    public void await(int seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("bulk_peer did not finish in " + seconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("bulk_peer exited with " + process.exitValue());
        }
    }

    private String exitValueOrRunning() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
