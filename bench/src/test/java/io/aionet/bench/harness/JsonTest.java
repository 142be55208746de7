package io.aionet.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {
    private static BenchmarkResult sample() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", 2);
        machine.put("kernel", "6.18");
        return new BenchmarkResult("nop", "NOPs", machine, 3,
                List.of(new ResultRow("aionet", "batch 16", "ns/NOP", Stats.of(41.5, 40, 43)),
                        new ResultRow("c-liburing", "batch 16", "ns/NOP", Stats.of(38, 39, 37.25))),
                List.of("a \"quoted\" note"));
    }

    @Test
    void theSchemaOfBenchmarksMd() {
        String expected = """
                {
                  "benchmark": "nop",
                  "title": "NOPs",
                  "machine": {"cores": 2, "kernel": "6.18"},
                  "rounds": 3,
                  "results": [
                    {"impl": "aionet", "metric": "batch 16", "unit": "ns/NOP", "median": 41.5, "min": 40, "max": 43, "runs": [41.5, 40, 43]},
                    {"impl": "c-liburing", "metric": "batch 16", "unit": "ns/NOP", "median": 38, "min": 37.25, "max": 39, "runs": [38, 39, 37.25]}
                  ],
                  "notes": ["a \\"quoted\\" note"]
                }
                """;
        assertEquals(expected, Json.of(sample()));
    }

    @Test
    void emptyResultsStayValid() {
        BenchmarkResult r = new BenchmarkResult("x", "t", Map.of(), 1, List.of(), List.of());
        String json = Json.of(r);
        assertEquals(true, json.contains("\"results\": [],\n"), json);
        assertEquals(true, json.contains("\"notes\": []\n"), json);
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("\"a\\\\b\\n\\t\\u0001\\\"\"", Json.string("a\\b\n\t\u0001\""));
    }

    @Test
    void numbersJsonCanHold() {
        assertEquals("3", Json.number(3.0));
        assertEquals("0.5", Json.number(0.5));
        assertEquals("null", Json.number(Double.NaN));
        assertEquals("null", Json.number(Double.POSITIVE_INFINITY));
        assertEquals("[1, \"x\", null, true]", Json.value(java.util.Arrays.asList(1, "x", null, true)));
    }

    @Test
    void readsBackWhatItWrote() {
        BenchmarkResult back = Json.parse(Json.of(sample()));
        assertEquals(Json.of(sample()), Json.of(back), "parse(of(r)) writes the same JSON again");
        assertEquals(2L, back.machine().get("cores"), "integers stay integers");
        assertEquals("a \"quoted\" note", back.notes().get(0));
        assertEquals(37.25, back.results().get(1).stats().min());
    }

    @Test
    void readsNullFiguresAsNaNAndFillsMissingFields() {
        BenchmarkResult r = Json.parse("""
                {"benchmark": "x", "results": [{"impl": "a", "metric": "m", "unit": "u\\u00b5",
                  "median": null, "min": 1, "max": 2e0, "runs": [1, 2, 3]}]}""");
        assertEquals("", r.title());
        assertEquals(3, r.rounds(), "rounds: the longest runs");
        assertEquals("u\u00b5", r.results().get(0).unit());
        assertEquals(Double.NaN, r.results().get(0).stats().median());
        assertEquals(2.0, r.results().get(0).stats().max());
    }

    @Test
    void refusesWhatIsNotAResult() {
        for (String bad : new String[] {"[]", "{\"benchmark\": \"x\"}", "{\"benchmark\": 1, \"results\": []}",
                "{\"benchmark\": \"x\", \"results\": [1]}", "{\"benchmark\": \"x\", \"results\": []} x",
                "{\"benchmark\": \"x\", \"results\": [}", "{\"benchmark\": \"x\""}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
