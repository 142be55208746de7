package io.aionet.cli;

import io.aionet.internal.ResourceSnapshot;
import io.aionet.internal.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aionet.cli.CommandLineTest.Run;
import static io.aionet.cli.CommandLineTest.aionet;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code aionet soak}: CI's short run (30 s, a fixed seed) must pass with every kind of connection in
 * it; and the verdict must fail on what the run is there to find — a lost or corrupted byte, a leaked
 * descriptor, growing memory — and on nothing else (serve's cached pipes).
 */
class SoakCommandTest {
    /** The total column of a traffic row ({@code "  bytes lost    0    0    0"}). */
    private static long total(String out, String row) {
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(row) + " +[0-9,.]+ +[0-9,.]+ +([0-9,.]+)$").matcher(out);
        assertTrue(m.find(), "no row '" + row + "' in:\n" + out);
        return Long.parseLong(m.group(1).replace(",", "").replace(".", ""));
    }

    @Test
    @Timeout(240)
    void aThirtySecondSoakWithAFixedSeedLosesNothingAndLeaksNothing() {
        Run r = aionet("soak", "--minutes", "0.5", "--seed", "18");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("soak: PASS"), r.out());
        assertEquals(0, total(r.out(), "bytes lost"), r.out());
        assertEquals(0, total(r.out(), "bytes corrupted"), r.out());
        // a loaded machine runs fewer, but every kind of connection must have been in it
        assertTrue(total(r.out(), "connections") >= 1000, r.out());
        assertTrue(total(r.out(), "  reset by the client (RST)") > 0, r.out());
        assertTrue(total(r.out(), "  half-closed") > 0, r.out());
        assertTrue(total(r.out(), "  slow readers") > 0, r.out());
        assertTrue(total(r.out(), "HTTP responses checked") > 0, r.out());
        assertTrue(total(r.out(), "bytes owed and checked") > 100L << 20, r.out());
        assertFalse(r.out().contains("LEAK"), r.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        for (String[] bad : List.of(new String[] {"--connections", "0"}, new String[] {"--concurrency", "0"},
                new String[] {"--minutes", "-1"}, new String[] {"--threads", "17"})) {
            Run r = aionet("soak", bad[0], bad[1]);
            assertEquals(2, r.status(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().contains(bad[0].substring(2) + " must be"), r.err());
        }
        Run r = aionet("soak", "--seed", "x");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("seed must be a number"), r.err());
    }

    // ------------------------------------------------------------------ the verdict

    private static ResourceSnapshot snapshot(int fds, int pipes, long nativeBytes) {
        Map<Integer, String> d = new TreeMap<>();
        for (int i = 0; i < fds; i++) {
            d.put(10 + i, "socket:[" + (1000 + i) + "]");
        }
        for (int i = 0; i < pipes; i++) {
            d.put(500 + i, "pipe:[" + (2000 + i) + "]");
        }
        return new ResourceSnapshot(d, nativeBytes, nativeBytes > 0 ? 1 : 0, new EnumMap<>(Resources.Kind.class), 0);
    }

    /** A report of a clean run: every owed byte delivered, everything back to its baseline. */
    private static SoakReport clean() {
        SoakReport r = new SoakReport(18, 200, 1);
        r.tally = new SoakTally();
        SoakTally.PerServer p = r.tally.of(SoakTally.Server.ECHO);
        p.connections.add(10);
        p.wellBehaved.add(10);
        p.expected.add(1000);
        p.delivered.add(1000);
        r.tally.done.add(10);
        r.baseline = snapshot(5, 1, 0);
        r.up = snapshot(9, 1, 4096);
        r.afterConnections = snapshot(9, 1, 4096);
        r.closed = snapshot(5, 1, 0);
        r.half = new SoakResources.Resident(300L << 20, 200L << 20, 50L << 20);
        r.end = new SoakResources.Resident(300L << 20, 200L << 20, 50L << 20);
        return r;
    }

    private static String verdict(SoakReport r, boolean pass) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        assertEquals(pass, r.print(new PrintStream(b, true, StandardCharsets.UTF_8)), b.toString(StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCleanRunPassesAndServesCachedPipesAreNoLeak() {
        assertTrue(verdict(clean(), true).contains("soak: PASS"));
        SoakReport r = clean();
        r.afterConnections = snapshot(9, 1 + SoakResources.PIPE_DESCRIPTORS_KEPT_PER_CHANNEL, 4096);
        assertTrue(verdict(r, true).contains("ok (serve's file sends keep up to 32)"));
    }

    @Test
    void aLostOrCorruptedByteFailsTheRun() {
        SoakReport r = clean();
        r.tally.of(SoakTally.Server.ECHO).expected.add(1); // owed, never delivered
        String out = verdict(r, false);
        assertTrue(out.contains("soak: FAIL — bytes lost or corrupted"), out);
        r = clean();
        r.tally.of(SoakTally.Server.SERVE).corrupted.add(1);
        verdict(r, false);
        r = clean();
        r.tally.fault(SoakTally.Fault.STALLED, 7, SoakTally.Server.SERVE, "no byte for 30 s");
        out = verdict(r, false);
        assertTrue(out.contains("connection 7 (serve): no byte for 30 s"), out);
    }

    @Test
    void aLeakFailsTheRun() {
        SoakReport r = clean();
        r.afterConnections = snapshot(10, 1, 4096); // a socket a connection left open
        assertTrue(verdict(r, false).contains("connections leaked: descriptors other than pipes 9 -> 10"));
        r = clean();
        r.afterConnections = snapshot(9, 2 + SoakResources.PIPE_DESCRIPTORS_KEPT_PER_CHANNEL, 4096);
        assertTrue(verdict(r, false).contains("pipe descriptors"));
        r = clean();
        r.closed = snapshot(5, 1, 4096); // memory a server did not unmap
        assertTrue(verdict(r, false).contains("servers leaked: native memory mapped 0 -> 4096 bytes"));
        r = clean();
        r.end = new SoakResources.Resident(600L << 20, 200L << 20, 50L << 20); // 300 MiB more, none of it heap
        assertTrue(verdict(r, false).contains("RSS besides the heap grew"));
    }

    @Test
    void theDataTellsAFlippedByteAndAShiftedStream() {
        SoakData d = new SoakData(18);
        int start = 12_345;
        byte[] got = new byte[4096];
        System.arraycopy(d.tape(), start + 100, got, 0, got.length);
        assertEquals(0, d.mismatches(got, got.length, start, 100));
        got[7] ^= 1;
        assertEquals(1, d.mismatches(got, got.length, start, 100));
        System.arraycopy(d.tape(), start + 100 + 2048, got, 0, got.length); // a piece of 2 KiB went missing
        assertTrue(d.mismatches(got, got.length, start, 100) > got.length * 9 / 10);
        String where = d.whereFrom(got, got.length, SoakData.index(start, 100), d.tape(), SoakData.index(start, 100));
        assertTrue(where.contains("(shift 2048)"), where);
    }
}
