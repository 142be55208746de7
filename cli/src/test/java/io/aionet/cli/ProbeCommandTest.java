package io.aionet.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code aionet probe}: its first line names the backend. Where io_uring is refused (a seccomp filter
 * like a container's default profile, compiled here with gcc), the probe must say {@code epoll} and
 * why, and nothing may crash ({@link DenyIoUring}).
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
        String out = run(DenyIoUring.java("-Daionet.backend=epoll", "io.aionet.cli.Main", "probe"), st);
        assertEquals(0, st[0], out);
        assertEquals("backend: epoll (forced by -Daionet.backend=epoll)", out.lines().findFirst().orElse(""));
    }

    @Test
    void refusedIoUringFallsBackToEpollWithTheReason() throws Exception {
        List<String> eperm = DenyIoUring.denied(1, DenyIoUring.java("io.aionet.cli.Main", "probe"));
        int[] st = new int[1];
        String out = run(eperm, st);
        DenyIoUring.assumeFiltered(out);
        assertEquals(0, st[0], "probe must not crash: " + out);
        String first = out.lines().findFirst().orElse("");
        assertTrue(first.startsWith("backend: epoll (") && first.contains("EPERM"), first);
        assertTrue(out.contains("io_uring: unavailable"), out);

        List<String> enosys = DenyIoUring.denied(38, DenyIoUring.java("io.aionet.cli.Main", "probe"));
        out = run(enosys, st);
        assertEquals(0, st[0], out);
        first = out.lines().findFirst().orElse("");
        assertTrue(first.startsWith("backend: epoll (") && first.contains("ENOSYS"), first);
    }
}
