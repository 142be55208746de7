package io.aionet.bench.nop;

import io.aionet.bench.harness.NativeBuild;
import io.aionet.uring.IoUring;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code c-io_uring} peer ({@code bench/native/nop_raw.c}: the kernel's {@code linux/io_uring.h},
 * raw system calls, no liburing) builds with nothing but gcc and the kernel headers, and reports sane
 * figures: every NOP completes once (the checksum of the tags reaped), the times are positive and
 * below a millisecond per NOP, and the CPU time does not exceed the wall time by more than the
 * clocks' granularity. Both SQ layouts are run: with {@code NO_SQARRAY} (kernel 6.6+) and with the
 * index array older kernels need.
 */
class NopRawPeerTest {
    private static final Pattern NOP_LINE = Pattern.compile(
            "nop batch=(\\d+) nops=(\\d+) ns_per_nop=([0-9.]+) cpu_ns_per_nop=([0-9.]+) checksum=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void buildsWithoutLiburingAndReportsSaneFigures() throws Exception {
        Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        // no -luring: the raw peer must link against libc alone
        NativeBuild.Result r = NativeBuild.compile("nop_raw.c", dir);
        Assumptions.assumeTrue(r.problem() == null || !r.problem().startsWith("gcc is not installed"),
                "gcc is not installed");
        assertTrue(r.ok(), "nop_raw.c must build from the kernel's headers alone: " + r.problem());
        for (boolean sqArray : new boolean[] {false, true}) {
            List<String> cmd = new ArrayList<>(List.of(r.program().toString(), "-n", "20000"));
            if (sqArray) {
                cmd.add("-a");
            }
            cmd.addAll(List.of("1", "16", "256"));
            String out = run(cmd);
            COutput parsed = COutput.parse(out);
            assertTrue(parsed.setup() != null && parsed.setup().contains("accepted="), out);
            if (sqArray) {
                assertFalse(parsed.setup().contains("NO_SQARRAY"), "-a keeps the SQ index array: " + out);
            }
            assertEquals(List.of(1, 16, 256), List.copyOf(parsed.nsPerNop().keySet()), out);
            Matcher m = NOP_LINE.matcher(out);
            int lines = 0;
            while (m.find()) {
                lines++;
                long batch = Long.parseLong(m.group(1));
                long nops = Long.parseLong(m.group(2));
                double ns = Double.parseDouble(m.group(3));
                double cpu = Double.parseDouble(m.group(4));
                assertEquals(20000 / batch * batch, nops, out);
                assertEquals(nops * (nops + 1) / 2, Long.parseLong(m.group(5)), "every tag reaped once: " + out);
                assertTrue(ns > 0 && ns < 1_000_000, "ns per NOP " + ns + ": " + out);
                assertTrue(cpu > 0 && cpu <= ns * 1.05 + 50, "cpu " + cpu + " vs elapsed " + ns + ": " + out);
            }
            assertEquals(3, lines, out);
        }
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        NativeBuild.Result r = NativeBuild.compile("nop_raw.c", dir);
        Assumptions.assumeTrue(r.ok(), "cannot build nop_raw.c: " + r.problem());
        Process p = new ProcessBuilder(r.program().toString(), "-e", "8", "16").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("exceeds the ring's 8 entries"), out);
        assertFalse(out.contains("nop batch="), out);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nop_raw finished");
        Assumptions.assumeTrue(p.exitValue() != 77, "io_uring_setup refused here: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void withoutLiburingTheRawPeerStillRuns() throws Exception {
        Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        Assumptions.assumeTrue(NativeBuild.compile("nop_raw.c", dir.resolve("probe")).ok(), "cannot build C here");
        // a machine without liburing-dev, as far as the build can tell: the library does not link
        NopMacro m = new NopMacro(java.util.Map.of(
                NopMacro.C, List.of("nop_bench.c", "-laionet_no_such_library"),
                NopMacro.C_RAW, List.of("nop_raw.c")));
        try (m) {
            var ctx = new io.aionet.bench.harness.HarnessContext(dir.resolve("build"), dir.resolve("out"),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), 1);
            java.util.Map<String, String> skipped = m.prepare(ctx);
            assertEquals(java.util.Set.of(NopMacro.C), skipped.keySet(), "only the liburing peer is skipped: " + skipped);
            List<io.aionet.bench.harness.Measurement> c = m.run(NopMacro.C_RAW);
            assertEquals(2 * NopMacro.BATCHES.length, c.size(), "elapsed and CPU figures per batch: " + c);
            assertTrue(c.stream().allMatch(x -> x.impl().equals(NopMacro.C_RAW) && x.value() > 0), c.toString());
            List<io.aionet.bench.harness.Measurement> ratios = m.derive(java.util.Map.of(
                    NopMacro.AIONET, List.of(new io.aionet.bench.harness.Measurement(NopMacro.AIONET, "batch 16", "ns/NOP", 1)),
                    NopMacro.C_RAW, c));
            assertEquals(List.of("batch 16 / c-io_uring"), ratios.stream().map(io.aionet.bench.harness.Measurement::metric).toList());
        }
    }
}
