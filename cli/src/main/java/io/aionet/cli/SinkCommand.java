package io.aionet.cli;

import io.aionet.examples.SinkServer;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code aionet sink --port P [--threads N] [--seconds S]}: the discard server of {@link SinkServer}.
 * When each connection ends it prints the bytes received, bytes/s and the process's CPU seconds per
 * GiB over the connection's life (with several connections at once, each one's CPU figure includes the
 * others' work).
 */
final class SinkCommand {
    private SinkCommand() {}

    static final String USAGE = "usage: aionet sink " + ServerCommandSupport.COMMON_OPTIONS;

    static int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    /** {@link #run(String[])} printing to {@code out}. */
    static int run(String[] args, java.io.PrintStream out) throws Exception {
        ServerCommandSupport o = new ServerCommandSupport();
        for (int i = 0; i < args.length; i++) {
            int j = o.take(args, i);
            if (j >= 0) {
                i = j;
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println(USAGE);
                return 0;
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        try (SinkServer sink = SinkServer.start(o.config(USAGE), r -> print(out, r))) {
            out.println("sink: listening on port " + sink.port() + " with " + o.threads + " thread(s)");
            out.flush();
            o.awaitStop();
            sink.close();
            out.println("sink: " + sink.connections() + " connections, " + sink.bytes() + " bytes");
            return sink.failure() == null ? 0 : 1;
        }
    }

    /** One line per ended connection. */
    static void print(PrintStream out, SinkServer.Report r) {
        String line = String.format(Locale.ROOT,
                "sink: %s: %d bytes in %.3f s, %.1f MB/s, %.3f CPU s/GiB%s",
                r.peer() == null ? "?" : r.peer(), r.bytes(), r.nanos() / 1e9, r.bytesPerSecond() / 1e6,
                r.cpuSecondsPerGiB(), r.error() == 0 ? "" : " (ended by " + io.aionet.Errno.name(r.error()) + ")");
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
