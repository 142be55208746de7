package io.aionet.cli;

import io.aionet.cli.SoakTally.Fault;
import io.aionet.cli.SoakTally.PerServer;
import io.aionet.cli.SoakTally.Server;
import io.aionet.internal.ResourceSnapshot;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A soak run's figures and verdict, printed as tables: the traffic per server, the errors by kind
 * (each one fails the run), and the resources at four moments — before the servers started, with
 * them up, after the connections (with the servers still up: what a connection leaks) and after the
 * servers closed (what a server leaks) — then the resident set size over the run.
 */
final class SoakReport {
    final long seed;
    final int concurrency;
    final int threads;
    String backend = "?";
    /** The machine's load averages (1, 5, 15 min) when the connections started and when they ended. */
    String loadAtStart = "?";
    String loadAtEnd = "?";
    long nanos;
    SoakTally tally;
    ResourceSnapshot baseline;
    ResourceSnapshot up;
    ResourceSnapshot afterConnections;
    ResourceSnapshot closed;
    long directBaseline;
    long directUp;
    long directAfterConnections;
    long directClosed;
    List<SoakResources.Sample> rss = List.of();
    /** The resident set after a full collection half-way through the run, and at its end. */
    SoakResources.Resident half;
    SoakResources.Resident end;
    private long echoConnections;
    private long echoBytes;
    private Throwable echoFailure;
    private long serveConnections;
    private long serveResponses;
    private long headTimeouts;
    private long shed;
    private long refused;
    private Throwable serveFailure;

    SoakReport(long seed, int concurrency, int threads) {
        this.seed = seed;
        this.concurrency = concurrency;
        this.threads = threads;
    }

    void echo(long connections, long bytes, Throwable failure) {
        echoConnections = connections;
        echoBytes = bytes;
        echoFailure = failure;
    }

    void serve(long connections, long responses, long headTimeouts, long shed, long refused, Throwable failure) {
        serveConnections = connections;
        serveResponses = responses;
        this.headTimeouts = headTimeouts;
        this.shed = shed;
        this.refused = refused;
        serveFailure = failure;
    }

    /** Pipe descriptors the servers may keep after their file sends: {@code serve}'s channels' caches. */
    int pipesAllowed() {
        return SoakResources.PIPE_DESCRIPTORS_KEPT_PER_CHANNEL * threads;
    }

    private static String gib(long bytes) {
        return String.format("%.3f", bytes / (double) (1L << 30));
    }

    private String row3(String label, ToLongFunction<PerServer> f) {
        long e = f.applyAsLong(tally.of(Server.ECHO));
        long s = f.applyAsLong(tally.of(Server.SERVE));
        return String.format("  %-30s %14s %14s %14s", label, String.format("%,d", e), String.format("%,d", s),
                String.format("%,d", e + s));
    }

    /** Prints the tables; returns true when the run passed. */
    boolean print(PrintStream out) {
        List<String> failures = new ArrayList<>();
        long done = tally.done.sum();
        out.println();
        out.printf("aionet soak: seed %d, %,d connections (%d at a time), %.1f s; %d server thread(s) each%n", seed,
                done, concurrency, nanos / 1e9, threads);
        out.println("  " + backend + "; load average (1, 5, 15 min) " + loadAtStart + " at the start, " + loadAtEnd
                + " at the end; " + Runtime.getRuntime().availableProcessors() + " CPUs");
        out.println();
        out.printf("  %-30s %14s %14s %14s%n", "traffic", "echo", "serve", "total");
        out.println(row3("connections", p -> p.connections.sum()));
        out.println(row3("  well-behaved", p -> p.wellBehaved.sum()));
        out.println(row3("  reset by the client (RST)", p -> p.resets.sum()));
        out.println(row3("  half-closed", p -> p.halfCloses.sum()));
        out.println(row3("  slow readers", p -> p.slowReaders.sum()));
        out.println(row3("HTTP responses checked", p -> p.requests.sum()));
        PerServer e = tally.of(Server.ECHO);
        PerServer s = tally.of(Server.SERVE);
        long me = e.bytesSent.sum() + e.bytesReceived.sum();
        long ms = s.bytesSent.sum() + s.bytesReceived.sum();
        out.printf("  %-30s %14s %14s %14s%n", "GiB moved (both ways)", gib(me), gib(ms), gib(me + ms));
        out.println(row3("bytes owed and checked", p -> p.expected.sum()));
        out.println(row3("bytes lost", PerServer::lost));
        out.println(row3("bytes corrupted", p -> p.corrupted.sum()));
        if (tally.anyLoss()) {
            failures.add("bytes lost or corrupted");
        }
        out.printf("  servers: echo accepted %,d connections and echoed %,d bytes; serve accepted %,d and sent %,d"
                + " responses (%d slow heads closed, %d shed, %d refused)%n", echoConnections, echoBytes,
                serveConnections, serveResponses, headTimeouts, shed, refused);
        out.printf("  the client's resets are the servers' expected errors: %,d%n", e.resets.sum() + s.resets.sum());
        if (echoFailure != null || serveFailure != null) {
            failures.add("a server loop failed");
            out.println("  server loop failed: " + (echoFailure != null ? "echo: " + echoFailure : "")
                    + (serveFailure != null ? " serve: " + serveFailure : ""));
        }
        if (headTimeouts + shed + refused > 0) {
            failures.add("serve closed, shed or refused a well-paced connection");
        }
        out.println();
        out.printf("  %-30s %14s%n", "errors by kind", "count");
        for (Fault f : Fault.values()) {
            long n = tally.faults(f);
            out.printf("  %-30s %14s%n", f.label, String.format("%,d", n));
            for (String x : tally.examples(f)) {
                out.println("      " + x);
            }
        }
        if (tally.faults() > 0) {
            failures.add(tally.faults() + " errors");
        }
        out.println();
        resources(out, failures);
        out.println();
        if (failures.isEmpty()) {
            out.println("soak: PASS — 0 bytes lost or corrupted, no error, nothing leaked, RSS steady");
        } else {
            out.println("soak: FAIL — " + String.join("; ", failures) + " (replay with --seed " + seed + ")");
        }
        out.flush();
        return failures.isEmpty();
    }

    private void resources(PrintStream out, List<String> failures) {
        out.printf("  %-30s %14s %14s %14s %14s  %s%n", "resources", "baseline", "servers up", "connections",
                "servers", "verdict");
        out.printf("  %-30s %14s %14s %14s %14s%n", "", "", "", "ended", "closed");
        Map<String, Long> b = SoakResources.figures(baseline);
        Map<String, Long> u = SoakResources.figures(up);
        Map<String, Long> a = SoakResources.figures(afterConnections);
        Map<String, Long> c = SoakResources.figures(closed);
        Set<String> names = new LinkedHashSet<>(b.keySet());
        names.addAll(u.keySet());
        for (String n : names) {
            long vb = b.getOrDefault(n, 0L);
            long vu = u.getOrDefault(n, 0L);
            long va = a.getOrDefault(n, 0L);
            long vc = c.getOrDefault(n, 0L);
            boolean pipes = n.equals("pipes");
            boolean ok = va <= vu + (pipes ? pipesAllowed() : 0) && vc <= vb;
            out.printf("  %-30s %14s %14s %14s %14s  %s%n", label(n), String.format("%,d", vb), String.format("%,d", vu),
                    String.format("%,d", va), String.format("%,d", vc), !ok ? "LEAK"
                            : pipes && va > vu ? "ok (serve's file sends keep up to " + pipesAllowed() + ")" : "ok");
        }
        List<String> perConnection = SoakResources.growth(afterConnections, up, pipesAllowed());
        List<String> perServer = SoakResources.growth(closed, baseline, 0);
        if (!perConnection.isEmpty()) {
            failures.add("connections leaked: " + String.join(", ", perConnection));
            out.println("  after the connections, new descriptors: " + afterConnections.newDescriptors(up));
        }
        if (!perServer.isEmpty()) {
            failures.add("servers leaked: " + String.join(", ", perServer));
            out.println("  after the servers closed, new descriptors: " + closed.newDescriptors(baseline));
        }
        out.printf("  %-30s %14s %14s %14s %14s  %s%n", "JDK direct memory (bytes)", String.format("%,d", directBaseline),
                String.format("%,d", directUp), String.format("%,d", directAfterConnections),
                String.format("%,d", directClosed), "reported");
        long first = rss.isEmpty() ? -1 : rss.get(0).rss();
        long max = rss.stream().mapToLong(SoakResources.Sample::rss).max().orElse(-1);
        out.printf("  %-30s %14s %14s %14s %14s%n", "RSS (MiB): start, peak", "", mib(first), mib(max), "");
        if (half == null || end == null) {
            out.println("  RSS: not judged (the run ended before its half-way point was measured)");
        } else {
            boolean steady = SoakResources.rssSteady(half, end);
            out.printf("  %-30s %14s %14s %14s %14s  %s%n", "RSS after GC (MiB): half, end", "", "", mib(half.rss()),
                    mib(end.rss()), "");
            out.printf("  %-30s %14s %14s %14s %14s  %s%n", "  not heap (MiB): at most, least", "", "",
                    mib(half.beyondHeapAtMost()), mib(end.beyondHeapAtLeast()), steady ? "steady" : "GROWING");
            if (!steady) {
                failures.add("RSS besides the heap grew from at most " + mib(half.beyondHeapAtMost()) + " to at least "
                        + mib(end.beyondHeapAtLeast()) + " MiB over the second half");
            }
        }
    }

    private static String mib(long bytes) {
        return String.format("%,d", bytes / (1 << 20));
    }

    private static String label(String figure) {
        return switch (figure) {
            case "descriptors (but pipes)", "pipes" -> figure;
            case "nativeBytes" -> "library native memory (bytes)";
            case "mappings" -> "library mappings";
            case "liveBuffers" -> "buffers held";
            default -> "open " + figure.toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "s";
        };
    }
}
