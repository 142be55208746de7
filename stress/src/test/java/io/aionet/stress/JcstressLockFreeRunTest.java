package io.aionet.stress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the jcstress tests of the library's other lock-free pieces — the event channel's MPSC post
 * queue, the returned-buffer Treiber stack, the buffer ownership state machine — in a bounded mode
 * ({@code -m sanity} unless {@code -Daionet.jcstress.mode=...}) in a child JVM, and fails when any
 * result is FORBIDDEN, any test errs, or one of them did not run.
 */
class JcstressLockFreeRunTest {
    private static final String[] TESTS = {
        "io.aionet.internal.concurrent.MpscLongQueueOfferPollStress",
        "io.aionet.internal.concurrent.MpscLongQueueFullStress",
        "io.aionet.internal.concurrent.TreiberStackPushTakeStress",
        "io.aionet.dma.BufferReleaseVersusKernelReturnStress",
        "io.aionet.dma.BufferDoubleReleaseStress",
    };

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void noForbiddenOutcomes() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String mode = System.getProperty("aionet.jcstress.mode", "sanity");
        Path results = Path.of(System.getProperty("aionet.jcstress.results", "target/jcstress-results"))
                .resolveSibling("jcstress-results-lockfree").toAbsolutePath();
        Files.createDirectories(results);
        try (var old = Files.list(results)) {
            for (Path f : old.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.delete(f); // reports of an earlier run must not pass for this one
                }
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                "org.openjdk.jcstress.Main", "-m", mode, "-r", results.toString(),
                "-t", "io\\.aionet\\.(internal\\.concurrent|dma)\\..*Stress",
                "-jvmArgsPrepend", "--enable-native-access=ALL-UNNAMED"));
        Path log = results.resolve("console.log");
        Process p = new ProcessBuilder(cmd).directory(results.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(9, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("jcstress did not finish in time; log: " + log);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "jcstress exited with " + p.exitValue() + ":\n" + tail(out));
        assertTrue(out.contains("Failed tests: No matches."), () -> "FORBIDDEN outcomes:\n" + tail(out));
        assertTrue(out.contains("Error tests: No matches."), () -> "tests in error:\n" + tail(out));
        for (String test : TESTS) {
            Path report = results.resolve(test + ".html");
            assertTrue(Files.exists(report), () -> test + " did not run (no " + report + "):\n" + tail(out));
        }
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }
}
