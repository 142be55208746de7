package io.aionet.bench.idle;

import io.aionet.bench.bulk.PeerProcess;
import io.aionet.bench.bulk.Ratios;
import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.uring.IoUring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code idle} macro benchmark: 10,000 idle plus 100 active loopback connections on one echo
 * server process ({@link IdleServerMain}): aionet with every connection associated with one receive
 * pool (Drepper's {@code dma_assoc}: an idle connection holds no buffer) against a JDK NIO Selector
 * server with a direct buffer of the same size per connection. The C client ({@code bench/native/idle_client.c})
 * connects everything, then the active connections echo 64-byte requests one at a time. Measured:
 * receive-buffer memory the server holds, its RSS with every connection open, and its CPU per echoed
 * request.
 */
public final class IdleMacro implements MacroBenchmark {
    static final String AIONET = "aionet";
    /** The aionet server on the epoll backend. */
    static final String AIONET_EPOLL = "aionet-epoll";
    static final String NIO = "jdk-nio";
    static final int IDLE = 10_000;
    static final int ACTIVE = 100;
    static final double SECONDS = 1.5;
    static final int MESSAGE = 64;
    /** Unmeasured active phases before the measured one (each server is a fresh JVM). */
    static final int WARM_UP_PHASES = 2;
    private static final double MIB = 1 << 20;

    private Path client;

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String title() {
        return IDLE + " idle + " + ACTIVE + " active echo connections: receive-buffer memory, RSS, CPU per request";
    }

    @Override
    public List<String> impls() {
        return List.of(AIONET, AIONET_EPOLL, NIO);
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        String why = null;
        NativeBuild.Result r = NativeBuild.compile("idle_client.c", ctx.buildDir());
        long need = IDLE + ACTIVE + 200L;
        long hard = ProcStats.hardNoFile();
        if (!r.ok()) {
            why = "the client cannot be built: " + r.problem();
        } else if (hard < need) {
            why = "the hard limit on open files is " + hard + ", " + need + " are needed (raise it: ulimit -Hn, or"
                    + " prlimit --nofile=" + need + ":" + need + " ./aionet bench idle)";
        }
        if (why != null) {
            skipped.put(AIONET, why);
            skipped.put(AIONET_EPOLL, why);
            skipped.put(NIO, why);
            return skipped;
        }
        client = r.program();
        if (!IoUring.isAvailable()) {
            skipped.put(AIONET, "io_uring is not available: " + IoUring.unavailabilityCause().getMessage());
        }
        return skipped;
    }

    /** The same JVM, class path and options for both servers. */
    static List<String> serverCommand(String impl) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-XX:MaxDirectMemorySize=512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                IdleServerMain.class.getName(), impl));
        if (impl.equals(AIONET_EPOLL)) {
            cmd.add(1, "-Daionet.backend=epoll");
        }
        return cmd;
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        if (!impl.equals(AIONET) && !impl.equals(AIONET_EPOLL) && !impl.equals(NIO)) {
            throw new IllegalArgumentException("idle has no impl " + impl);
        }
        try (PeerProcess server = PeerProcess.start(serverCommand(impl))) {
            int port = server.port();
            String[] mem = server.line("memory ").split("\\s+");
            long fixed = Long.parseLong(mem[1]);
            long perConnection = Long.parseLong(mem[2]);
            try (PeerProcess load = PeerProcess.start(client, String.valueOf(port), String.valueOf(IDLE),
                    String.valueOf(ACTIVE), String.valueOf(SECONDS), String.valueOf(MESSAGE))) {
                long connections = load.number("connected ");
                Thread.sleep(300); // the server accepts what is still queued
                // every connection sends at once: the pool starves (far fewer buffers than messages),
                // receives re-arm as buffers come back, and every echo must return whole and exact
                load.say("burst");
                String[] burst = load.line("burst ").split("\\s+");
                long burstOk = Long.parseLong(burst[2]);
                long burstBad = Long.parseLong(burst[3]);
                if (burstOk != connections || burstBad != 0) {
                    throw new IOException(impl + " lost data in the burst: " + burstOk + " of " + connections
                            + " connections echoed exactly, " + burstBad + " bytes wrong");
                }
                for (int i = 0; i < WARM_UP_PHASES; i++) {
                    load.say("go"); // unmeasured active phases warm the server's JIT
                    load.line("requests ");
                }
                long c0 = ProcStats.cpuNanos(server.pid());
                load.say("go");
                String[] req = load.line("requests ").split("\\s+");
                long c1 = ProcStats.cpuNanos(server.pid());
                long rss = ProcStats.rssBytes(server.pid());
                long requests = Long.parseLong(req[1]);
                double seconds = Double.parseDouble(req[2]);
                load.say("done");
                load.await(30);
                if (requests == 0) {
                    throw new IOException(impl + " echoed nothing");
                }
                long buffers = fixed + perConnection * connections;
                return List.of(new Measurement(impl, "receive buffers", "MiB", buffers / MIB),
                        new Measurement(impl, "burst", "s", Double.parseDouble(burst[4])),
                        new Measurement(impl, "RSS", "MiB", rss / MIB),
                        new Measurement(impl, "cpu per request", "µs/request", (c1 - c0) / 1e3 / requests),
                        new Measurement(impl, "requests", "requests/s", requests / seconds));
            }
        }
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        List<Measurement> r = new java.util.ArrayList<>(Ratios.against(round, AIONET, List.of(NIO)));
        r.addAll(Ratios.against(round, AIONET_EPOLL, List.of(NIO)));
        return r;
    }

    @Override
    public String chartTitle() {
        return "memory, MiB (lower is better)";
    }

    @Override
    public String chartUnit() {
        return "MiB";
    }

    @Override
    public List<String> notes() {
        return List.of(IDLE + " idle + " + ACTIVE + " active connections, held open by a C client; each active one"
                        + " sends " + MESSAGE + " bytes and waits for the echo, for " + SECONDS + " s per run after " + WARM_UP_PHASES + " unmeasured phases as long",
                "before that, a burst: all " + (IDLE + ACTIVE) + " connections send " + MESSAGE + " bytes at once (more"
                        + " messages than the pool has buffers) and every echo is checked byte for byte; a run with"
                        + " one connection short or one byte wrong fails; 'burst' is how long the whole burst took",
                "aionet: one event channel, one receive pool of " + IdleServerMain.POOL_BUFFERS + " x "
                        + (IdleServerMain.BUFFER_SIZE >> 10) + " KiB for every connection, received buffers sent"
                        + " back as they are",
                "jdk-nio: one Selector, a " + (IdleServerMain.BUFFER_SIZE >> 10) + " KiB direct buffer per connection"
                        + " allocated at accept",
                "both servers: their own JVM (-Xmx256m, SerialGC); RSS from /proc/PID/status with every connection"
                        + " open after the active phase; CPU: the server's threads' schedstat run time over the"
                        + " active phase");
    }
}
