package io.aionet.cli;

import io.aionet.examples.ServerConfig;
import io.aionet.examples.SinkServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code aionet sink --port P [--threads N] [--seconds S]}: the discard server of {@link SinkServer}.
 * When each connection ends it prints the bytes received, bytes/s and the process's CPU seconds per
 * GiB over the connection's life (with several connections at once, each one's CPU figure includes the
 * others' work).
 */
@Command(name = "sink", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Accepts connections and discards their data; prints bytes, MB/s and CPU s/GiB per connection.")
final class SinkCommand implements Callable<Integer> {
    @Mixin
    ServerCommandSupport server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(Main.root(spec).out);
    }

    int run(PrintStream out) throws Exception {
        // bulk traffic: fewer, larger buffers the kernel fills incrementally (IOU_PBUF_RING_INC)
        ServerConfig bulk = server.config().withReceiveBuffers(256).withBufferSize(16 * 1024).withIncrementalReceive(true);
        try (SinkServer sink = SinkServer.start(bulk, r -> print(out, r))) {
            out.println("sink: listening on port " + sink.port() + " with " + server.threads + " thread(s)");
            out.println("sink: " + io.aionet.event.EventChannel.backendSelection());
            out.flush();
            server.awaitStop();
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
