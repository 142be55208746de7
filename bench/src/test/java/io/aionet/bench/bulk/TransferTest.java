package io.aionet.bench.bulk;

import io.aionet.bench.harness.Measurement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferTest {
    @Test
    void ratesAndCpuPerGiB() {
        Transfer t = new Transfer(1L << 30, 500_000_000L, 250_000_000L);
        assertEquals((1L << 30) / 1e6 / 0.5, t.megabytesPerSecond(), 1e-9);
        assertEquals(0.25, t.cpuSecondsPerGiB(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, new Transfer(0, 1, 1).cpuSecondsPerGiB());
    }

    @Test
    void impossibleFiguresAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Transfer(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Transfer(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Transfer(1, 1, -1));
    }

    @Test
    void parsesTheCResultLine() {
        Transfer t = Transfer.parseResult("result 2684354560 1.329775 0.744710\n");
        assertEquals(2684354560L, t.bytes());
        assertEquals(1_329_775_000L, t.nanos());
        assertEquals(744_710_000L, t.cpuNanos());
    }

    @Test
    void refusesOtherLines() {
        assertThrows(IllegalArgumentException.class, () -> Transfer.parseResult("sent 12"));
        assertThrows(IllegalArgumentException.class, () -> Transfer.parseResult("result 1 x 2"));
        assertThrows(IllegalArgumentException.class, () -> Transfer.parseResult(null));
    }

    @Test
    void ratiosPairSameMetricAndUnitWithinTheRound() {
        Map<String, List<Measurement>> round = Map.of(
                "aionet", List.of(new Measurement("aionet", "1 stream", "MB/s", 300),
                        new Measurement("aionet", "1 stream cpu", "CPU s/GiB", 0.5)),
                "jdk-nio", List.of(new Measurement("jdk-nio", "1 stream", "MB/s", 600),
                        new Measurement("jdk-nio", "1 stream cpu", "CPU s/GiB", 0)));
        List<Measurement> r = Ratios.against(round, "aionet", List.of("jdk-nio", "c-epoll"));
        assertEquals(1, r.size(), "a zero denominator and a missing peer give no ratio");
        assertEquals("1 stream / jdk-nio", r.get(0).metric());
        assertEquals("ratio", r.get(0).unit());
        assertEquals(0.5, r.get(0).value(), 1e-12);
        assertTrue(Ratios.against(Map.of(), "aionet", List.of("jdk-nio")).isEmpty());
    }

    @Test
    void processCpuAdvancesWithWork() {
        long a = ProcessCpu.nanos();
        long x = 0;
        for (int i = 0; i < 20_000_000; i++) {
            x += i * 31L ^ (x >>> 3);
        }
        long b = ProcessCpu.nanos();
        assertTrue(b > a, "CPU time went from " + a + " to " + b + " (" + x + ")");
    }
}
