package io.aionet.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code aionet probe}: its first line names the backend. Where io_uring is refused (a seccomp filter
 * like a container's default profile, compiled here with gcc), the probe must say {@code epoll} and
 * why, and nothing may crash.
 */
class ProbeCommandTest {

    @Test
    void firstLineNamesIoUringHere() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProbeCommand.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("backend: io_uring", lines[0]);
        String all = out.toString(StandardCharsets.UTF_8);
        assertTrue(all.contains("features: 0x"), all);
        assertTrue(all.contains("NOP") && all.contains("SEND_ZC"), "opcodes listed by name");
    }

    private static List<String> javaCommand(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String run(List<String> cmd, int[] status) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
        status[0] = p.exitValue();
        return out;
    }

    @Test
    void forcedEpollIsReportedAsSuch() throws Exception {
        int[] st = new int[1];
        String out = run(javaCommand("-Daionet.backend=epoll", "io.aionet.cli.Main", "probe"), st);
        assertEquals(0, st[0], out);
        assertEquals("backend: epoll (forced by -Daionet.backend=epoll)", out.lines().findFirst().orElse(""));
    }

    @Test
    void refusedIoUringFallsBackToEpollWithTheReason() throws Exception {
        Path dir = Files.createTempDirectory("aionet-deny");
        Path src = dir.resolve("deny_io_uring.c");
        try (InputStream in = ProbeCommandTest.class.getResourceAsStream("deny_io_uring.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path exe = dir.resolve("deny_io_uring");
        Process cc;
        try {
            cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "gcc is not installed: seccomp fallback not tested");
            return;
        }
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(cc.waitFor() == 0, "could not build the seccomp helper: " + ccOut);

        List<String> eperm = new ArrayList<>(List.of(exe.toString(), "1"));
        eperm.addAll(javaCommand("io.aionet.cli.Main", "probe"));
        int[] st = new int[1];
        String out = run(eperm, st);
        assumeTrue(!out.contains("seccomp:"), "seccomp filters not permitted here: " + out);
        assertEquals(0, st[0], "probe must not crash: " + out);
        String first = out.lines().findFirst().orElse("");
        assertTrue(first.startsWith("backend: epoll (") && first.contains("EPERM"), first);
        assertTrue(out.contains("io_uring: unavailable"), out);

        List<String> enosys = new ArrayList<>(List.of(exe.toString(), "38"));
        enosys.addAll(javaCommand("io.aionet.cli.Main", "probe"));
        out = run(enosys, st);
        assertEquals(0, st[0], out);
        first = out.lines().findFirst().orElse("");
        assertTrue(first.startsWith("backend: epoll (") && first.contains("ENOSYS"), first);
    }
}
