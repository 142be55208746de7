package io.aionet.bench.serve;

import io.aionet.bench.echo.ClientResult;
import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.bench.harness.ServerProcess;
import io.aionet.uring.IoUring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.aionet.bench.serve.ServeImpls.*;

/**
 * The {@code serve} macro benchmark (issue 13 item 3): static files over loopback HTTP/1.1 keep-alive,
 * 64 connections with one GET outstanding each, for 4 KiB, 64 KiB and 1 MiB files — the shipped
 * {@code ./aionet serve} against nginx (one worker, sendfile on; skipped with a message when nginx is
 * not installed) and the JDK's {@code HttpServer}. Each server is its own process, started once and
 * kept for every round; the load generator is a C program on epoll ({@code bench/native/http_client.c},
 * what {@code wrk -t1 -c64} does) that reads the server's CPU time over exactly the measured window.
 * Figures per cell: requests/s, latency percentiles and server CPU µs per request; the ratio of
 * aionet's CPU per request to nginx's is taken within each round.
 *
 * <p>A cell measures for {@value #MEASURE_MS} ms after {@value #WARM_MS} ms of warm-up; with
 * {@code aionet.serve.full=true} (or {@code AIONET_SERVE_FULL=1}) 3 s after 1 s.
 */
public final class ServeMacro implements MacroBenchmark {
    static final int WARM_MS = 300;
    static final int MEASURE_MS = 1000;
    static final int CONNECTIONS = 64;
    static final String RATE = "k req/s";
    static final String MICROS = "µs";
    static final String CPU = "µs/req";
    static final String CPU_SUFFIX = " server cpu";
    /** The files served: name and size. */
    static final Map<String, Integer> FILES = files();

    private final int warmMs;
    private final int measureMs;
    private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
    private final Map<String, String> setups = new LinkedHashMap<>();
    private Path client;
    private Path nginx;
    private Path site;
    private Path work;

    /** The benchmark with the default (short) or, when asked for, the full durations. */
    public ServeMacro() {
        this(full() ? 1000 : WARM_MS, full() ? 3000 : MEASURE_MS);
    }

    /** The benchmark with its own durations (tests use short ones). */
    ServeMacro(int warmMs, int measureMs) {
        this.warmMs = warmMs;
        this.measureMs = measureMs;
    }

    private static boolean full() {
        return Boolean.getBoolean("aionet.serve.full") || "1".equals(System.getenv("AIONET_SERVE_FULL"));
    }

    private static Map<String, Integer> files() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("4 KiB", 4096);
        m.put("64 KiB", 64 * 1024);
        m.put("1 MiB", 1 << 20);
        return m;
    }

    private static String fileName(int size) {
        return "f" + size + ".bin";
    }

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String title() {
        return "static files over loopback HTTP/1.1 (64 keep-alive connections): requests/s, server CPU per request";
    }

    @Override
    public List<String> impls() {
        return ALL;
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        work = ctx.buildDir().resolve("serve");
        site = Files.createDirectories(work.resolve("site"));
        Random r = new Random(13);
        for (int size : FILES.values()) {
            byte[] b = new byte[size];
            r.nextBytes(b);
            Files.write(site.resolve(fileName(size)), b);
        }
        NativeBuild.Result c = NativeBuild.compile("http_client.c", ctx.buildDir());
        if (!c.ok()) {
            for (String impl : ALL) {
                skipped.put(impl, "the load generator cannot be built: " + c.problem());
            }
            return skipped;
        }
        client = c.program();
        nginx = findNginx();
        if (nginx == null) {
            skipped.put(NGINX, "nginx is not installed (apt-get install nginx)");
        }
        if (!IoUring.isAvailable()) {
            skipped.put(AIONET, "io_uring is not available: " + IoUring.unavailabilityCause().getMessage());
        }
        return skipped;
    }

    static Path findNginx() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "nginx"))) {
                return Path.of(d, "nginx");
            }
        }
        return null;
    }

    private int warmMs() {
        return warmMs;
    }

    private int measureMs() {
        return measureMs;
    }

    /** The file of {@code label} ("4 KiB" ...) as the benchmark serves it. */
    Path file(String label) {
        return site.resolve(fileName(FILES.get(label)));
    }

    /** The running server of {@code impl} (started on first use). */
    ServerProcess serverOf(String impl) throws IOException, InterruptedException {
        return server(impl);
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        ServerProcess server = server(impl);
        List<Measurement> ms = new ArrayList<>();
        for (Map.Entry<String, Integer> f : FILES.entrySet()) {
            server.checkAlive();
            ClientResult r = runClient(server, f.getKey(), "/" + fileName(f.getValue()));
            if (r.errors() > 0) {
                throw new IOException(impl + " gave " + r.errors() + " bad responses for the " + f.getKey() + " file");
            }
            String l = f.getKey();
            ms.add(new Measurement(impl, l + " throughput", RATE, r.rate() / 1e3));
            ms.add(new Measurement(impl, l + " p50", MICROS, r.p50Nanos() / 1e3));
            ms.add(new Measurement(impl, l + " p99", MICROS, r.p99Nanos() / 1e3));
            ms.add(new Measurement(impl, l + CPU_SUFFIX, CPU, r.serverCpuMicrosPerRequest()));
        }
        return ms;
    }

    private ClientResult runClient(ServerProcess server, String label, String path)
            throws IOException, InterruptedException {
        return httpLoad(client, server, CONNECTIONS, path, warmMs(), measureMs(), label);
    }

    /**
     * Runs the C HTTP load generator {@code client} against {@code server}: {@code connections}
     * keep-alive connections GET {@code path}, warm up for {@code warmMs}, then measure {@code measureMs}
     * (the server's CPU read from its pid over that window). Shared with the {@code tomcat} benchmark.
     */
    public static ClientResult httpLoad(Path client, ServerProcess server, int connections, String path, int warmMs,
                                        int measureMs, String label) throws IOException, InterruptedException {
        List<String> cmd = List.of(client.toString(), "-p", String.valueOf(server.port()),
                "-c", String.valueOf(connections), "-u", path,
                "-w", String.valueOf(warmMs), "-d", String.valueOf(measureMs), "-P", String.valueOf(server.pid()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        long limit = warmMs + measureMs + 30_000L;
        if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("http_client did not finish in " + limit + " ms for " + label);
        }
        if (p.exitValue() != 0) {
            throw new IOException("http_client failed for " + label + " (exit " + p.exitValue() + "): "
                    + out.strip() + "; server log: " + server.logTail());
        }
        return ClientResult.parse(out);
    }

    private ServerProcess server(String impl) throws IOException, InterruptedException {
        ServerProcess s = servers.get(impl);
        if (s != null) {
            return s;
        }
        Path log = work.resolve("logs").resolve(impl + ".log");
        s = switch (impl) {
            case NGINX -> startNginx(log);
            case AIONET, JDK_HTTPSERVER -> ServerProcess.start(impl, javaCommand(impl, site), log);
            default -> throw new IllegalArgumentException("serve has no impl " + impl);
        };
        servers.put(impl, s);
        setups.put(impl, s.setup());
        return s;
    }

    private ServerProcess startNginx(Path log) throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        Path dir = Files.createDirectories(work.resolve("nginx"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "daemon off;", "master_process off;", "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";", "error_log " + dir.resolve("error.log") + ";",
                "events { worker_connections 1024; }",
                "http {", "  default_type application/octet-stream;", "  access_log off;", "  sendfile on;",
                "  tcp_nopush on;", "  keepalive_requests 1000000000;", "  keepalive_timeout 60s;",
                "  client_body_temp_path " + tmp + "; proxy_temp_path " + tmp + "; fastcgi_temp_path " + tmp + ";",
                "  uwsgi_temp_path " + tmp + "; scgi_temp_path " + tmp + ";",
                "  server { listen 127.0.0.1:" + port + "; root " + site + "; }", "}", ""));
        return ServerProcess.startOnPort(NGINX, List.of(nginx.toString(), "-c", conf.toString(), "-p", dir.toString()),
                log, port, nginxVersion() + ": one process (master_process off), sendfile on, tcp_nopush on,"
                        + " access_log off, no open_file_cache");
    }

    private String nginxVersion() {
        try {
            Process p = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(5, TimeUnit.SECONDS);
            return v.replace("nginx version: ", "");
        } catch (IOException | InterruptedException e) {
            return "nginx";
        }
    }

    /** The same JVM, class path and options as the echo benchmark's Java servers. */
    static List<String> javaCommand(String impl, Path site) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"), ServeServerMain.class.getName(), impl, site.toString(), "0");
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        List<Measurement> a = round.get(AIONET);
        List<Measurement> ratios = new ArrayList<>();
        if (a == null) {
            return ratios;
        }
        for (String peer : List.of(NGINX, JDK_HTTPSERVER)) {
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
                        ratios.add(new Measurement(AIONET, m.metric() + " / " + peer, "ratio", m.value() / q.value()));
                    }
                }
            }
        }
        return ratios;
    }

    @Override
    public List<String> chartMetrics() {
        List<String> m = new ArrayList<>();
        for (String f : FILES.keySet()) {
            m.add(f + CPU_SUFFIX);
        }
        return m;
    }

    @Override
    public String chartTitle() {
        return "server CPU µs per request by file (lower is better)";
    }

    @Override
    public String chartUnit() {
        return CPU;
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add("each cell: " + warmMs() + " ms warm-up, then " + measureMs() + " ms measured; load generator:"
                + " http_client (C, one thread, level-triggered epoll, " + CONNECTIONS + " keep-alive connections,"
                + " one GET outstanding each, every response read whole), on the same machine");
        notes.add("server CPU: the server process's threads' on-CPU time (/proc/PID/task/*/schedstat) over the"
                + " measured window, divided by the requests completed in it (kernel TCP and splice work on the"
                + " server's threads included; JIT and GC threads for the Java servers)");
        notes.add("files: 4 KiB, 64 KiB and 1 MiB of random bytes, in the page cache; every server opens the"
                + " file per request");
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
