package io.aionet.bench.nop;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class COutputTest {
    @Test
    void parsesSetupAndResultLines() {
        COutput o = COutput.parse("""
                setup requested=0x3280 accepted=0x3280 flags=SUBMIT_ALL|DEFER_TASKRUN entries=256 liburing_no_sqarray=0
                nop batch=1 nops=1000 ns_per_nop=228.025 cpu_ns_per_nop=225.5 checksum=500500
                nop batch=16 nops=992 ns_per_nop=41.5 checksum=1
                """);
        assertEquals("requested=0x3280 accepted=0x3280 flags=SUBMIT_ALL|DEFER_TASKRUN entries=256 liburing_no_sqarray=0",
                o.setup());
        assertEquals(Map.of(1, 228.025, 16, 41.5), o.nsPerNop());
        assertEquals(Map.of(1, 225.5), o.cpuNsPerNop());
    }

    @Test
    void missingResultsAreAnError() {
        assertThrows(IllegalArgumentException.class, () -> COutput.parse("setup accepted=0x0\n"));
        assertThrows(IllegalArgumentException.class, () -> COutput.parse("nop batch=1 nops=3\n"));
    }

    @Test
    void ratiosPairTheSameBatchOfTheSameRound() {
        NopMacro m = new NopMacro();
        List<io.aionet.bench.harness.Measurement> r = m.derive(Map.of(
                "aionet", List.of(new io.aionet.bench.harness.Measurement("aionet", "batch 16 cpu", "ns/NOP", 40),
                        new io.aionet.bench.harness.Measurement("aionet", "batch 16", "ns/NOP", 44)),
                "c-liburing", List.of(new io.aionet.bench.harness.Measurement("c-liburing", "batch 1", "ns/NOP", 200),
                        new io.aionet.bench.harness.Measurement("c-liburing", "batch 16", "ns/NOP", 40),
                        new io.aionet.bench.harness.Measurement("c-liburing", "batch 16 cpu", "ns/NOP", 32))));
        assertEquals(2, r.size());
        assertEquals("batch 16 / c-liburing", r.get(0).metric());
        assertEquals(1.1, r.get(0).value(), 1e-12);
        assertEquals("batch 16 cpu / c-liburing", r.get(1).metric());
        assertEquals(1.25, r.get(1).value(), 1e-12);
    }

    @Test
    void ratiosToEachCPeerThatRan() {
        var a = new io.aionet.bench.harness.Measurement("aionet", "batch 64", "ns/NOP", 60);
        var lib = new io.aionet.bench.harness.Measurement("c-liburing", "batch 64", "ns/NOP", 50);
        var raw = new io.aionet.bench.harness.Measurement("c-io_uring", "batch 64", "ns/NOP", 40);
        List<io.aionet.bench.harness.Measurement> both = new NopMacro().derive(Map.of(
                "aionet", List.of(a), "c-liburing", List.of(lib), "c-io_uring", List.of(raw)));
        assertEquals(List.of("batch 64 / c-liburing", "batch 64 / c-io_uring"),
                both.stream().map(io.aionet.bench.harness.Measurement::metric).toList());
        assertEquals(1.2, both.get(0).value(), 1e-12);
        assertEquals(1.5, both.get(1).value(), 1e-12);
        // without liburing-dev only the raw peer runs, and its ratio is still there
        List<io.aionet.bench.harness.Measurement> rawOnly = new NopMacro().derive(Map.of(
                "aionet", List.of(a), "c-io_uring", List.of(raw)));
        assertEquals(List.of("batch 64 / c-io_uring"),
                rawOnly.stream().map(io.aionet.bench.harness.Measurement::metric).toList());
    }

    @Test
    void sqPollIsComparedWithTheSameLoopWithoutIt() {
        var a = new io.aionet.bench.harness.Measurement("aionet", "batch 16 cpu", "ns/NOP", 50);
        var s = new io.aionet.bench.harness.Measurement("aionet-sqpoll", "batch 16 cpu", "ns/NOP", 80);
        List<io.aionet.bench.harness.Measurement> r = new NopMacro().derive(Map.of("aionet", List.of(a), "aionet-sqpoll", List.of(s)));
        assertEquals(List.of(new io.aionet.bench.harness.Measurement("aionet-sqpoll", "batch 16 cpu / aionet", "ratio", 1.6)), r);
        assertEquals(List.of(), new NopMacro().derive(Map.of("aionet-sqpoll", List.of(s))), "without aionet nothing to compare");
    }

    @Test
    void flagNames() {
        assertEquals("SUBMIT_ALL|SINGLE_ISSUER|0x1", NopMacro.setupFlagNames((1 << 7) | (1 << 12) | 1));
        assertEquals("none", NopMacro.setupFlagNames(0));
    }
}
