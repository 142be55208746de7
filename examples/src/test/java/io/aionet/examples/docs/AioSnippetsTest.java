package io.aionet.examples.docs;

import io.aionet.aio.Aio;
import io.aionet.aio.AioFile;
import io.aionet.aio.AioRequest;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.examples.readme.AioSnippets;
import io.aionet.examples.readme.JavadocSnippets;
import io.aionet.net.AsyncSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Runs each program behind a javadoc snippet of io.aionet.aio and checks what it did. */
@Timeout(60)
class AioSnippetsTest {
    /** Connects an aionet socket of {@code ch} to {@code server}, and returns what the peer reads until EOF. */
    private static Thread reader(ServerSocket server, AtomicReference<byte[]> got) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (Socket c = server.accept(); InputStream in = c.getInputStream()) {
                got.set(in.readAllBytes());
            } catch (java.io.IOException e) {
                got.set(new byte[0]);
            }
        });
    }

    private static AsyncSocket connect(EventChannel ch, ServerSocket server) throws Exception {
        AsyncSocket s = AsyncSocket.connect(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                1_000_000_000L, 99);
        assertEquals(0, JavadocSnippets.nextCompletion(ch, 99).result(), "connected");
        return s;
    }

    @Test
    void aioSendSnippetSendsAndNotifies() throws Exception {
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Arena a = Arena.ofConfined();
             EventChannel ch = EventChannel.create()) {
            Thread t = reader(server, got);
            AsyncSocket s = connect(ch, server);
            MemorySegment message = a.allocateFrom("aio_send").asSlice(0, 8);
            AioRequest cb = AioSnippets.send(ch, s, message);
            Event e = JavadocSnippets.nextCompletion(ch, 5);
            assertSame(cb, e.attachment());
            assertEquals(0, Aio.error(cb));
            assertEquals(8, Aio.returnValue(cb));
            s.close();
            t.join(5_000);
            assertEquals("aio_send", new String(got.get(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void listioSnippetSendsHeadFileAndTrailerInOrder(@TempDir Path dir) throws Exception {
        Path body = dir.resolve("body");
        Files.writeString(body, "the file's bytes");
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Arena a = Arena.ofConfined();
             EventChannel ch = EventChannel.create()) {
            Thread t = reader(server, got);
            AsyncSocket s = connect(ch, server);
            try (AioFile f = AioFile.open(ch, body)) {
                int failed = AioSnippets.headFileTrailer(ch, s, a.allocateFrom("<head>"), 6, f, Files.size(body),
                        a.allocateFrom("<tail>"), 6);
                assertEquals(0, failed);
            }
            s.close();
            t.join(5_000);
            assertEquals("<head>the file's bytes<tail>", new String(got.get(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void fileSnippetReads(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("small");
        Files.writeString(p, "twelve bytes");
        try (Arena a = Arena.ofConfined(); EventChannel ch = EventChannel.create()) {
            MemorySegment buffer = a.allocate(4096);
            assertEquals(12, AioSnippets.readFile(ch, p, buffer));
            assertEquals("twelve bytes", new String(buffer.asSlice(0, 12).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.US_ASCII));
        }
    }
}
