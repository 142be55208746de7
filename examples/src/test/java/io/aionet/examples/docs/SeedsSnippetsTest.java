package io.aionet.examples.docs;

import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.examples.readme.JavadocSnippets;
import io.aionet.examples.readme.SeedsSnippets;
import io.aionet.linux.Fds;
import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docs/seeds.md}: every Java block is a region of a program in {@code io.aionet.examples.readme}, and
 * the programs behind them ({@link SeedsSnippets}) run and do what the page says.
 */
@Timeout(60)
class SeedsSnippetsTest {
    @Test
    void everyJavaBlockOfSeedsMdIsARegionOfATestedProgram() throws Exception {
        Path root = PackagingTest.root();
        Map<String, String> regions = ReadmeSnippetsTest.regions(root.resolve("examples/src/main/java/io/aionet/examples/readme"));
        List<String> blocks = ReadmeSnippetsTest.javaBlocks(Files.readString(root.resolve("docs/seeds.md")));
        assertEquals(3, blocks.size(), "one block per seed proposal");
        for (String b : blocks) {
            assertTrue(regions.containsValue(b), "docs/seeds.md block is not a region of examples/.../readme:\n" + b);
        }
    }

    /** A connected pair on {@code ch}: [client, accepted]. */
    private static AsyncSocket[] pair(EventChannel ch) throws Exception {
        try (AsyncServerSocket server = AsyncServerSocket.open(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false)) {
            server.accept(91);
            AsyncSocket client = AsyncSocket.connect(ch, server.localAddress(), 1_000_000_000L, 92);
            int fd = JavadocSnippets.nextCompletion(ch, 91).result();
            assertEquals(0, JavadocSnippets.nextCompletion(ch, 92).result(), "connected");
            return new AsyncSocket[] {client, AsyncSocket.adopt(ch, fd)};
        }
    }

    @Test
    void drepperSnippetReceivesIntoAKernelChosenBuffer() throws Exception {
        try (EventChannel ch = EventChannel.create(); DmaArea dma = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
            AsyncSocket[] p = pair(ch);
            byte[] got = SeedsSnippets.drepper(ch, dma, p[0], p[1]);
            assertEquals("hello", new String(got, StandardCharsets.US_ASCII));
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void polyakovSnippetSeesItsSourcesAndSendsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sent");
        Files.writeString(file, "lazy sendfile");
        Path watched = Files.createDirectory(dir.resolve("watched"));
        int[] pipe = new int[2];
        assertEquals(0, Fds.pipe2(pipe, Fds.O_NONBLOCK | Fds.O_CLOEXEC));
        try (EventChannel ch = EventChannel.create(); Arena a = Arena.ofConfined()) {
            assertEquals(1, Fds.write(pipe[1], a.allocateFrom("x").asSlice(0, 1)));
            AsyncSocket[] p = pair(ch);
            int ready = SeedsSnippets.polyakov(ch, pipe[0], watched, p[0], file, 13);
            assertTrue(ready >= 3, "timer, descriptor and the file send: " + ready);
            java.lang.foreign.MemorySegment in = a.allocate(13);
            p[1].receive(in, 0, 13, 0, 93);
            Event r = JavadocSnippets.nextCompletion(ch, 93);
            assertEquals(13, r.result());
            assertEquals("lazy sendfile", new String(in.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            p[0].close();
            p[1].close();
        } finally {
            Fds.close(pipe[0]);
            Fds.close(pipe[1]);
        }
    }

    @Test
    void vanJacobsonSnippetClassifiesAndCarriesADescriptor() {
        String what = SeedsSnippets.vanJacobson();
        assertTrue(what.contains("1500") && what.endsWith("unknown flow -> basic channel"), what);
    }
}
