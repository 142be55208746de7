package io.aionet.examples.docs;

import io.aionet.examples.readme.EventChannelTaste;
import io.aionet.examples.readme.RingTaste;
import io.aionet.examples.readme.SocketTaste;
import io.aionet.linux.Fds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java block in the README is a region of a program in {@code io.aionet.examples.readme}, quoted
 * verbatim, and every one of those programs runs here and does what the README says.
 */
@Timeout(60)
class ReadmeSnippetsTest {
    private static final Pattern REGION = Pattern.compile(
            "^([ \\t]*)// @start region=\"([^\"]+)\"\\n(.*?)\\n[ \\t]*// @end\\b", Pattern.MULTILINE | Pattern.DOTALL);

    /** The regions ({@code // @start region="name"} … {@code // @end}) of every source under {@code dir}, dedented. */
    static Map<String, String> regions(Path dir) throws IOException {
        Map<String, String> r = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REGION.matcher(Files.readString(f));
                while (m.find()) {
                    r.put(f.getFileName() + "#" + m.group(2), m.group(3).stripIndent().stripTrailing());
                }
            }
        }
        return r;
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("^```java\\n(.*?)\\n```$", Pattern.MULTILINE | Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1).stripIndent().stripTrailing());
        }
        return blocks;
    }

    @Test
    void everyReadmeBlockIsARegionOfATestedProgram() throws Exception {
        Path root = PackagingTest.root();
        Map<String, String> regions = regions(root.resolve("examples/src/main/java/io/aionet/examples/readme"));
        List<String> blocks = javaBlocks(Files.readString(root.resolve("README.md")));
        assertEquals(6, blocks.size(), "the README's Java blocks");
        for (String b : blocks) {
            assertTrue(regions.containsValue(b), "README block is not a region of examples/.../readme (edit the "
                    + "program, then quote it):\n" + b + "\nregions: " + regions.keySet());
        }
    }

    /**
     * The inline {@code {@snippet : …}} bodies of the javadoc in {@code files}, without the comment's
     * stars; a body ends where its braces balance the snippet tag's own.
     */
    static List<String> javadocSnippets(List<Path> files) throws IOException {
        List<String> r = new ArrayList<>();
        for (Path f : files) {
            StringBuilder body = null;
            int depth = 0;
            for (String line : Files.readAllLines(f)) {
                String text = line.replaceFirst("^\\s*\\* ?", "");
                if (body == null) {
                    if (text.matches("\\{@snippet[^:]*:\\s*")) {
                        body = new StringBuilder();
                        depth = 1;
                    }
                    continue;
                }
                for (char c : text.toCharArray()) {
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                }
                if (depth == 0) {
                    r.add(body.toString().stripIndent().stripTrailing());
                    body = null;
                } else {
                    body.append(text).append('\n');
                }
            }
        }
        return r;
    }

    /** The packages whose javadoc snippets are held to be regions of tested programs. */
    static final List<String> SNIPPETS_HELD = List.of("io.aionet", "io.aionet.aio", "io.aionet.uring", "io.aionet.dma", "io.aionet.event",
            "io.aionet.net", "io.aionet.nio");

    /**
     * Every inline snippet of the packages in {@link #SNIPPETS_HELD} (and module-info) is a region of a
     * program in {@code io.aionet.examples.readme}: the examples module compiles it, and
     * {@code JavadocSnippetsTest} and the tests here run it.
     */
    @Test
    void heldJavadocSnippetsAreRegionsOfTestedPrograms() throws Exception {
        Path root = PackagingTest.root();
        Map<String, String> regions = regions(root.resolve("examples/src/main/java/io/aionet/examples/readme"));
        Path src = root.resolve("core/src/main/java");
        List<Path> files = new ArrayList<>(List.of(src.resolve("module-info.java")));
        for (String pkg : SNIPPETS_HELD) {
            try (Stream<Path> s = Files.list(src.resolve(pkg.replace('.', '/')))) {
                s.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        List<String> snippets = javadocSnippets(files);
        assertTrue(snippets.size() >= 9, "the exported packages' snippets (IoUring, Sqe, DmaArea, ReceivePool, "
                + "EventChannel twice, AsyncSocket, AsyncDatagramSocket, the NIO provider, ...): " + snippets);
        for (String s : snippets) {
            assertTrue(regions.containsValue(s), "javadoc snippet is not a region of examples/.../readme:\n" + s
                    + "\nregions: " + regions.keySet());
        }
    }

    @Test
    void ringSqeSnippetReceives() throws Exception {
        int[] pair = new int[2];
        assertEquals(0, io.aionet.linux.Sockets.socketpair(1 /* AF_UNIX */, io.aionet.linux.Sockets.SOCK_STREAM, 0, pair));
        try (Arena a = Arena.ofConfined();
             io.aionet.uring.IoUring ring = io.aionet.uring.IoUring.builder().entries(8).open()) {
            assertEquals(2, Fds.write(pair[1], a.allocateFrom("hi").asSlice(0, 2)));
            java.lang.foreign.MemorySegment buffer = a.allocate(64);
            assertEquals(2, RingTaste.recv(ring, pair[0], buffer));
            assertEquals("hi", new String(buffer.asSlice(0, 2).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        } finally {
            Fds.close(pair[0]);
            Fds.close(pair[1]);
        }
    }

    @Test
    void eventChannelTasteSeesTimerDescriptorAndPost() throws Exception {
        int[] pipe = new int[2];
        assertEquals(0, Fds.pipe2(pipe, Fds.O_NONBLOCK | Fds.O_CLOEXEC));
        try (Arena a = Arena.ofConfined()) {
            assertEquals(1, Fds.write(pipe[1], a.allocateFrom("x").asSlice(0, 1)));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            EventChannelTaste.watch(pipe[0], 6, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
            assertTrue(lines.contains("TIMER 1"), lines.toString());
            assertTrue(lines.contains("FD_READY 2"), lines.toString());
            assertTrue(lines.contains("USER 3"), lines.toString());
            assertTrue(lines.size() >= 6, lines.toString());
            assertTrue(lines.stream().filter("TIMER 1"::equals).count() >= 2, "a periodic timer: " + lines);
        } finally {
            Fds.close(pipe[0]);
            Fds.close(pipe[1]);
        }
    }

    @Test
    void socketTasteGetsItsHelloBack() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket c = server.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                    out.write(in.readNBytes(5));
                    out.flush();
                    in.read(); // until the client closes
                } catch (IOException ignored) {
                    // the test's assertion reports what went wrong
                }
            }, "echo");
            echo.setDaemon(true);
            echo.start();
            assertEquals("hello", SocketTaste.helloEcho(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort())));
        }
    }

    @Test
    void ringTasteCompletesItsNop() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RingTaste.nop(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("7 -> 0\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void standardJavaTastesEchoOnAionet() throws Exception {
        try (io.aionet.nio.BlockingServerSocket server = io.aionet.examples.readme.StandardJavaTaste.virtualThreadEchoServer()) {
            java.net.SocketAddress at = server.localAddress();
            assertEquals("hello", io.aionet.examples.readme.StandardJavaTaste.futuresHello(at));
            assertEquals("io.aionet.nio.AionetAsynchronousChannelProvider hi",
                    io.aionet.examples.readme.StandardJavaTaste.nio2Hello(at));
            // the server's own end is plain JDK code's peer too
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), ((InetSocketAddress) at).getPort())) {
                c.getOutputStream().write("abc".getBytes(StandardCharsets.US_ASCII));
                assertEquals("abc", new String(c.getInputStream().readNBytes(3), StandardCharsets.US_ASCII));
            }
        }
    }
}
