package io.aionet.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seccomp launcher of the epoll tests: {@code deny_io_uring.c} (a test resource) compiled with gcc
 * once per test JVM. It installs a filter that refuses {@code io_uring_setup} with a chosen errno — as
 * Docker's and containerd's default profiles do — then execs the command, here a child JVM running the
 * command line's {@link Main}.
 */
final class DenyIoUring {
    private static Path launcher;
    private static String problem;

    private DenyIoUring() {}

    /** The compiled launcher; the calling test is skipped, saying why, when gcc cannot build it. */
    static synchronized Path launcher() throws Exception {
        if (launcher == null && problem == null) {
            Path dir = Files.createTempDirectory("aionet-deny");
            Path src = dir.resolve("deny_io_uring.c");
            try (InputStream in = DenyIoUring.class.getResourceAsStream("deny_io_uring.c")) {
                Files.write(src, in.readAllBytes());
            }
            Path exe = dir.resolve("deny_io_uring");
            try {
                Process cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
                String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (cc.waitFor() == 0) {
                    launcher = exe;
                } else {
                    problem = "could not build the seccomp launcher: " + out;
                }
            } catch (java.io.IOException e) {
                problem = "gcc is not installed: the seccomp fallback is not tested";
            }
        }
        assumeTrue(launcher != null, problem);
        return launcher;
    }

    /** A child JVM running {@code io.aionet.cli.Main} with {@code args}, on this JVM's class path. */
    static List<String> java(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code command} under the filter: {@code io_uring_setup} fails with {@code errno} (1: EPERM, 38: ENOSYS). */
    static List<String> denied(int errno, List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher().toString(), String.valueOf(errno)));
        cmd.addAll(command);
        return cmd;
    }

    /** Skips the calling test when the kernel refused to install the filter (the launcher says "seccomp:"). */
    static void assumeFiltered(String childOutput) {
        assumeTrue(!childOutput.contains("seccomp:"), "seccomp filters not permitted here: " + childOutput);
    }
}
