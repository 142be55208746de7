package io.aionet.channel.xdp;

import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;
import io.aionet.channel.packet.TestPackets;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.linux.Bpf;
import io.aionet.Errno;
import io.aionet.LinuxException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An AF_XDP channel on the host end of a veth pair, fed by the library's XDP classifier: datagrams
 * from an ordinary UDP socket in the peer namespace to the steered port arrive in the channel's RX
 * ring byte-exact and never reach the kernel's socket on that port; datagrams to another port still
 * do (the default channel). Skipped with a message without root, iproute2, bpf() or AF_XDP.
 */
class XdpChannelTest {
    private static VethNamespace net;

    @BeforeAll
    static void pair() {
        net = new VethNamespace("c");
    }

    @AfterAll
    static void remove() {
        if (net != null) net.close();
    }

    static XdpChannel openChannel(XdpChannel.Builder b) throws LinuxException {
        try {
            return b.build();
        } catch (LinuxException e) {
            assumeTrue(e.errno() != Errno.EPERM && e.errno() != Errno.EACCES, "AF_XDP needs CAP_NET_RAW (run as root): " + e.getMessage());
            assumeTrue(e.errno() != Errno.EAFNOSUPPORT, "this kernel has no AF_XDP: " + e.getMessage());
            throw e;
        }
    }

    /** Attaches in the driver's mode (veth has one), else generic. */
    static XdpLink attach(XdpClassifier c, String iface) throws LinuxException {
        try {
            return c.attach(iface, Bpf.XDP_FLAGS_DRV_MODE);
        } catch (LinuxException e) {
            try {
                return c.attach(iface, Bpf.XDP_FLAGS_SKB_MODE);
            } catch (LinuxException e2) {
                assumeTrue(e2.errno() != Errno.EOPNOTSUPP && e2.errno() != Errno.EINVAL, "XDP attach refused: " + e2.getMessage());
                throw e2;
            }
        }
    }

    @Test
    void steeredDatagramsArriveInTheRxRingAndTheRestPasses() throws Exception {
        assumeTrue(net.skip == null, net.skip);
        int hostIp = ByteBuffer.wrap(InetAddress.getByName(net.hostIp).getAddress()).getInt();
        try (XdpClassifier c = XdpClassifierTest.open(64, 1);
             XdpChannel ch = openChannel(XdpChannel.builder(net.hostIf, 0).frames(512).ringSize(256).txFrames(64));
             DatagramSocket steeredKernelSocket = new DatagramSocket(new InetSocketAddress(net.hostIp, 0));
             DatagramSocket passedKernelSocket = new DatagramSocket(new InetSocketAddress(net.hostIp, 0));
             EventChannel ec = EventChannel.create()) {
            assertFalse(ch.isZeroCopy(), "veth has no zero-copy: " + ch.modeReport());
            assertTrue(ch.modeReport().startsWith("copy (zero-copy refused"), ch.modeReport());
            int steeredPort = steeredKernelSocket.getLocalPort();
            c.bindSocket(0, ch);
            c.installListenerV4(17, hostIp, steeredPort, 0);
            // the classifier redirects a matching frame now that a socket is at index 0
            byte[] probe = TestPackets.udp4(0x0a000002, 1, hostIp, steeredPort, new byte[4]);
            assertEquals(Bpf.XDP_REDIRECT, c.program().testRun(probe));
            ch.register(ec, 77);
            try (XdpLink link = attach(c, net.hostIf)) {
                int n = 50;
                List<byte[]> sentPayloads = new ArrayList<>();
                for (int i = 0; i < n; i++) sentPayloads.add(TestPackets.bytes(100 + i * 17, i));
                CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                    try {
                        net.enter();
                        try (DatagramSocket s = new DatagramSocket()) {
                            for (byte[] p : sentPayloads) {
                                s.send(new DatagramPacket(p, p.length, new InetSocketAddress(net.hostIp, steeredPort)));
                            }
                            byte[] other = "to the kernel".getBytes();
                            s.send(new DatagramPacket(other, other.length, new InetSocketAddress(net.hostIp, passedKernelSocket.getLocalPort())));
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, r -> new Thread(r, "peer-namespace sender").start());

                // the default channel: the kernel's socket on the other port gets its datagram
                passedKernelSocket.setSoTimeout(5000);
                DatagramPacket got = new DatagramPacket(new byte[100], 100);
                passedKernelSocket.receive(got);
                assertEquals("to the kernel", new String(got.getData(), 0, got.getLength()));
                sender.get(10, TimeUnit.SECONDS);

                // the steered ones are in the RX ring; the event channel saw the socket readable
                Event e = new Event();
                assertTrue(ec.await(1, TimeUnit.SECONDS.toNanos(5)) >= 0);
                assertTrue(ec.next(e), "readiness event for the XSK fd");
                assertEquals(77, e.tag());
                List<byte[]> payloads = new ArrayList<>();
                ParsedPacket pp = new ParsedPacket();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (payloads.size() < n && System.nanoTime() < deadline) {
                    ch.poll((ring, off, cap, wire, ts, type) -> {
                        PacketParser.parseEthernet(ring, off, cap, pp);
                        if (pp.status() == ParsedPacket.OK && pp.protocol() == 17 && pp.dstPort() == steeredPort) {
                            payloads.add(ring.asSlice(pp.payloadOffset(), pp.payloadLength()).toArray(ValueLayout.JAVA_BYTE));
                        }
                    }, 100);
                }
                assertEquals(n, payloads.size(), "datagrams received in user space; stats " + ch.stats());
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(sentPayloads.get(i), payloads.get(i), "datagram " + i);
                }
                // and the kernel's socket on the steered port never saw them
                steeredKernelSocket.setSoTimeout(200);
                assertThrows(SocketTimeoutException.class, () -> steeredKernelSocket.receive(new DatagramPacket(new byte[2000], 2000)));
            }
        }
    }

    @Test
    void transmitsFramesThroughTheTxRing() throws Exception {
        assumeTrue(net.skip == null, net.skip);
        try (XdpChannel ch = openChannel(XdpChannel.builder(net.hostIf, 0).frames(256).ringSize(128).txFrames(32).mode(XdpChannel.Mode.COPY))) {
            assertEquals("copy (asked for copy)", ch.modeReport());
            CompletableFuture<Integer> port = new CompletableFuture<>();
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    net.enter();
                    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(net.peerIp, 0))) {
                        s.setSoTimeout(5000);
                        port.complete(s.getLocalPort());
                        DatagramPacket p = new DatagramPacket(new byte[2000], 2000);
                        s.receive(p);
                        received.complete(Arrays.copyOf(p.getData(), p.getLength()));
                    }
                } catch (Exception e) {
                    port.completeExceptionally(e);
                    received.completeExceptionally(e);
                }
            }, "peer-namespace receiver");
            t.start();
            int peerPort = port.get(10, TimeUnit.SECONDS);
            byte[] peerMac = peerMac();
            byte[] payload = TestPackets.bytes(700, 9);
            byte[] frame = UdpFrames.udp4(net.hostMac(), peerMac, InetAddress.getByName(net.hostIp), 5353,
                    InetAddress.getByName(net.peerIp), peerPort, payload);
            // send until the kernel reports the frame completed and the peer receives it
            assertTrue(ch.send(MemorySegment.ofArray(frame), 0, frame.length));
            ch.flush();
            assertArrayEquals(payload, received.get(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ch.sendable() < 32 && System.nanoTime() < deadline) Thread.sleep(1);
            assertEquals(32, ch.sendable(), "the TX chunk came back through the completion ring");
            assertThrows(IllegalStateException.class, () -> ch.commitSend(60));
            assertThrows(IllegalArgumentException.class, () -> ch.send(MemorySegment.ofArray(new byte[5000]), 0, 5000));
        }
    }

    private static byte[] peerMac() throws Exception {
        String out = VethNamespace.run("ip", "netns", "exec", net.ns, "cat", "/sys/class/net/" + net.peerIf + "/address").strip();
        byte[] m = new byte[6];
        String[] p = out.split(":");
        for (int i = 0; i < 6; i++) m[i] = (byte) Integer.parseInt(p[i], 16);
        return m;
    }
}
