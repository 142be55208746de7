package io.aionet.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The core jar's {@code Main-Class} on a JDK older than 25 says what aionet needs instead of failing on
 * a class file version; run with a real old JDK from {@code /usr/lib/jvm} when one is installed.
 */
@Timeout(120)
class RequiresJava25Test {
    private record Run(int status, String out) {}

    private static Run run(Path java) throws Exception {
        Path classes = Path.of(RequiresJava25.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process p = new ProcessBuilder(java.toString(), "-cp", classes.toString(), RequiresJava25.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
        return new Run(p.exitValue(), out);
    }

    /** A java binary of a JDK older than 25 under /usr/lib/jvm, or null. */
    private static Path oldJava() throws Exception {
        Path jvm = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvm)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvm)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                Path java = home.resolve("bin/java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
                    continue;
                }
                for (String line : Files.readAllLines(release)) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                        if (RequiresJava25.feature(v) < 25) {
                            return java;
                        }
                    }
                }
            }
        }
        return null;
    }

    @Test
    void theClassFileIsJava8s() throws Exception {
        try (InputStream in = RequiresJava25.class.getResourceAsStream("RequiresJava25.class");
             DataInputStream d = new DataInputStream(in)) {
            assertEquals(0xCAFEBABE, d.readInt());
            d.readUnsignedShort();
            assertEquals(52, d.readUnsignedShort(), "class file major version 52 (Java 8): any old JVM loads it");
        }
    }

    @Test
    void anOlderJdkIsToldWhatAionetNeeds() throws Exception {
        Path java = oldJava();
        assumeTrue(java != null, "no JDK older than 25 under /usr/lib/jvm: skipped");
        Run r = run(java);
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().startsWith("aionet needs Java 25 or newer (the FFM API, java.lang.foreign); this is Java "), r.out());
        assertTrue(r.out().contains("run it with a JDK 25"), r.out());
        assertEquals(1, r.out().strip().lines().count(), "one sentence: " + r.out());
    }

    @Test
    void java25IsToldWhatTheJarIs() throws Exception {
        Run r = run(Path.of(ProcessHandle.current().info().command().orElse("java")));
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().startsWith("aionet-core: the library (module io.aionet), not a program; Java "), r.out());
    }

    @Test
    void versionsParse() {
        assertEquals(8, RequiresJava25.feature("1.8"));
        assertEquals(17, RequiresJava25.feature("17"));
        assertEquals(17, RequiresJava25.feature("17.0.12"));
        assertEquals(25, RequiresJava25.feature("25"));
        assertEquals(0, RequiresJava25.feature("x"));
    }
}
