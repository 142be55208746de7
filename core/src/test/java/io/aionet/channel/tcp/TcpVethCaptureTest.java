package io.aionet.channel.tcp;

import io.aionet.channel.capture.BpfProgram;
import io.aionet.channel.capture.CaptureSupport;
import io.aionet.channel.capture.PacketRing;
import io.aionet.channel.packet.PacketHandler;
import io.aionet.channel.packet.TestPackets;

import io.aionet.linux.Fds;
import io.aionet.linux.Native;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.aionet.channel.tcp.TcpDirection.CLIENT_TO_SERVER;
import static io.aionet.channel.tcp.TcpDirection.SERVER_TO_CLIENT;
import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_POINTER;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A TCP connection over a veth pair into a network namespace the test creates: a real Ethernet link
 * (each packet seen once on the capturing side, outgoing and incoming) instead of loopback. The server
 * runs on a thread that entered the namespace with {@code setns()} (namespaces belong to threads), the
 * client in the test's namespace; the ring captures on the host end of the pair. Needs root and
 * {@code ip}; skipped with a message otherwise. The namespace and the pair are removed afterwards.
 */
class TcpVethCaptureTest {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final long ID = ProcessHandle.current().pid() % 100_000;
    private static final String NS = "aionet-cap-" + ID;
    private static final String HOST_IF = "vcap" + ID + "a";
    private static final String NS_IF = "vcap" + ID + "b";
    private static final int NET = (int) (ID % 200) + 20;
    private static final String HOST_IP = "10.77." + NET + ".1";
    private static final String NS_IP = "10.77." + NET + ".2";
    private static String skip;

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        return out;
    }

    @BeforeAll
    static void createNamespaceAndPair() {
        try {
            run("ip", "netns", "add", NS);
            run("ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF);
            run("ip", "link", "set", NS_IF, "netns", NS);
            run("ip", "addr", "add", HOST_IP + "/24", "dev", HOST_IF);
            run("ip", "link", "set", HOST_IF, "up");
            run("ip", "netns", "exec", NS, "ip", "addr", "add", NS_IP + "/24", "dev", NS_IF);
            run("ip", "netns", "exec", NS, "ip", "link", "set", NS_IF, "up");
            run("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up");
        } catch (Exception e) {
            skip = "could not create a network namespace with a veth pair (needs root and iproute2): " + e.getMessage();
        }
    }

    @AfterAll
    static void removeThem() {
        try {
            run("ip", "link", "del", HOST_IF);
        } catch (Exception ignored) {
            // gone with the namespace, or never made
        }
        try {
            run("ip", "netns", "del", NS);
        } catch (Exception ignored) {
            // never made
        }
    }

    /** Moves the calling thread into the namespace. */
    private static void enterNamespace() throws Exception {
        MethodHandle setns = Native.downcall("setns", FunctionDescriptor.of(C_INT, C_INT, C_INT), false);
        MethodHandle open = Native.downcall("open", FunctionDescriptor.of(C_INT, C_POINTER, C_INT), false);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = Native.errnoSegment();
            int fd = Native.check("open(netns)", Native.result((int) open.invokeExact(c, a.allocateFrom("/var/run/netns/" + NS), Fds.O_RDONLY | Fds.O_CLOEXEC), c));
            try {
                Native.check("setns", Native.result((int) setns.invokeExact(c, fd, CLONE_NEWNET), c));
            } finally {
                Fds.close(fd);
            }
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Test
    void vethConnectionIsReassembledExactly() throws Exception {
        assumeTrue(skip == null, skip);
        byte[] request = TestPackets.bytes(400_000, 21);
        byte[] response = TestPackets.bytes(250_000, 22);
        RecordingListener rec = new RecordingListener();
        TcpReceiveEngine engine = new TcpReceiveEngine(TcpEngineLimits.DEFAULT, rec);

        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        Thread server = new Thread(() -> {
            try {
                enterNamespace();
                try (ServerSocket ss = new ServerSocket()) {
                    ss.bind(new InetSocketAddress(InetAddress.getByName(NS_IP), 0));
                    port.complete(ss.getLocalPort());
                    try (Socket s = ss.accept()) {
                        ByteArrayOutputStream got = new ByteArrayOutputStream();
                        s.getInputStream().transferTo(got);
                        received.complete(got.toByteArray());
                        OutputStream out = s.getOutputStream();
                        out.write(response);
                        s.shutdownOutput();
                    }
                }
            } catch (Throwable t) {
                port.completeExceptionally(t);
                received.completeExceptionally(t);
            }
        }, "server-in-netns");
        server.start();
        int p = port.get(10, TimeUnit.SECONDS);

        List<Integer> types = new ArrayList<>();
        try (PacketRing ring = CaptureSupport.open(PacketRing.builder(HOST_IF).filter(BpfProgram.ipv4Port(6, p)).blockTimeoutMillis(5))) {
            AtomicBoolean stop = new AtomicBoolean();
            PacketHandler handler = (mem, off, len, wire, ts, type) -> {
                types.add(type);
                engine.onPacket(mem, off, len, wire, ts, type);
            };
            Thread capture = new Thread(() -> {
                try {
                    while (!stop.get()) ring.poll(handler, 20);
                    ring.drain(handler);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, "capture");
            capture.start();
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(NS_IP, p), 5000);
                c.getOutputStream().write(request);
                c.shutdownOutput();
                InputStream in = c.getInputStream();
                assertArrayEquals(response, in.readAllBytes());
            }
            assertArrayEquals(request, received.get(10, TimeUnit.SECONDS));
            server.join(10_000);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (rec.closed.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            stop.set(true);
            capture.join(10_000);
            assertEquals(0, ring.stats().drops());
        }
        engine.flush();
        assertEquals(1, rec.opened.size());
        TcpFlow f = rec.opened.get(0);
        assertEquals(p, f.serverPort());
        assertEquals(TcpFlow.CloseReason.FIN, rec.closed.get(f.id()));
        assertTrue(rec.gaps.isEmpty(), "no gaps: " + rec.gaps);
        assertArrayEquals(request, rec.bytes(f.id(), CLIENT_TO_SERVER));
        assertArrayEquals(response, rec.bytes(f.id(), SERVER_TO_CLIENT));
        assertTrue(types.contains(io.aionet.linux.PacketSockets.PACKET_OUTGOING), "the client's packets leave through the captured end");
        assertTrue(types.contains(io.aionet.linux.PacketSockets.PACKET_HOST), "the server's packets arrive at it");
    }
}
