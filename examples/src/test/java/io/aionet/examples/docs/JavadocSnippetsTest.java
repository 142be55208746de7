package io.aionet.examples.docs;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.examples.readme.JavadocSnippets;
import io.aionet.linux.Fds;
import io.aionet.linux.Sockets;
import io.aionet.net.AsyncSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs each program behind a javadoc snippet of dma, event, net and nio and checks what it did. */
@Timeout(60)
class JavadocSnippetsTest {
    @Test
    void dmaAreaSnippetReserves() throws Exception {
        assertTrue(JavadocSnippets.reserveAndRelease(), "a 1 MiB area of 16 KiB slots has a 512-byte buffer");
    }

    @Test
    void eventChannelSnippetSeesTimerAndDescriptor() throws Exception {
        int[] pipe = new int[2];
        assertEquals(0, Fds.pipe2(pipe, Fds.O_NONBLOCK | Fds.O_CLOEXEC));
        try (Arena a = Arena.ofConfined()) {
            assertEquals(1, Fds.write(pipe[1], a.allocateFrom("x").asSlice(0, 1)));
            List<String> seen = JavadocSnippets.eventLoop(pipe[0], 2);
            assertTrue(seen.contains("TIMER 1"), seen.toString());
            assertTrue(seen.contains("FD_READY 2"), seen.toString());
        } finally {
            Fds.close(pipe[0]);
            Fds.close(pipe[1]);
        }
    }

    @Test
    void signalSnippetRegistersAndRemoves() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> { // signals need a platform-thread owner
            try (EventChannel ch = EventChannel.create()) {
                result.set(JavadocSnippets.signalRegistration(ch));
            } catch (Throwable e) {
                result.set(e);
            }
        });
        t.join();
        assertEquals(Boolean.TRUE, result.get());
    }

    @Test
    void receivePoolSnippetReceives() throws Exception {
        int[] pair = new int[2];
        assertEquals(0, Sockets.socketpair(1 /* AF_UNIX */, Sockets.SOCK_STREAM, 0, pair));
        try (Arena a = Arena.ofConfined();
             EventChannel ch = EventChannel.create();
             DmaArea area = DmaArea.allocate(2 << 20, DmaOptions.defaults())) {
            AsyncSocket socket = AsyncSocket.adopt(ch, pair[0]);
            ReceivePool pool = JavadocSnippets.receiveInto(ch, area, socket);
            assertEquals(64, pool.buffers());
            assertEquals(2, Fds.write(pair[1], a.allocateFrom("hi").asSlice(0, 2)));
            Event e = JavadocSnippets.nextCompletion(ch, 1);
            Buffer b = e.buffer();
            assertNotNull(b, "the completion carries the received buffer: " + e);
            byte[] got = new byte[b.length()];
            b.get(0, got, 0, got.length);
            assertEquals("hi", new String(got, StandardCharsets.US_ASCII));
            b.release();
            socket.close();
            pool.close();
        } finally {
            Fds.close(pair[1]);
        }
    }

    @Test
    void connectSnippetSendsAndReceives() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                try (Socket c = server.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                    out.write(in.readNBytes(4));
                    out.flush();
                    in.read();
                } catch (java.io.IOException ignored) {
                    // the assertions below report what is missing
                }
            });
            try (Arena a = Arena.ofConfined();
                 EventChannel ch = EventChannel.create();
                 DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
                ReceivePool pool = ch.receivePool(area, 7, 8);
                MemorySegment request = a.allocateFrom("ping").asSlice(0, 4);
                AsyncSocket s = JavadocSnippets.connectAndSend(ch,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), request, pool);
                assertEquals(4, JavadocSnippets.nextCompletion(ch, 5).result(), "SENT: all 4 bytes");
                Event e = JavadocSnippets.nextCompletion(ch, 2);
                Buffer b = e.buffer();
                assertNotNull(b, "RECEIVED carries a buffer: " + e);
                byte[] got = new byte[b.length()];
                b.get(0, got, 0, got.length);
                b.release();
                assertEquals("ping", new String(got, StandardCharsets.US_ASCII));
                s.close();
                pool.close();
            }
            echo.join(5_000);
        }
    }

    @Test
    void udpEchoSnippetAnswersTheSender() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free a moment ago; the snippet binds it
        }
        InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        AtomicReference<byte[]> reply = new AtomicReference<>();
        Thread client = Thread.ofPlatform().daemon().start(() -> {
            try (DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                c.setSoTimeout(100);
                byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                DatagramPacket in = new DatagramPacket(new byte[64], 64);
                for (int i = 0; i < 50 && reply.get() == null; i++) { // until the echo is bound and answers
                    c.send(new DatagramPacket(ping, ping.length, local));
                    try {
                        c.receive(in);
                        reply.set(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                    } catch (SocketTimeoutException notYet) {
                        // send again
                    }
                }
            } catch (java.io.IOException e) {
                reply.compareAndSet(null, new byte[0]);
            }
        });
        try (EventChannel ch = EventChannel.create();
             DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
            ReceivePool pool = ch.receivePool(area, 3, 16, false);
            assertEquals(4, JavadocSnippets.udpEcho(ch, pool, local), "the echoed payload's length");
            pool.close();
        }
        client.join(10_000);
        assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), reply.get(), "the client got its datagram back");
    }

    @Test
    void nioSnippetBindsAServer() throws Exception {
        InetSocketAddress bound = (InetSocketAddress) JavadocSnippets.nioServer();
        assertEquals("127.0.0.1", bound.getAddress().getHostAddress());
        assertTrue(bound.getPort() > 0, "an ephemeral port: " + bound);
    }

    @Test
    void futuresSnippetEchoesOneRead() throws Exception {
        try (io.aionet.nio.FutureServerSocket server = JavadocSnippets.futuresEcho();
             Socket c = new Socket()) {
            c.connect(server.localAddress(), 5_000);
            c.setSoTimeout(5_000);
            c.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), c.getInputStream().readNBytes(4),
                    "the first read came back");
        }
    }

    @Test
    void futureSocketSnippetWritesAndReads() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofPlatform().start(() -> {
                try (Socket c = ss.accept()) {
                    c.getOutputStream().write(c.getInputStream().readNBytes(4)); // echo the request
                    c.getInputStream().read(); // until the client closes
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(4, JavadocSnippets.futuresClient(ss.getLocalPort()), "the read got the echoed request");
            peer.join(5_000);
        }
    }
}
