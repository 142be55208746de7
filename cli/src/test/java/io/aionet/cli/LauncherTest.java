package io.aionet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code ./aionet} launcher: it says when it skips an older JDK named by {@code JAVA_HOME}, and its
 * output (Maven's included) carries no terminal escape codes.
 */
@Timeout(120)
class LauncherTest {
    @TempDir
    Path tmp;

    private static Path launcher() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("aionet");
        assumeTrue(Files.isRegularFile(p), "the launcher is not beside the cli module: " + p);
        return p;
    }

    /** A directory that looks like a Java 21 JDK to the launcher (its java prints the properties). */
    private Path fakeOldJdk() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("jdk-21/bin"));
        for (String tool : List.of("java", "javac")) {
            Path f = bin.resolve(tool);
            Files.writeString(f, "#!/bin/sh\necho '    java.specification.version = 21' >&2\nexit 0\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin.getParent();
    }

    private record Out(int status, String stdout, String stderr) {}

    private Out run(Path javaHome, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("MAVEN_OPTS"); // the launcher must set what it needs by itself
        pb.redirectError(tmp.resolve("err").toFile()).redirectOutput(tmp.resolve("out").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "launcher finished");
        return new Out(p.exitValue(), Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void anOlderJavaHomeIsSkippedAloud() throws Exception {
        Path old = fakeOldJdk();
        Out o = run(old, "help");
        assertEquals(0, o.status(), o.stderr());
        assertTrue(o.stderr().startsWith("aionet: JAVA_HOME=" + old + " is Java 21, older than 25: skipped it, using /"),
                o.stderr());
        assertTrue(o.stdout().startsWith("usage: ./aionet <command>"), o.stdout());
    }

    @Test
    void mavensOutputCarriesNoTerminalCodes() throws Exception {
        Out o = run(Path.of(System.getProperty("java.home")), "mvn", "-q", "-pl", "core", "validate");
        assertEquals(0, o.status(), o.stderr());
        assertFalse((o.stdout() + o.stderr()).contains("\u001b"), "escape codes in: " + (o.stdout() + o.stderr()).replace("\u001b", "ESC"));
        assertFalse(o.stderr().contains("skipped"), "this JDK qualifies: " + o.stderr());
    }
}
