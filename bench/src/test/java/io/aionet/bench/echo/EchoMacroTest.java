package io.aionet.bench.echo;

import io.aionet.bench.harness.Benchmarks;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoMacroTest {
    @Test
    void registeredWithEveryPeerOfIssue5() throws Exception {
        assertTrue(Benchmarks.names().contains("echo"));
        try (MacroBenchmark b = Benchmarks.create("echo")) {
            assertEquals("echo", b.name());
            assertEquals(List.of("aionet", "aionet-sqpoll", "aionet-epoll", "c-liburing", "c-epoll", "netty-io_uring", "netty-epoll", "jdk-nio",
                    "jdk-blocking-vt", "jdk-nio2", "aionet-nio2", "aionet-futures", "aionet-vthreads"), b.impls());
            assertEquals(7, b.chartMetrics().size(), "one CPU-per-request bar group per cell");
        }
    }

    @Test
    void cellsAreThoseOfIssues5And13() {
        assertEquals(List.of(new EchoCell(1, 64), new EchoCell(1, 512), new EchoCell(64, 64), new EchoCell(64, 512),
                new EchoCell(1000, 64), new EchoCell(1000, 512), new EchoCell(64, 16384)), EchoCell.all());
        assertEquals("1000 conn 64 B", new EchoCell(1000, 64).label());
        assertThrows(IllegalArgumentException.class, () -> new EchoCell(0, 64));
        assertThrows(IllegalArgumentException.class, () -> new EchoCell(1, 70_000));
    }

    @Test
    void ratiosAreServerCpuOfAionetOverCLiburingAndNettyIoUring() {
        Map<String, List<Measurement>> round = new LinkedHashMap<>();
        round.put("aionet", List.of(new Measurement("aionet", "1 conn 64 B throughput", "k req/s", 10),
                new Measurement("aionet", "1 conn 64 B server cpu", "µs/req", 6)));
        round.put("c-liburing", List.of(new Measurement("c-liburing", "1 conn 64 B server cpu", "µs/req", 5)));
        round.put("netty-io_uring", List.of(new Measurement("netty-io_uring", "1 conn 64 B server cpu", "µs/req", 8)));
        round.put("jdk-nio", List.of(new Measurement("jdk-nio", "1 conn 64 B server cpu", "µs/req", 9)));
        List<Measurement> ratios = new EchoMacro().derive(round);
        assertEquals(List.of(new Measurement("aionet", "1 conn 64 B server cpu / c-liburing", "ratio", 1.2),
                new Measurement("aionet", "1 conn 64 B server cpu / netty-io_uring", "ratio", 0.75)), ratios);
        assertTrue(new EchoMacro().derive(Map.of("c-liburing", round.get("c-liburing"))).isEmpty());
        // SQPOLL's price or gain: the same server with a poller, over the server without one
        round.put("aionet-sqpoll", List.of(new Measurement("aionet-sqpoll", "1 conn 64 B server cpu", "µs/req", 9)));
        assertTrue(new EchoMacro().derive(round).contains(new Measurement("aionet-sqpoll", "1 conn 64 B server cpu / aionet", "ratio", 1.5)),
                new EchoMacro().derive(round).toString());
    }

    @Test
    void clientOutputIsParsed() {
        String out = """
                requests 27577
                seconds 1.000000
                rps 27577.0
                p50_ns 13311
                p99_ns 81919
                p999_ns 4063231
                server_cpu_ns 194460371
                client_cpu_ns 199841000
                errors 0
                """;
        ClientResult r = ClientResult.parse(out);
        assertEquals(27577, r.requests());
        assertEquals(27577.0, r.rate(), 1e-6);
        assertEquals(13311, r.p50Nanos());
        assertEquals(4063231, r.p999Nanos());
        assertEquals(194460371 / 1e3 / 27577, r.serverCpuMicrosPerRequest(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ClientResult.parse("requests 5\n"));
        assertThrows(IllegalArgumentException.class, () -> ClientResult.parse(out.replace("13311", "x")));
    }
}
