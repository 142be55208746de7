package io.aionet.cli;

import io.aionet.examples.EchoServer;
import io.aionet.examples.HttpFileServer;
import io.aionet.examples.ServerConfig;
import io.aionet.internal.ResourceSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code aionet soak [--minutes M] [--connections N] [--concurrency C] [--seed S] [--threads T]}: starts
 * the shipped {@code echo} ({@link EchoServer}) and {@code serve} ({@link HttpFileServer}) servers in
 * this process and drives them with {@link SoakClient} — N connections (10,000 unless told), C at a
 * time, with random sizes, abrupt resets, half-closes and slow readers, every byte checked. Then it
 * checks that the process is back where it started: descriptors, the library's native memory, open
 * sockets and held buffers once the connections are gone (the servers still up), and again once the
 * servers are closed; and that the resident set size held steady. Prints one table; exits with 1 on
 * any byte lost or corrupted, any error a well-behaved connection met, any leak.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"A soak run: the echo and serve servers in this process, driven by a client of N connections"
                + " (random sizes, resets, half-closes, slow readers; every byte checked).",
                "Then: descriptors, the library's native memory and sockets back to their baseline, RSS steady."
                        + " Exits with 1 on any loss, error or leak."})
final class SoakCommand implements Callable<Integer> {
    /** Connections when neither {@code --connections} nor {@code --minutes} is given. */
    static final int DEFAULT_CONNECTIONS = 10_000;

    @Option(names = "--connections", paramLabel = "N",
            description = "connections in all (default: " + DEFAULT_CONNECTIONS + ", or no limit with --minutes;"
                    + " with both, the run ends at the first limit reached)")
    Integer connections;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "0",
            description = "start connections for M minutes (default: no time limit)")
    double minutes;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "200",
            description = "connections open at once, 1..5000 (default: ${DEFAULT-VALUE})")
    int concurrency = 200;

    @Option(names = "--seed", paramLabel = "S",
            description = "the seed of every random choice, to replay a run (default: a new one, printed)")
    Long seed;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "threads of each server, 1..16 (default: ${DEFAULT-VALUE})")
    int threads = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(Main.root(spec).out);
    }

    private long limit() {
        if (connections != null) {
            return connections;
        }
        return minutes > 0 ? Long.MAX_VALUE : DEFAULT_CONNECTIONS;
    }

    int run(PrintStream out) throws Exception {
        if (connections != null && connections < 1) {
            throw new IllegalArgumentException("connections must be positive: " + connections);
        }
        if (!(minutes >= 0) || minutes > 525_600) {
            throw new IllegalArgumentException("minutes must be in [0, 525600]: " + minutes);
        }
        if (concurrency < 1 || concurrency > 5000) {
            throw new IllegalArgumentException("concurrency must be 1..5000: " + concurrency);
        }
        if (threads < 1 || threads > 16) {
            throw new IllegalArgumentException("threads must be 1..16: " + threads);
        }
        long s = seed != null ? seed : new Random().nextLong();
        SoakData data = new SoakData(s);
        Path dir = Files.createTempDirectory("aionet-soak-");
        try {
            data.writeFiles(dir);
            return soak(out, s, data, dir);
        } finally {
            deleteTree(dir);
        }
    }

    private int soak(PrintStream out, long s, SoakData data, Path dir) throws Exception {
        SoakResources.warmUpJdk();
        SoakReport report = new SoakReport(s, concurrency, threads);
        report.baseline = ResourceSnapshot.take();
        report.directBaseline = SoakResources.directMemory();
        ServerConfig config = ServerConfig.of(0).withThreads(threads);
        SoakTally tally = new SoakTally();
        try (EchoServer echo = EchoServer.start(config);
             HttpFileServer http = HttpFileServer.start(dir, config)) {
            report.backend = io.aionet.event.EventChannel.backendSelection();
            report.up = ResourceSnapshot.take();
            report.directUp = SoakResources.directMemory();
            out.println("soak: seed " + s + "; echo on port " + echo.port() + ", serve on port " + http.port()
                    + "; " + report.backend);
            out.flush();
            SoakClient client = new SoakClient(echo.localAddress(), http.localAddress(), data, tally);
            SoakResources.RssSampler rss = new SoakResources.RssSampler();
            long t0 = System.nanoTime();
            report.loadAtStart = SoakResources.loadAverage();
            report.half = drive(out, client, tally, rss, s, t0);
            report.nanos = System.nanoTime() - t0;
            report.loadAtEnd = SoakResources.loadAverage();
            report.rss = rss.stop();
            report.afterConnections = SoakResources.settle(report.up, report.pipesAllowed(), 15_000);
            report.end = SoakResources.Resident.afterGc();
            report.directAfterConnections = SoakResources.directMemory();
            report.echo(echo.connections(), echo.bytes(), echo.failure());
            report.serve(http.connections(), http.responses(), http.headTimeouts(), http.shed(), http.refused(),
                    http.failure());
        }
        report.closed = SoakResources.settle(report.baseline, 0, 10_000);
        report.directClosed = SoakResources.directMemory();
        report.tally = tally;
        return report.print(out) ? 0 : 1;
    }

    /**
     * Starts connections until the limit or the time is reached, at most {@link #concurrency} at once;
     * returns the resident set measured half-way (or {@code null} when the run ended before).
     */
    private SoakResources.Resident drive(PrintStream out, SoakClient client, SoakTally tally, SoakResources.RssSampler rss, long s,
                       long t0) throws InterruptedException {
        long limit = limit();
        long end = minutes > 0 ? t0 + (long) (minutes * 60e9) : Long.MAX_VALUE;
        Semaphore slots = new Semaphore(concurrency);
        ThreadFactory vt = Thread.ofVirtual().name("soak-", 0).factory();
        long started = 0;
        long nextReport = t0 + 10_000_000_000L;
        SoakResources.Resident half = null;
        while (started < limit && System.nanoTime() < end) {
            if (half == null && (started * 2 >= limit || System.nanoTime() - t0 >= (end - t0) / 2)) {
                half = SoakResources.Resident.afterGc();
            }
            if (System.nanoTime() >= nextReport) {
                progress(out, tally, rss, t0);
                nextReport += 10_000_000_000L;
            }
            if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            long id = started++;
            Random r = new Random(mix(s, id));
            vt.newThread(() -> {
                try {
                    client.connection(id, r);
                } finally {
                    slots.release();
                }
            }).start();
        }
        // every connection ends by itself: each read gives up after 30 s without a byte
        long wait = System.nanoTime() + 3L * SoakClient.READ_TIMEOUT_MS * 1_000_000L;
        while (!slots.tryAcquire(concurrency, 100, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() >= nextReport) {
                progress(out, tally, rss, t0);
                nextReport += 10_000_000_000L;
            }
            if (System.nanoTime() > wait) {
                int left = concurrency - slots.availablePermits();
                tally.fault(SoakTally.Fault.UNFINISHED, -1, null,
                        left + " connections still running " + 3 * SoakClient.READ_TIMEOUT_MS / 1000
                                + " s after the last one started (their sockets are closed now)");
                client.closeAll();
                slots.tryAcquire(concurrency, 10, TimeUnit.SECONDS);
                break;
            }
        }
        return half;
    }

    private static void progress(PrintStream out, SoakTally tally, SoakResources.RssSampler rss, long t0) {
        out.printf("soak: %4d s, %,d connections done, %.2f GiB moved, %d errors, RSS %d MiB%n",
                (System.nanoTime() - t0) / 1_000_000_000L, tally.done.sum(), tally.moved() / (double) (1L << 30),
                tally.faults(), rss.latest() >> 20);
        out.flush();
    }

    /** Connection {@code id}'s own seed: the run's seed and the id, mixed (SplitMix64's finalizer). */
    static long mix(long seed, long id) {
        long z = seed + (id + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
