package io.aionet.bench.harness;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundsTest {
    /** A benchmark whose "measurements" are call counters, so the order of calls is visible. */
    static class Fake implements MacroBenchmark {
        final List<String> calls = new ArrayList<>();
        final Map<String, String> skip;
        boolean closed;
        int n;

        Fake(Map<String, String> skip) {
            this.skip = skip;
        }

        @Override public String name() { return "fake"; }
        @Override public String title() { return "a fake"; }
        @Override public List<String> impls() { return List.of("a", "b", "c"); }
        @Override public Map<String, String> prepare(HarnessContext ctx) { return skip; }

        @Override
        public List<Measurement> run(String impl) {
            calls.add(impl);
            return List.of(new Measurement(impl, "m", "u", ++n));
        }

        @Override
        public List<Measurement> derive(Map<String, List<Measurement>> round) {
            double a = round.get("a").get(0).value();
            double b = round.get("b").get(0).value();
            return List.of(new Measurement("a", "m / b", "ratio", a / b));
        }

        @Override public void close() { closed = true; }
    }

    private static HarnessContext ctx(int rounds) {
        return new HarnessContext(Path.of("build"), Path.of("out"), new PrintStream(new ByteArrayOutputStream()), rounds);
    }

    @Test
    void warmUpThenInterleavedRounds() throws Exception {
        Fake f = new Fake(Map.of());
        BenchmarkResult r = Rounds.run(f, ctx(2), Map.of());
        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a", "b", "c"), f.calls);
        assertTrue(f.closed);
        // warm-up produced 1..3 and is dropped; round 1 = 4,5,6; round 2 = 7,8,9
        ResultRow a = r.results().get(0);
        assertEquals("a", a.impl());
        assertArrayEquals(new double[] {4, 7}, a.stats().runs());
        assertEquals(5.5, a.stats().median());
        ResultRow ratio = r.results().stream().filter(x -> x.metric().equals("m / b")).findFirst().orElseThrow();
        assertArrayEquals(new double[] {4.0 / 5, 7.0 / 8}, ratio.stats().runs(), 1e-12);
        assertEquals(2, r.rounds());
    }

    @Test
    void skippedImplsAreLeftOutAndNoted() throws Exception {
        Fake f = new Fake(Map.of("c", "no compiler"));
        BenchmarkResult r = Rounds.run(f, ctx(1), Map.of());
        assertEquals(List.of("a", "b", "a", "b"), f.calls);
        assertTrue(r.notes().contains("c skipped: no compiler"), r.notes().toString());
        assertTrue(r.results().stream().noneMatch(x -> x.impl().equals("c")));
    }

    @Test
    void onlyTheImplsAskedForRun() throws Exception {
        Fake f = new Fake(Map.of()) {
            @Override
            public List<Measurement> derive(Map<String, List<Measurement>> round) {
                return List.of();
            }
        };
        HarnessContext only = new HarnessContext(Path.of("build"), Path.of("out"),
                new PrintStream(new ByteArrayOutputStream()), 1, List.of("b"));
        BenchmarkResult r = Rounds.run(f, only, Map.of());
        assertEquals(List.of("b", "b"), f.calls, "the warm-up and the round, of b alone");
        assertTrue(r.notes().contains("not asked for (--impl): a, c"), r.notes().toString());
    }

    @Test
    void nothingToRunSaysWhy() {
        Fake f = new Fake(Map.of("a", "x", "b", "y", "c", "no kernel support"));
        NothingToRunException e = assertThrows(NothingToRunException.class, () -> Rounds.run(f, ctx(1), Map.of()));
        assertTrue(e.getMessage().contains("no kernel support"), e.getMessage());
        assertTrue(f.closed);
    }

    @Test
    void aFailingImplIsDroppedAndTheOthersGoOn() throws Exception {
        Fake f = new Fake(Map.of()) {
            @Override
            public List<Measurement> run(String impl) {
                if (impl.equals("b") && calls.size() > 3) {
                    calls.add(impl);
                    throw new IllegalStateException("peer crashed");
                }
                return super.run(impl);
            }

            @Override
            public List<Measurement> derive(Map<String, List<Measurement>> round) {
                return List.of();
            }
        };
        BenchmarkResult r = Rounds.run(f, ctx(3), Map.of());
        // warm-up a b c; round 1: a, b fails; then a c only
        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a", "c", "a", "c"), f.calls);
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("b dropped after failing in round 1")), r.notes().toString());
        ResultRow a = r.results().stream().filter(x -> x.impl().equals("a")).findFirst().orElseThrow();
        assertEquals(3, a.stats().runs().length);
    }

    @Test
    void everyImplFailingIsAnError() {
        Fake f = new Fake(Map.of()) {
            @Override
            public List<Measurement> run(String impl) {
                throw new IllegalStateException("broken");
            }
        };
        assertThrows(IllegalStateException.class, () -> Rounds.run(f, ctx(1), Map.of()));
        assertTrue(f.closed);
    }
}
