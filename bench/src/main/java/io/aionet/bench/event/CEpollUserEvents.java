package io.aionet.bench.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the C reference {@code bench/native/events_epoll.c} (epoll + eventfd, a lock-free queue) and
 * reads its output lines.
 */
final class CEpollUserEvents {
    private final Path program;

    CEpollUserEvents(Path program) {
        this.program = program;
    }

    /** One throughput run in a fresh process. */
    Throughput throughput(long events, int producers) throws IOException, InterruptedException {
        String line = run("throughput", "-t", Long.toString(events), "-p", Integer.toString(producers));
        return new Throughput(Long.parseLong(field(line, "events")), Long.parseLong(field(line, "ns")),
                Long.parseLong(field(line, "cpu_ns")));
    }

    /** One latency run: nanoseconds at p50, p99 and p99.9. */
    long[] latency(int samples) throws IOException, InterruptedException {
        String line = run("latency", "-l", Integer.toString(samples));
        return new long[] {Long.parseLong(field(line, "p50_ns")), Long.parseLong(field(line, "p99_ns")),
                Long.parseLong(field(line, "p999_ns"))};
    }

    private String run(String want, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("events_epoll did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("events_epoll exited with " + p.exitValue() + ": " + out.strip());
        }
        for (String line : out.split("\n")) {
            if (line.startsWith(want + " ")) {
                return line.strip();
            }
        }
        throw new IOException("events_epoll printed no " + want + " line: " + out.strip());
    }

    static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + name + "= in: " + line);
    }
}
