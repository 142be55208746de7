package io.aionet.examples.docs;

import io.aionet.Errno;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * aionet as a new user meets it: a separate program, compiled against the core jar alone and run in a
 * JVM of its own, on the module path ({@code requires io.aionet;}) and on the class path. The jar is
 * the core's classes packed with the {@code jar} tool (during {@code mvn test} Maven has not packed it
 * yet); nothing else is on either path, so the core needs no other library at run time.
 */
@Timeout(180)
class ConsumerTest {
    /** The user's program: the README's sizes (a 2 MiB area holds a 64-buffer pool and the send buffers). */
    private static final String PROGRAM = """
            package demo;

            import io.aionet.dma.Buffer;
            import io.aionet.dma.DmaArea;
            import io.aionet.dma.DmaOptions;
            import io.aionet.dma.ReceivePool;
            import io.aionet.event.Event;
            import io.aionet.event.EventChannel;

            public final class Consumer {
                public static void main(String[] args) throws Exception {
                    try (EventChannel ch = EventChannel.create();
                         DmaArea area = DmaArea.allocate(2 << 20, DmaOptions.defaults())) {
                        ReceivePool pool = ch.receivePool(area, 1, 64);
                        Buffer out = area.reserve(5);
                        if (out == null) {
                            throw new IllegalStateException("the area has nothing left to reserve");
                        }
                        out.release();
                        ch.post(3);
                        Event e = new Event();
                        ch.await(1, 1_000_000_000L);
                        if (!ch.next(e) || e.tag() != 3) {
                            throw new IllegalStateException("the posted event did not arrive: " + e);
                        }
                        System.out.println("consumer ok: " + pool.buffers() + " buffers, module "
                                + EventChannel.class.getModule().getName());
                    }
                }
            }
            """;

    private static Path coreJar;

    @BeforeAll
    static void packTheCore(@TempDir Path dir) throws Exception {
        Path classes = Path.of(Errno.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(classes)) {
            coreJar = classes; // already a jar
            return;
        }
        coreJar = dir.resolve("aionet-core.jar");
        run(tool("jar"), "--create", "--file", coreJar.toString(), "-C", classes.toString(), ".");
    }

    private static ToolProvider tool(String name) {
        return ToolProvider.findFirst(name).orElseThrow(() -> new AssertionError("a JDK with " + name + " runs the tests"));
    }

    private static void run(ToolProvider tool, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = tool.run(out, out, args);
        assertEquals(0, status, tool.name() + " " + String.join(" ", args) + ": " + bytes.toString(StandardCharsets.UTF_8));
    }

    private record Child(int status, String out) {}

    private static Child java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program finished");
        return new Child(p.exitValue(), out);
    }

    /** Compiles the program into {@code dir/out}, as a module when {@code modular}. */
    private static Path compile(Path dir, boolean modular) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("demo/Consumer.java"), PROGRAM);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("-Xlint:all", "-Werror", "-d", out.toString()));
        if (modular) {
            Files.writeString(src.resolve("module-info.java"), "module demo { requires io.aionet; }\n");
            args.addAll(List.of("--module-path", coreJar.toString(), src.resolve("module-info.java").toString()));
        } else {
            args.addAll(List.of("--class-path", coreJar.toString()));
        }
        args.add(src.resolve("demo/Consumer.java").toString());
        run(tool("javac"), args.toArray(String[]::new));
        return out;
    }

    @Test
    void theCoreNeedsNoOtherModule() throws Exception {
        ModuleDescriptor d = ModuleFinder.of(coreJar).findAll().iterator().next().descriptor();
        assertEquals("io.aionet", d.name());
        for (ModuleDescriptor.Requires r : d.requires()) {
            assertTrue(r.name().startsWith("java.") || r.name().startsWith("jdk."),
                    "io.aionet requires only the JDK's modules, not " + r.name());
        }
    }

    @Test
    void runsOnTheModulePath(@TempDir Path dir) throws Exception {
        Path out = compile(dir, true);
        String path = coreJar + java.io.File.pathSeparator + out;
        Child c = java("--illegal-native-access=deny", "--enable-native-access=io.aionet",
                "--module-path", path, "--module", "demo/demo.Consumer");
        assertEquals(0, c.status(), c.out());
        assertEquals("consumer ok: 64 buffers, module io.aionet", c.out().strip());

        Child denied = java("--illegal-native-access=deny", "--module-path", path, "--module", "demo/demo.Consumer");
        assertNotEquals(0, denied.status(), denied.out());
        assertOneSentence(denied, "add --enable-native-access=io.aionet to the java command line");
    }

    @Test
    void runsOnTheClassPath(@TempDir Path dir) throws Exception {
        Path out = compile(dir, false);
        String path = coreJar + java.io.File.pathSeparator + out;
        Child c = java("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED", "-cp", path, "demo.Consumer");
        assertEquals(0, c.status(), c.out());
        assertEquals("consumer ok: 64 buffers, module null", c.out().strip());

        Child denied = java("--illegal-native-access=deny", "-cp", path, "demo.Consumer");
        assertNotEquals(0, denied.status(), denied.out());
        assertOneSentence(denied, "add --enable-native-access=ALL-UNNAMED to the java command line");
    }

    /** The program's first call into aionet ended it with the sentence, not a class-initialization error. */
    private static void assertOneSentence(Child denied, String flag) {
        assertNotEquals(0, denied.status(), denied.out());
        String first = denied.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Exception in thread \"main\" java.lang.UnsatisfiedLinkError: aionet calls the "
                + "kernel through the FFM API and this JVM denies it native access: " + flag), denied.out());
        assertTrue(!denied.out().contains("ExceptionInInitializerError") && !denied.out().contains("NoClassDefFoundError"),
                denied.out());
    }
}
