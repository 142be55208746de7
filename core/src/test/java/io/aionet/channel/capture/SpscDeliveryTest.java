package io.aionet.channel.capture;

import io.aionet.channel.classifier.FlowClassifier;
import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;
import io.aionet.channel.ring.PacketDescriptor;
import io.aionet.channel.ring.SpscRing;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Item 4 of the net-channel issue, on loopback: AF_PACKET frames → the flow classifier → one
 * {@link SpscRing} per channel → a consumer on another thread, each frame held in the mapped ring
 * (no copy) until that consumer releases it. Needs CAP_NET_RAW; skipped with a message otherwise.
 */
class SpscDeliveryTest {
    /** Consumes {@code want} frames of one channel on its own thread, holding all of them before checking and releasing any. */
    private static CompletableFuture<List<Integer>> consumer(PacketRing ring, SpscRing channel, int want, int port) {
        return CompletableFuture.supplyAsync(() -> {
            PacketDescriptor d = new PacketDescriptor();
            List<PacketDescriptor> held = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (held.size() < want && System.nanoTime() < deadline) {
                if (channel.poll(d)) {
                    held.add(new PacketDescriptor().set(d.bufferId, d.handle, d.offset, d.length, d.flowId, d.timestamp));
                } else {
                    Thread.onSpinWait();
                }
            }
            // every frame is still intact in the ring although the producer kept walking it meanwhile
            List<Integer> firstBytes = new ArrayList<>();
            ParsedPacket p = new ParsedPacket();
            for (PacketDescriptor h : held) {
                MemorySegment frame = ring.mapping().asSlice(h.handle, h.length);
                PacketParser.parseEthernet(frame, 0, h.length, p);
                assertEquals(ParsedPacket.OK, p.status());
                assertEquals(port, p.dstPort());
                assertEquals(port, h.flowId & 0xffff, "flow id carries the ports");
                assertEquals(14, h.offset, "L3 offset in the frame");
                firstBytes.add((int) frame.get(ValueLayout.JAVA_BYTE, p.payloadOffset()));
            }
            for (PacketDescriptor h : held) {
                ring.releaseFrame(h.bufferId);
            }
            return firstBytes;
        }, r -> new Thread(r, "channel consumer " + port).start());
    }

    @Test
    void framesGoDownOneChannelPerFlowAndStayOwnedUntilReleased() throws Exception {
        int a = PacketRingTest.freeUdpPort(), b = PacketRingTest.freeUdpPort();
        try (SpscRing ringA = SpscRing.allocate(64); SpscRing ringB = SpscRing.allocate(64); SpscRing other = SpscRing.allocate(64);
             PacketRing r = PacketRingTest.open(PacketRing.builder("lo").ignoreOutgoing(true).filter(PacketRingTest.udpToPorts(a, b))
                     .blockSize(1 << 16).blockCount(4).blockTimeoutMillis(2))) {
            FlowClassifier<SpscRing> c = new FlowClassifier<>(other, 8);
            c.installListenerV4(17, 0x7f000001, a, ringA);
            c.installListenerV4(17, 0x7f000001, b, ringB);
            SpscDelivery delivery = new SpscDelivery(r);
            PacketDispatcher<SpscRing> d = new PacketDispatcher<>(c, delivery);
            CompletableFuture<List<Integer>> ca = consumer(r, ringA, 20, a);
            CompletableFuture<List<Integer>> cb = consumer(r, ringB, 10, b);
            PacketRingTest.send(a, 20, 100);
            PacketRingTest.send(b, 10, 100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(ca.isDone() && cb.isDone()) && System.nanoTime() < deadline) {
                r.poll(d, 5);
            }
            List<Integer> expectA = new ArrayList<>(), expectB = new ArrayList<>();
            for (int i = 0; i < 20; i++) expectA.add(i);
            for (int i = 0; i < 10; i++) expectB.add(i);
            assertEquals(expectA, ca.get(1, TimeUnit.SECONDS));
            assertEquals(expectB, cb.get(1, TimeUnit.SECONDS));
            assertEquals(0, r.heldFrames(), "every frame released");
            assertEquals(30, delivery.delivered());
            assertTrue(other.isEmpty());
            // released blocks went back to the kernel: the ring keeps receiving
            PacketRingTest.send(a, 1, 100);
            PacketDescriptor one = new PacketDescriptor();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!ringA.poll(one) && System.nanoTime() < until) r.poll(d, 5);
            assertEquals(1, r.heldFrames());
            r.releaseFrame(one.bufferId);
            assertThrows(IllegalStateException.class, () -> r.releaseFrame(one.bufferId), "released twice");
            assertThrows(IllegalStateException.class, r::retainFrame, "outside a handler");
        }
    }

    @Test
    void aHeldFrameOutlivesClose() throws Exception {
        int a = PacketRingTest.freeUdpPort();
        PacketRing r = PacketRingTest.open(PacketRing.builder("lo").ignoreOutgoing(true).filter(BpfProgram.ipv4Port(17, a)).blockTimeoutMillis(2));
        int[] handle = {-1};
        long[] at = new long[1];
        PacketRingTest.send(a, 1, 64);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handle[0] < 0 && System.nanoTime() < deadline) {
            r.poll((mem, off, len, wire, ts, type) -> {
                handle[0] = r.retainFrame();
                at[0] = off;
            }, 20);
        }
        assertTrue(handle[0] >= 0, "a frame arrived");
        r.close();
        // still mapped: the held frame is readable after close, and its release unmaps
        assertEquals(0x45, r.mapping().get(ValueLayout.JAVA_BYTE, at[0] + 14) & 0xff, "IPv4 header of the held frame");
        r.releaseFrame(handle[0]);
        assertEquals(0, r.heldFrames());
    }
}
