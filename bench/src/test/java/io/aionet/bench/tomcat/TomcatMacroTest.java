package io.aionet.bench.tomcat;

import io.aionet.bench.harness.Benchmarks;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TomcatMacroTest {
    @Test
    void registeredWithBothProviders() throws Exception {
        assertTrue(Benchmarks.names().contains("tomcat"));
        try (MacroBenchmark b = Benchmarks.create("tomcat")) {
            assertEquals(List.of("tomcat-jdk", "tomcat-aionet"), b.impls());
            assertEquals(List.of("1 KiB server cpu", "16 KiB server cpu", "256 KiB server cpu"), b.chartMetrics());
        }
    }

    @Test
    void theServersDifferOnlyInTheProviderProperty() {
        List<String> jdk = TomcatMacro.javaCommand("tomcat-jdk");
        List<String> aionet = TomcatMacro.javaCommand("tomcat-aionet");
        assertEquals(jdk.size(), aionet.size());
        int differ = 0;
        for (int i = 0; i < jdk.size(); i++) {
            if (!jdk.get(i).equals(aionet.get(i))) {
                differ++;
                assertTrue(aionet.get(i).equals(
                        "-Djava.nio.channels.spi.AsynchronousChannelProvider=io.aionet.nio.AionetAsynchronousChannelProvider"));
            }
        }
        assertEquals(1, differ);
    }

    @Test
    void ratioIsAionetsServerCpuOverTheJdks() {
        Map<String, List<Measurement>> round = new LinkedHashMap<>();
        round.put("tomcat-jdk", List.of(new Measurement("tomcat-jdk", "1 KiB server cpu", "µs/req", 40),
                new Measurement("tomcat-jdk", "1 KiB throughput", "k req/s", 10)));
        round.put("tomcat-aionet", List.of(new Measurement("tomcat-aionet", "1 KiB server cpu", "µs/req", 30)));
        assertEquals(List.of(new Measurement("tomcat-aionet", "1 KiB server cpu / tomcat-jdk", "ratio", 0.75)),
                new TomcatMacro().derive(round));
        assertTrue(new TomcatMacro().derive(Map.of("tomcat-jdk", round.get("tomcat-jdk"))).isEmpty());
    }
}
