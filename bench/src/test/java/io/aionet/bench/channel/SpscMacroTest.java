package io.aionet.bench.channel;

import io.aionet.bench.harness.Measurement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpscMacroTest {

    @Test
    void parsesTheChildsLastLine() {
        List<Measurement> m = SpscMacro.parse("aionet", "warming up\n12.500 30.250 41.000\n");
        assertEquals(3, m.size());
        assertEquals(12.5, m.get(0).value());
        assertEquals("burst poll cpu", m.get(0).metric());
        assertEquals(41.0, m.get(2).value());
        assertThrows(IllegalStateException.class, () -> SpscMacro.parse("aionet", "1 2"));
    }

    @Test
    void ratiosAreAgainstJctoolsInTheSameRound() {
        SpscMacro macro = new SpscMacro();
        List<Measurement> r = macro.derive(Map.of(
                "aionet", SpscMacro.parse("aionet", "20 40 10"),
                "jctools", SpscMacro.parse("jctools", "10 20 20")));
        assertEquals(3, r.size());
        assertEquals(2.0, r.get(0).value(), 1e-9);
        assertEquals("burst poll cpu / jctools", r.get(0).metric());
        assertEquals(0.5, r.get(2).value(), 1e-9);
        assertEquals(List.of(), macro.derive(Map.of("aionet", SpscMacro.parse("aionet", "1 1 1"))));
        assertEquals(List.of("aionet", "jctools", "agrona", "disruptor", "abq"), macro.impls());
    }
}
