package io.aionet.bench.event;

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

class EventsMacroTest {
    @Test
    void registeredWithItsPeers() throws Exception {
        assertTrue(Benchmarks.names().contains("events"));
        try (MacroBenchmark b = Benchmarks.create("events")) {
            assertEquals("events", b.name());
            assertEquals(List.of("aionet", "jdk-selector", "jdk-selector-plain", "c-epoll", "jdk-stpe"), b.impls());
        }
    }

    @Test
    void ratiosAreAionetOverEachPeerForMatchingMetrics() {
        Map<String, List<Measurement>> round = new LinkedHashMap<>();
        round.put("aionet", List.of(new Measurement("aionet", "1 producer", "M events/s", 12),
                new Measurement("aionet", "10k one-shot timers", "M events/s", 1)));
        round.put("jdk-selector", List.of(new Measurement("jdk-selector", "1 producer", "M events/s", 4)));
        round.put("jdk-stpe", List.of(new Measurement("jdk-stpe", "10k one-shot timers", "M events/s", 4)));
        List<Measurement> ratios = new EventsMacro().derive(round);
        assertEquals(List.of(new Measurement("aionet", "1 producer / jdk-selector", "ratio", 3.0),
                new Measurement("aionet", "10k one-shot timers / jdk-stpe", "ratio", 0.25)), ratios);
    }

    @Test
    void noRatiosWithoutAionet() {
        Map<String, List<Measurement>> round = Map.of("jdk-selector",
                List.of(new Measurement("jdk-selector", "1 producer", "M events/s", 4)));
        assertTrue(new EventsMacro().derive(round).isEmpty());
    }

    @Test
    void cOutputFields() {
        String line = "throughput producers=2 events=2000000 ns=142765118 cpu_ns=96912679 sink=0";
        assertEquals("2000000", CEpollUserEvents.field(line, "events"));
        assertEquals("142765118", CEpollUserEvents.field(line, "ns"));
        assertEquals("96912679", CEpollUserEvents.field(line, "cpu_ns"));
        assertThrows(IllegalArgumentException.class, () -> CEpollUserEvents.field(line, "p50_ns"));
    }

    @Test
    void throughputArithmetic() {
        Throughput t = new Throughput(2_000_000, 250_000_000, 100_000_000);
        assertEquals(8.0, t.mEventsPerSecond(), 1e-9);
        assertEquals(50.0, t.cpuNanosPerEvent(), 1e-9);
    }
}
