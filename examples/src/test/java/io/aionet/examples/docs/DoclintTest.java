package io.aionet.examples.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The javadoc a user lives on: {@code javac -Xdoclint:all/protected} (every check, on what the javadoc
 * shows: public and protected members) finds nothing in the packages checked here, and each has a
 * {@code package-info} naming the seed concepts it realizes.
 */
@Timeout(300)
class DoclintTest {
    /**
     * Packages held doclint-clean: every package the module exports (checked against module-info by
     * {@link #everyExportedPackageIsHeld()}); the others' counts are printed.
     */
    private static final List<String> CLEAN = List.of("io.aionet", "io.aionet.aio", "io.aionet.uring", "io.aionet.channel.capture",
            "io.aionet.channel.classifier", "io.aionet.channel.packet", "io.aionet.channel.ring", "io.aionet.channel.tcp",
            "io.aionet.channel.xdp", "io.aionet.dma", "io.aionet.event", "io.aionet.net", "io.aionet.nio");

    /** {@return the packages module-info exports} */
    static List<String> exported() throws java.io.IOException {
        String module = Files.readString(PackagingTest.root().resolve("core/src/main/java/module-info.java"));
        Matcher exports = Pattern.compile("(?m)^\\s*exports ([a-z.]+)\\s*;").matcher(module);
        List<String> r = new java.util.ArrayList<>();
        while (exports.find()) {
            r.add(exports.group(1));
        }
        return r;
    }

    @Test
    void everyExportedPackageIsHeld() throws Exception {
        List<String> exported = exported();
        assertTrue(exported.size() >= 12, "module-info's exports: " + exported);
        for (String pkg : exported) {
            assertTrue(CLEAN.contains(pkg), "exported package " + pkg + " is not held doclint-clean here");
        }
    }

    @Test
    void checkedPackagesAreDoclintClean() throws Exception {
        Path src = PackagingTest.root().resolve("core/src/main/java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK (javac) runs the tests");
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("aionet-doclint");
        List<String> options = List.of("-Xdoclint:all/protected", "-Xmaxwarns", "100000", "-Xmaxerrs", "100000",
                "-d", out.toString(), "--module-source-path", "io.aionet=" + src, "--module", "io.aionet");
        boolean ok = javac.getTask(null, null, diags, options, null, null).call();
        assertTrue(ok, "core compiles: " + diags.getDiagnostics());
        Map<String, Integer> perPackage = new TreeMap<>();
        StringBuilder mine = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getSource() == null || d.getKind() == Diagnostic.Kind.NOTE) {
                continue; // without -Xlint, every warning with a source is doclint's
            }
            Path file = Path.of(d.getSource().toUri());
            String pkg = src.relativize(file.getParent()).toString().replace('/', '.');
            perPackage.merge(pkg, 1, Integer::sum);
            if (CLEAN.contains(pkg)) {
                mine.append(src.relativize(file)).append(':').append(d.getLineNumber()).append(": ")
                        .append(d.getMessage(null)).append('\n');
            }
        }
        System.out.println("doclint (all/protected) findings per package: " + perPackage);
        assertEquals("", mine.toString(), "doclint findings in " + CLEAN);
    }

    @Test
    void everyExportedPackageNamesItsSeedConcepts() throws Exception {
        Path src = PackagingTest.root().resolve("core/src/main/java");
        Pattern seed = Pattern.compile("Drepper|Polyakov|Jacobson");
        StringBuilder missing = new StringBuilder();
        for (String pkg : exported()) {
            Path info = src.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                missing.append(pkg).append(": no package-info\n");
            } else if (!seed.matcher(Files.readString(info)).find()) {
                missing.append(pkg).append(": its package-info names no seed concept (Drepper, Polyakov, Jacobson)\n");
            }
        }
        assertEquals("", missing.toString(), "every exported package has a package-info naming its seed concepts");
    }
}
