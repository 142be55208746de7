package io.aionet.channel.tcp;

import io.aionet.channel.capture.BpfProgram;
import io.aionet.channel.capture.CaptureSupport;
import io.aionet.channel.capture.PacketRing;
import io.aionet.channel.capture.PacketRingStats;
import io.aionet.channel.capture.PcapWriter;
import io.aionet.channel.packet.PacketHandler;
import io.aionet.channel.packet.TestPackets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.aionet.channel.tcp.TcpDirection.CLIENT_TO_SERVER;
import static io.aionet.channel.tcp.TcpDirection.SERVER_TO_CLIENT;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end: a real TCP connection over loopback, captured through the PacketRing, reassembled by the
 * TcpReceiveEngine; the bytes must equal exactly what each side sent, and (when tshark is installed)
 * what {@code tshark -z follow,tcp,raw} reassembles from the same capture written as pcap.
 *
 * <p>On {@code lo} every packet passes the packet tap twice, once as {@code PACKET_OUTGOING} and once as
 * {@code PACKET_HOST}; the ring is opened with {@code PACKET_IGNORE_OUTGOING} so each is captured once.
 */
class TcpCaptureTest {
    @TempDir
    Path dir;

    @Test
    void loopbackConnectionIsReassembledExactlyInBothDirections() throws Exception {
        roundTrip(InetAddress.getByName("127.0.0.1"), 300_000, 200_000, true);
    }

    /**
     * The other way to see each loopback packet once: capture both copies and drop the
     * {@code PACKET_OUTGOING} one in user space by its {@code sll_pkttype}.
     */
    @Test
    void loopbackWithOutgoingCopiesDroppedByPacketType() throws Exception {
        roundTrip(InetAddress.getByName("127.0.0.1"), 50_000, 70_000, false);
    }

    /**
     * The same over IPv6 ({@code ::1}); the ring takes only IPv6 frames (protocol {@code ETH_P_IPV6}, no
     * BPF filter) and the flow is picked out by its port.
     */
    @Test
    void ipv6LoopbackConnectionIsReassembledExactly() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(v6, 0));
        } catch (java.io.IOException e) {
            assumeTrue(false, "no IPv6 loopback (::1) on this machine: " + e.getMessage());
        }
        roundTrip(v6, 100_000, 150_000, true);
    }

    private void roundTrip(InetAddress address, int requestSize, int responseSize, boolean kernelIgnoresOutgoing) throws Exception {
        byte[] request = TestPackets.bytes(requestSize, 11);
        byte[] response = TestPackets.bytes(responseSize, 12);
        RecordingListener rec = new RecordingListener();
        TcpReceiveEngine engine = new TcpReceiveEngine(TcpEngineLimits.DEFAULT, rec);
        Path pcap = dir.resolve("capture.pcap");
        boolean v4 = address.getAddress().length == 4;
        int port;

        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, 0));
            port = server.getLocalPort();
            PacketRing.Builder b = PacketRing.builder("lo").ignoreOutgoing(kernelIgnoresOutgoing).blockTimeoutMillis(5);
            long[] outgoingSkipped = new long[1];
            b = v4 ? b.filter(BpfProgram.ipv4Port(6, port)) : b.protocol(io.aionet.linux.PacketSockets.ETH_P_IPV6);
            int serverPort = port;
            try (PacketRing ring = CaptureSupport.open(b);
                 PcapWriter writer = new PcapWriter(pcap, 1 << 18)) {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                io.aionet.channel.packet.ParsedPacket parsed = new io.aionet.channel.packet.ParsedPacket();
                PacketHandler tee = (mem, off, len, wire, ts, type) -> {
                    if (type == io.aionet.linux.PacketSockets.PACKET_OUTGOING) {
                        outgoingSkipped[0]++; // the copy on its way out; the incoming copy follows
                        return;
                    }
                    io.aionet.channel.packet.PacketParser.parseEthernet(mem, off, len, parsed);
                    if (parsed.protocol() == 6 && (parsed.srcPort() == serverPort || parsed.dstPort() == serverPort)) {
                        writer.onPacket(mem, off, len, wire, ts, type);
                        engine.accept(parsed, mem, ts);
                    }
                };
                Thread capture = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            ring.poll(tee, 20);
                        }
                        ring.drain(tee);
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }, "capture");
                capture.start();

                Thread serverSide = new Thread(() -> {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        ByteArrayOutputStream got = new ByteArrayOutputStream();
                        in.transferTo(got);
                        assertArrayEquals(request, got.toByteArray());
                        OutputStream out = s.getOutputStream();
                        for (int off = 0; off < response.length; off += 7000) {
                            out.write(response, off, Math.min(7000, response.length - off));
                        }
                        s.shutdownOutput();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "server");
                serverSide.start();
                try (Socket c = new Socket()) {
                    c.connect(server.getLocalSocketAddress());
                    OutputStream out = c.getOutputStream();
                    for (int off = 0; off < request.length; off += 5000) {
                        out.write(request, off, Math.min(5000, request.length - off));
                    }
                    c.shutdownOutput();
                    assertArrayEquals(response, c.getInputStream().readAllBytes());
                }
                serverSide.join(10_000);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (rec.closed.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                stop.set(true);
                capture.join(10_000);
                assertNull(failure.get(), () -> "capture or server failed: " + failure.get());
                PacketRingStats stats = ring.stats();
                assertEquals(0, stats.drops(), "the ring dropped packets: " + stats);
                if (kernelIgnoresOutgoing) {
                    assertEquals(0, outgoingSkipped[0], "PACKET_IGNORE_OUTGOING keeps the outgoing copies out");
                } else {
                    assertTrue(outgoingSkipped[0] > 0, "without PACKET_IGNORE_OUTGOING the outgoing copies are captured too");
                }
            }
        }
        engine.flush();
        assertEquals(1, rec.opened.size(), "one connection");
        TcpFlow flow = rec.opened.get(0);
        assertEquals(v4 ? 4 : 6, flow.ipVersion());
        assertEquals(port, flow.serverPort());
        assertTrue(flow.handshakeSeen());
        assertEquals(TcpFlow.CloseReason.FIN, rec.closed.get(flow.id()), "closed by FIN in both directions");
        assertTrue(rec.gaps.isEmpty(), "no gaps: " + rec.gaps);
        assertArrayEquals(request, rec.bytes(flow.id(), CLIENT_TO_SERVER), "client to server stream");
        assertArrayEquals(response, rec.bytes(flow.id(), SERVER_TO_CLIENT), "server to client stream");
        assertEquals(0, engine.malformed());

        byte[][] tshark = tsharkFollow(pcap);
        assumeTrue(tshark != null, "tshark is not installed: the reassembly was not compared with tshark's");
        assertArrayEquals(request, tshark[0], "tshark's client to server stream");
        assertArrayEquals(response, tshark[1], "tshark's server to client stream");
        assertArrayEquals(tshark[0], rec.bytes(flow.id(), CLIENT_TO_SERVER));
        assertArrayEquals(tshark[1], rec.bytes(flow.id(), SERVER_TO_CLIENT));
    }

    /** {@code tshark -r FILE -q -z follow,tcp,raw,0}: node 0's bytes and node 1's (lines indented with a tab), or null without tshark. */
    static byte[][] tsharkFollow(Path pcap) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-q", "-z", "follow,tcp,raw,0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
        assertEquals(0, p.exitValue(), "tshark exit status; output: " + out);
        ByteArrayOutputStream[] node = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        boolean body = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("Node 1:")) {
                body = true;
                continue;
            }
            if (!body || line.startsWith("=====") || line.isBlank()) {
                continue;
            }
            int n = line.startsWith("\t") ? 1 : 0;
            node[n].writeBytes(HexFormat.of().parseHex(line.strip()));
        }
        return new byte[][]{node[0].toByteArray(), node[1].toByteArray()};
    }
}
