package io.aionet.channel.xdp;

import io.aionet.channel.packet.TestPackets;
import io.aionet.channel.tcp.TcpDirection;
import io.aionet.channel.tcp.TcpEngineLimits;
import io.aionet.channel.tcp.TcpFlow;
import io.aionet.channel.tcp.TcpReceiveEndpoint;
import io.aionet.channel.tcp.TcpStreamListener;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.net.AsyncServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A connection from an ordinary client — {@code java.net.Socket} on the kernel's TCP, in a peer
 * namespace — received entirely in user space: the XDP classifier steers the listener's port to an
 * AF_XDP channel, the {@link TcpReceiveEndpoint} answers the handshake, acknowledges through the TX
 * ring and reassembles the stream, byte-exact. A kernel socket listening on the same address and port
 * gets nothing: the kernel's stack is bypassed, not tapped. Skipped with a message without root,
 * iproute2, bpf() or AF_XDP.
 */
class XdpTcpReceiveTest {
    private static VethNamespace net;

    @BeforeAll
    static void pair() {
        net = new VethNamespace("t");
    }

    @AfterAll
    static void remove() {
        if (net != null) net.close();
    }

    @Test
    void ordinaryClientIsReceivedInUserSpaceByteExact() throws Exception {
        assumeTrue(net.skip == null, net.skip);
        int hostIp = ByteBuffer.wrap(InetAddress.getByName(net.hostIp).getAddress()).getInt();
        byte[] request = TestPackets.bytes(2_000_000, 31);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        CompletableFuture<TcpFlow.CloseReason> closed = new CompletableFuture<>();
        TcpStreamListener listener = new TcpStreamListener() {
            @Override
            public void onData(TcpFlow flow, TcpDirection direction, MemorySegment data, long offset, long length) {
                assertEquals(TcpDirection.CLIENT_TO_SERVER, direction, "the endpoint sends no data");
                got.writeBytes(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
            }

            @Override
            public void onGap(TcpFlow flow, TcpDirection direction, long streamOffset, long length) {
                fail("gap of " + length + " bytes at " + streamOffset + ": the endpoint acknowledged bytes it did not have");
            }

            @Override
            public void onClose(TcpFlow flow, TcpFlow.CloseReason reason) {
                closed.complete(reason);
            }
        };
        try (XdpClassifier c = XdpClassifierTest.open(64, 1);
             EventChannel ec = EventChannel.create();
             XdpChannel ch = XdpChannelTest.openChannel(XdpChannel.builder(net.hostIf, 0).frames(4096).ringSize(2048).txFrames(512))) {
            c.bindSocket(0, ch);
            // a kernel socket created with the channel option: its listener entry is installed at creation,
            // so its port's packets go to the channel, and the kernel socket keeps the port reserved
            int port;
            try (AsyncServerSocket kernelListener = AsyncServerSocket.open(ec, new InetSocketAddress(net.hostIp, 0), 16, false, c.hook(0))) {
                port = kernelListener.port();
                assertEquals(0, c.lookupV4(6, 0, 0, hostIp, port), "entry installed at socket creation");
                kernelListener.accept(5);
                TcpReceiveEndpoint ep = new TcpReceiveEndpoint(hostIp, port, TcpEngineLimits.DEFAULT, listener, ch);
                try (XdpLink link = XdpChannelTest.attach(c, net.hostIf)) {
                    CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
                        try {
                            net.enter();
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress(net.hostIp, port), 5000);
                                OutputStream o = s.getOutputStream();
                                for (int off = 0; off < request.length; off += 65536) {
                                    o.write(request, off, Math.min(65536, request.length - off));
                                }
                                s.shutdownOutput();
                                // the endpoint's FIN ends the stream from the server
                                assertEquals(-1, s.getInputStream().read());
                            }
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }, r -> new Thread(r, "peer-namespace client").start());
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!(closed.isDone() && client.isDone() && ep.connections() == 0) && System.nanoTime() < deadline) {
                        ch.poll(ep, 20);
                        ep.flush();
                    }
                    client.get(1, TimeUnit.SECONDS);
                    assertEquals(TcpFlow.CloseReason.FIN, closed.getNow(null), "the connection ended with FINs both ways");
                }
                assertArrayEquals(request, got.toByteArray(), "the stream, byte-exact");
                assertEquals(0, ep.connections());
                assertTrue(ep.acksSent() > 0);
                assertEquals(0, ep.engine().gapBytes());
                // the kernel's listener on the same address and port never saw the connection
                ec.await(1, TimeUnit.MILLISECONDS.toNanos(200));
                Event e = new Event();
                assertFalse(ec.next(e), "the kernel accepted nothing: " + e);
            }
            assertEquals(-1, c.lookupV4(6, 0, 0, hostIp, port), "entry removed when the socket closed");
        }
    }
}
