package io.aionet.bench.echo;

import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.bench.harness.ServerProcess;
import io.aionet.uring.IoUring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.aionet.bench.echo.EchoImpls.*;

/**
 * The {@code echo} macro benchmark (issue 5, measured by the harness of issue 7): TCP echo over
 * loopback at 1, 64 and 1,000 connections with 64 B and 512 B requests, one request outstanding per
 * connection (ping-pong), for aionet and its peers — the C liburing and C epoll references
 * ({@code bench/native/echo_uring.c}, {@code echo_epoll.c}), Netty 4.2 io_uring and epoll, JDK NIO and
 * blocking sockets on virtual threads. Every server is its own process with one event-loop thread,
 * started once and kept for every round (so the JIT of the Java servers is warm after the warm-up
 * round); the load generator is a C program on epoll ({@code echo_client.c}) that reads the server's
 * CPU time over exactly the measured window. Figures per cell: requests/s, p50/p99/p99.9 round-trip
 * latency, and server CPU µs per request; the ratios of aionet's CPU per request to C liburing's and
 * Netty io_uring's are taken within each round.
 *
 * <p>A cell measures for {@value #MEASURE_MS} ms after {@value #WARM_MS} ms of warm-up; with the system
 * property {@code aionet.echo.full=true} (or the environment variable {@code AIONET_ECHO_FULL=1}) it
 * measures {@value #FULL_MEASURE_MS} ms after {@value #FULL_WARM_MS} ms.
 */
public final class EchoMacro implements MacroBenchmark {
    static final int WARM_MS = 300;
    static final int MEASURE_MS = 1000;
    static final int FULL_WARM_MS = 1000;
    static final int FULL_MEASURE_MS = 3000;
    static final String RATE = "k req/s";
    static final String MICROS = "µs";
    static final String CPU = "µs/req";
    static final String CPU_SUFFIX = " server cpu";

    private final List<EchoCell> cells = EchoCell.all();
    private final boolean full;
    private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
    private final Map<String, String> setups = new LinkedHashMap<>();
    private Path client;
    private Path cUring;
    private Path cEpoll;
    private Path logDir;

    /** The benchmark with the default (short) or, when asked for, the full durations. */
    public EchoMacro() {
        this.full = Boolean.getBoolean("aionet.echo.full") || "1".equals(System.getenv("AIONET_ECHO_FULL"));
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String title() {
        return "TCP echo over loopback (ping-pong): requests/s, latency, server CPU per request";
    }

    @Override
    public List<String> impls() {
        return ALL;
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) {
        Map<String, String> skipped = new LinkedHashMap<>();
        logDir = ctx.buildDir().resolve("echo-logs");
        NativeBuild.Result c = NativeBuild.compile("echo_client.c", ctx.buildDir());
        if (!c.ok()) {
            for (String impl : ALL) {
                skipped.put(impl, "the load generator cannot be built: " + c.problem());
            }
            return skipped;
        }
        client = c.program();
        NativeBuild.Result u = NativeBuild.compile("echo_uring.c", ctx.buildDir(), "-luring");
        if (u.ok()) {
            cUring = u.program();
        } else {
            skipped.put(C_LIBURING, u.problem());
        }
        NativeBuild.Result e = NativeBuild.compile("echo_epoll.c", ctx.buildDir());
        if (e.ok()) {
            cEpoll = e.program();
        } else {
            skipped.put(C_EPOLL, e.problem());
        }
        if (!IoUring.isAvailable()) {
            String why = "io_uring is not available: " + IoUring.unavailabilityCause().getMessage();
            skipped.put(AIONET, why);
            skipped.put(AIONET_SQPOLL, why);
            skipped.putIfAbsent(C_LIBURING, why);
            skipped.put(NETTY_IO_URING, why);
        }
        return skipped;
    }

    private int warmMs() {
        return full ? FULL_WARM_MS : WARM_MS;
    }

    private int measureMs() {
        return full ? FULL_MEASURE_MS : MEASURE_MS;
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        ServerProcess server = server(impl);
        List<Measurement> ms = new ArrayList<>();
        for (EchoCell cell : cells) {
            server.checkAlive();
            ClientResult r = runClient(server, cell);
            if (r.errors() > 0) {
                throw new IOException(impl + " echoed more bytes than were sent (" + r.errors() + " times) at "
                        + cell.label());
            }
            String l = cell.label();
            ms.add(new Measurement(impl, l + " throughput", RATE, r.rate() / 1e3));
            ms.add(new Measurement(impl, l + " p50", MICROS, r.p50Nanos() / 1e3));
            ms.add(new Measurement(impl, l + " p99", MICROS, r.p99Nanos() / 1e3));
            ms.add(new Measurement(impl, l + " p99.9", MICROS, r.p999Nanos() / 1e3));
            ms.add(new Measurement(impl, l + CPU_SUFFIX, CPU, r.serverCpuMicrosPerRequest()));
        }
        return ms;
    }

    private ClientResult runClient(ServerProcess server, EchoCell cell) throws IOException, InterruptedException {
        List<String> cmd = List.of(client.toString(), "-p", String.valueOf(server.port()),
                "-c", String.valueOf(cell.connections()), "-s", String.valueOf(cell.size()),
                "-w", String.valueOf(warmMs()), "-d", String.valueOf(measureMs()), "-P", String.valueOf(server.pid()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        long limit = warmMs() + measureMs() + 30_000L;
        if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("echo_client did not finish in " + limit + " ms at " + cell.label());
        }
        if (p.exitValue() != 0) {
            throw new IOException("echo_client failed at " + cell.label() + " (exit " + p.exitValue() + "): "
                    + out.strip() + "; server log: " + server.logTail());
        }
        return ClientResult.parse(out);
    }

    /** The server of {@code impl}, started on first use and kept for every round. */
    private ServerProcess server(String impl) throws IOException, InterruptedException {
        ServerProcess s = servers.get(impl);
        if (s != null) {
            return s;
        }
        List<String> cmd = switch (impl) {
            case C_LIBURING -> List.of(cUring.toString(), "0");
            case C_EPOLL -> List.of(cEpoll.toString(), "0");
            case AIONET, AIONET_SQPOLL, AIONET_EPOLL, NETTY_EPOLL, NETTY_IO_URING, JDK_NIO, JDK_BLOCKING_VT, JDK_NIO2,
                 AIONET_NIO2, AIONET_FUTURES, AIONET_VTHREADS -> javaCommand(impl);
            default -> throw new IllegalArgumentException("echo has no impl " + impl);
        };
        s = ServerProcess.start(impl, cmd, logDir.resolve(impl + ".log"));
        servers.put(impl, s);
        setups.put(impl, s.setup());
        return s;
    }

    /** The same JVM and class path as the harness, the same options for every Java server. */
    static List<String> javaCommand(String impl) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m",
                "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), EchoServerMain.class.getName(), impl, "0"));
        if (impl.equals(AIONET_EPOLL)) {
            cmd.add(1, "-Daionet.backend=epoll");
        }
        // one NIO.2 echo code, two providers (aionet's is on the class path, so the JDK's is named)
        if (impl.equals(JDK_NIO2)) {
            cmd.add(1, "-Djava.nio.channels.spi.AsynchronousChannelProvider=sun.nio.ch.LinuxAsynchronousChannelProvider");
        } else if (impl.equals(AIONET_NIO2)) {
            cmd.add(1, "-Djava.nio.channels.spi.AsynchronousChannelProvider=io.aionet.nio.AionetAsynchronousChannelProvider");
        }
        return cmd;
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        List<Measurement> ratios = new ArrayList<>();
        ratios.addAll(cpuRatios(round, AIONET, List.of(C_LIBURING, NETTY_IO_URING)));
        // SQPOLL's price or gain: the same server with a submission-queue poller, its CPU counted (issue 15)
        ratios.addAll(cpuRatios(round, AIONET_SQPOLL, List.of(AIONET)));
        // the epoll backend's targets (issue 11): against the C epoll server and Netty's epoll transport
        ratios.addAll(cpuRatios(round, AIONET_EPOLL, List.of(C_EPOLL, NETTY_EPOLL)));
        // issue 12's targets: each standard-Java style on aionet against its JDK counterpart
        ratios.addAll(cpuRatios(round, AIONET_NIO2, List.of(JDK_NIO2, JDK_NIO)));
        ratios.addAll(cpuRatios(round, AIONET_FUTURES, List.of(JDK_NIO2)));
        ratios.addAll(cpuRatios(round, AIONET_VTHREADS, List.of(JDK_BLOCKING_VT)));
        return ratios;
    }

    /**
     * For each {@code " server cpu"} figure of {@code impl} in {@code round}, its ratio to the same
     * figure of each of {@code peers} that ran (shared with the {@code tomcat} benchmark).
     */
    public static List<Measurement> cpuRatios(Map<String, List<Measurement>> round, String impl, List<String> peers) {
        List<Measurement> a = round.get(impl);
        if (a == null) {
            return List.of();
        }
        List<Measurement> ratios = new ArrayList<>();
        for (String peer : peers) {
            List<Measurement> p = round.get(peer);
            if (p == null) {
                continue;
            }
            for (Measurement m : a) {
                if (!m.metric().endsWith(CPU_SUFFIX)) {
                    continue;
                }
                for (Measurement q : p) {
                    if (q.metric().equals(m.metric()) && q.value() > 0) {
                        ratios.add(new Measurement(impl, m.metric() + " / " + peer, "ratio", m.value() / q.value()));
                    }
                }
            }
        }
        return ratios;
    }

    @Override
    public List<String> chartMetrics() {
        List<String> m = new ArrayList<>();
        for (EchoCell c : cells) {
            m.add(c.label() + CPU_SUFFIX);
        }
        return m;
    }

    @Override
    public String chartTitle() {
        return "server CPU µs per request (lower is better)";
    }

    @Override
    public String chartUnit() {
        return CPU;
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add("each cell: " + warmMs() + " ms warm-up, then " + measureMs() + " ms measured; load generator:"
                + " echo_client (C, one thread, level-triggered epoll, one request outstanding per connection),"
                + " on the same machine; servers block in the kernel when idle (none busy-polls; aionet-sqpoll's kernel"
                + " poller spins for its idle time before it sleeps)");
        notes.add("server CPU: the server process's threads' on-CPU time (/proc/PID/task/*/schedstat) over the"
                + " measured window, divided by the requests completed in it (includes the kernel's TCP work"
                + " done on the server's threads, and JIT and GC threads for the Java servers)");
        notes.add("aionet-epoll: the aionet server with -Daionet.backend=epoll (io_uring's completions emulated over"
                + " epoll_wait and non-blocking calls)");
        notes.add("aionet-sqpoll: the aionet server with a kernel thread polling its submission queue (IORING_SETUP_SQPOLL,"
                + " asleep after " + SQPOLL_IDLE_MS + " ms idle); the poller is a task of the server process, so its"
                + " CPU time is in the server's figures; the event loop still blocks in io_uring_enter to wait");
        notes.add("jdk-nio2 and aionet-nio2: the same NIO.2 code, on the JDK's provider and on aionet's (chosen by"
                + " -Djava.nio.channels.spi.AsynchronousChannelProvider); aionet-futures: aionet's CompletableFuture"
                + " sockets; aionet-vthreads: jdk-blocking-vt's code shape on aionet's blocking sockets");
        notes.add("Java servers: " + String.join(" ", javaCommand("IMPL").subList(1, 5)) + "; no copies are"
                + " avoided by any server on loopback (receive copies into the server's buffer, send copies out)");
        for (Map.Entry<String, String> e : setups.entrySet()) {
            notes.add(e.getKey() + ": " + e.getValue());
        }
        return notes;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess s : servers.values()) {
            s.close();
        }
        servers.clear();
    }
}
