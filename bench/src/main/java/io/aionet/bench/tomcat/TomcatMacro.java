package io.aionet.bench.tomcat;

import io.aionet.bench.echo.ClientResult;
import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.bench.harness.ServerProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tomcat} macro benchmark (issue 12 item 4): the same embedded Tomcat 11 with its NIO.2
 * connector ({@link TomcatApp}) on the JDK's {@code AsynchronousChannelProvider} ({@code tomcat-jdk})
 * and on aionet's ({@code tomcat-aionet}), chosen only by
 * {@code -Djava.nio.channels.spi.AsynchronousChannelProvider}. Load: the {@code serve} benchmark's C
 * client ({@code http_client.c}: 64 keep-alive connections, one GET outstanding each) fetching generated
 * bodies of 1 KiB, 16 KiB and 256 KiB; figures per cell: requests/s, latency, server CPU µs per
 * request, and aionet's CPU per request over the JDK's within each round (the goal: ≤ 0.80).
 *
 * <p>A cell measures for {@value #MEASURE_MS} ms after {@value #WARM_MS} ms of warm-up; with
 * {@code aionet.tomcat.full=true} 3 s after 1 s.
 */
public final class TomcatMacro implements MacroBenchmark {
    static final int WARM_MS = 500;
    static final int MEASURE_MS = 1000;
    static final int CONNECTIONS = 64;
    static final String JDK = "tomcat-jdk";
    static final String AIONET = "tomcat-aionet";
    static final List<String> ALL = List.of(JDK, AIONET);
    static final String CPU = "µs/req";
    static final String CPU_SUFFIX = " server cpu";
    /** Cell label and body size. */
    static final Map<String, Integer> BODIES = Map.of("1 KiB", 1024, "16 KiB", 16 * 1024, "256 KiB", 256 * 1024);
    static final List<String> ORDER = List.of("1 KiB", "16 KiB", "256 KiB");

    private final boolean full = Boolean.getBoolean("aionet.tomcat.full");
    private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
    private final Map<String, String> setups = new LinkedHashMap<>();
    private Path client;
    private Path logDir;

    /** The benchmark (registered in {@code Benchmarks}). */
    public TomcatMacro() {
    }

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public String title() {
        return "embedded Tomcat 11 NIO2 on the JDK's provider vs aionet's (64 keep-alive connections): server CPU per request";
    }

    @Override
    public List<String> impls() {
        return ALL;
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        logDir = ctx.buildDir().resolve("tomcat-logs");
        NativeBuild.Result c = NativeBuild.compile("http_client.c", ctx.buildDir());
        if (!c.ok()) {
            for (String impl : ALL) {
                skipped.put(impl, "the load generator cannot be built: " + c.problem());
            }
            return skipped;
        }
        client = c.program();
        return skipped;
    }

    private int warmMs() {
        return full ? 1000 : WARM_MS;
    }

    private int measureMs() {
        return full ? 3000 : MEASURE_MS;
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        ServerProcess server = server(impl);
        List<Measurement> ms = new ArrayList<>();
        for (String l : ORDER) {
            server.checkAlive();
            ClientResult r = io.aionet.bench.serve.ServeMacro.httpLoad(client, server, CONNECTIONS,
                    "/gen?n=" + BODIES.get(l) + "&seed=1", warmMs(), measureMs(), l);
            if (r.errors() > 0) {
                throw new IOException(impl + " gave " + r.errors() + " bad responses for " + l);
            }
            ms.add(new Measurement(impl, l + " throughput", "k req/s", r.rate() / 1e3));
            ms.add(new Measurement(impl, l + " p50", "µs", r.p50Nanos() / 1e3));
            ms.add(new Measurement(impl, l + " p99", "µs", r.p99Nanos() / 1e3));
            ms.add(new Measurement(impl, l + CPU_SUFFIX, CPU, r.serverCpuMicrosPerRequest()));
        }
        return ms;
    }

    private ServerProcess server(String impl) throws IOException, InterruptedException {
        ServerProcess s = servers.get(impl);
        if (s == null) {
            s = ServerProcess.start(impl, javaCommand(impl), logDir.resolve(impl + ".log"));
            servers.put(impl, s);
            setups.put(impl, s.setup());
        }
        return s;
    }

    /** The same JVM options as the other Java servers; only the provider property differs. */
    static List<String> javaCommand(String impl) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String provider = impl.equals(AIONET) ? "io.aionet.nio.AionetAsynchronousChannelProvider"
                : "sun.nio.ch.LinuxAsynchronousChannelProvider";
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+UseParallelGC",
                "-Djava.nio.channels.spi.AsynchronousChannelProvider=" + provider,
                "-cp", System.getProperty("java.class.path"), TomcatServerMain.class.getName(), "0");
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        return io.aionet.bench.echo.EchoMacro.cpuRatios(round, AIONET, List.of(JDK));
    }

    @Override
    public List<String> chartMetrics() {
        List<String> m = new ArrayList<>();
        for (String l : ORDER) {
            m.add(l + CPU_SUFFIX);
        }
        return m;
    }

    @Override
    public String chartUnit() {
        return CPU;
    }

    @Override
    public String chartTitle() {
        return "server CPU µs per request by body size (lower is better)";
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add("each cell: " + warmMs() + " ms warm-up, then " + measureMs() + " ms measured; load generator:"
                + " http_client (C, one thread, epoll, " + CONNECTIONS + " keep-alive connections, one GET"
                + " outstanding each), on the same machine");
        notes.add("server CPU: the Tomcat process's threads' on-CPU time over the measured window divided by the"
                + " requests completed in it (JIT and GC threads included)");
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
