package io.aionet.bench.echo;

import java.util.HashMap;
import java.util.Map;

/**
 * What a C load generator ({@code bench/native/echo_client.c}, {@code http_client.c}) measured for one
 * cell of the {@code echo} benchmark (issue 5) or the {@code serve} benchmark (issue 13), parsed from its
 * {@code key value} lines.
 *
 * @param requests    round trips completed in the measured window
 * @param seconds     length of the window
 * @param p50Nanos    median round-trip latency
 * @param p99Nanos    99th percentile
 * @param p999Nanos   99.9th percentile
 * @param serverCpuNanos CPU time of every server thread over the window
 * @param clientCpuNanos CPU time of the load generator over the window
 * @param errors      responses longer than their request (a broken echo), or not 200 / not parsing (serve)
 */
public record ClientResult(long requests, double seconds, long p50Nanos, long p99Nanos, long p999Nanos,
                    long serverCpuNanos, long clientCpuNanos, long errors) {

    /** Requests per second. */
    public double rate() {
        return requests / seconds;
    }

    /** Server CPU microseconds per request. */
    public double serverCpuMicrosPerRequest() {
        return requests == 0 ? Double.NaN : serverCpuNanos / 1e3 / requests;
    }

    /**
     * Parses the client's output.
     *
     * @throws IllegalArgumentException when a key is missing or a value is not a number
     */
    public static ClientResult parse(String out) {
        Map<String, String> kv = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] p = line.strip().split("\\s+");
            if (p.length == 2) {
                kv.put(p[0], p[1]);
            }
        }
        try {
            return new ClientResult(num(kv, "requests"), Double.parseDouble(get(kv, "seconds")), num(kv, "p50_ns"),
                    num(kv, "p99_ns"), num(kv, "p999_ns"), num(kv, "server_cpu_ns"), num(kv, "client_cpu_ns"),
                    num(kv, "errors"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the load generator printed a bad number: " + out.strip(), e);
        }
    }

    private static long num(Map<String, String> kv, String key) {
        return Long.parseLong(get(kv, key));
    }

    private static String get(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the load generator printed no " + key + ": " + kv);
        }
        return v;
    }
}
