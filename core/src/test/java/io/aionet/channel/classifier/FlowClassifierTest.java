package io.aionet.channel.classifier;

import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.aionet.channel.packet.TestPackets.*;
import static org.junit.jupiter.api.Assertions.*;

class FlowClassifierTest {
    @Test
    void exactFlowsListenersAndTheDefaultChannel() {
        FlowClassifier<String> c = new FlowClassifier<>("default", 16);
        c.installV4(6, REMOTE, 40000, LOCAL, 80, "conn");
        c.installListenerV4(6, LOCAL, 80, "listener");
        c.installListenerV4(17, 0, 53, "dns-any");
        assertEquals("conn", c.lookupV4(6, REMOTE, 40000, LOCAL, 80));
        assertEquals("listener", c.lookupV4(6, REMOTE, 40001, LOCAL, 80));
        assertEquals("default", c.lookupV4(6, REMOTE, 40000, LOCAL, 81));
        assertEquals("default", c.lookupV4(17, REMOTE, 40000, LOCAL, 80), "protocol is part of the key");
        assertEquals("dns-any", c.lookupV4(17, REMOTE, 1, 0x01020304, 53));
        assertEquals("default", c.lookupV6(6, 0, REMOTE, 40000, 0, LOCAL, 80), "IPv6 never matches an IPv4 entry");
        assertEquals(3, c.size());
        assertEquals("conn", c.removeV4(6, REMOTE, 40000, LOCAL, 80));
        assertNull(c.removeV4(6, REMOTE, 40000, LOCAL, 80));
        assertEquals("listener", c.lookupV4(6, REMOTE, 40000, LOCAL, 80));
        assertEquals("listener", c.removeListenerV4(6, LOCAL, 80));
        assertEquals("default", c.lookupV4(6, REMOTE, 40000, LOCAL, 80));
    }

    @Test
    void ipv6AndParsedPackets() {
        FlowClassifier<String> c = new FlowClassifier<>("default", 4);
        c.installV6(6, 0x20010db800000000L, 1, 1111, 0x20010db800000000L, 2, 2222, "v6");
        ParsedPacket p = new ParsedPacket();
        PacketParser.parseEthernet(MemorySegment.ofArray(tcp6(V6_A, 1111, V6_B, 2222, 0, 0, ParsedPacket.ACK, new byte[0])), p);
        assertEquals("v6", c.classify(p));
        PacketParser.parseEthernet(MemorySegment.ofArray(tcp6(V6_B, 2222, V6_A, 1111, 0, 0, ParsedPacket.ACK, new byte[0])), p);
        assertEquals("default", c.classify(p), "the reverse direction is another flow");
        PacketParser.parseEthernet(MemorySegment.ofArray(new byte[60]), p);
        assertEquals("default", c.classify(p), "non-IP goes to the default channel");
    }

    @Test
    void boundedWithAClearError() {
        FlowClassifier<String> c = new FlowClassifier<>("d", 3);
        for (int i = 0; i < 3; i++) c.installV4(6, REMOTE, i, LOCAL, 80, "x" + i);
        c.installV4(6, REMOTE, 0, LOCAL, 80, "replaced"); // replacing is not growing
        assertFalse(c.tryInstallV4(6, REMOTE, 99, LOCAL, 80, "y"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.installV4(6, REMOTE, 99, LOCAL, 80, "y"));
        assertTrue(e.getMessage().contains("full"), e.getMessage());
        assertEquals("replaced", c.lookupV4(6, REMOTE, 0, LOCAL, 80));
        assertThrows(IllegalArgumentException.class, () -> c.installV4(6, REMOTE, 70000, LOCAL, 80, "z"));
        assertThrows(IllegalArgumentException.class, () -> new FlowClassifier<>("d", 0));
        assertThrows(NullPointerException.class, () -> new FlowClassifier<String>(null, 1));
    }

    @Test
    void churnAgreesWithAHashMap() {
        // many inserts and removes in a small table: backward-shift deletion must keep every probe run intact
        FlowClassifier<Integer> c = new FlowClassifier<>(-1, 64);
        Map<Long, Integer> model = new HashMap<>();
        Random r = new Random(42);
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) keys.add((long) r.nextInt(1 << 20));
        for (int step = 0; step < 50_000; step++) {
            long k = keys.get(r.nextInt(keys.size()));
            int sport = (int) (k & 0xffff), src = (int) (k >>> 16);
            if (r.nextBoolean() && model.size() < 64) {
                c.installV4(6, src, sport, LOCAL, 80, step);
                model.put(k, step);
            } else {
                Integer removed = c.removeV4(6, src, sport, LOCAL, 80);
                assertEquals(model.remove(k), removed);
            }
            assertEquals(model.size(), c.size());
            if (step % 97 == 0) {
                for (long q : keys) {
                    Integer want = model.getOrDefault(q, -1);
                    assertEquals(want, c.lookupV4(6, (int) (q >>> 16), (int) (q & 0xffff), LOCAL, 80));
                }
            }
        }
    }

    @Test
    void theSocketHookInstallsAndRemoves() throws Exception {
        FlowClassifier<String> c = new FlowClassifier<>("default", 8);
        FlowClassifier.Hook hook = c.hook((proto, local, remote) -> (remote == null ? "listen:" : "conn:") + local.getPort());
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8080);
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 50000);
        InetSocketAddress local6 = new InetSocketAddress(InetAddress.getByName("2001:db8::2"), 443);
        InetSocketAddress remote6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 1111);
        hook.socketOpened(6, any, null);
        hook.socketOpened(6, local, remote);
        hook.socketOpened(6, local6, remote6);
        assertEquals("conn:8080", c.lookupV4(6, REMOTE, 50000, LOCAL, 8080));
        assertEquals("listen:8080", c.lookupV4(6, REMOTE, 50001, LOCAL, 8080));
        assertEquals("conn:443", c.lookupV6(6, 0x20010db800000000L, 1, 1111, 0x20010db800000000L, 2, 443));
        hook.socketClosed(6, local, remote);
        assertEquals("listen:8080", c.lookupV4(6, REMOTE, 50000, LOCAL, 8080));
        hook.socketClosed(6, any, null);
        hook.socketClosed(6, local6, remote6);
        assertEquals("default", c.lookupV4(6, REMOTE, 50000, LOCAL, 8080));
        assertEquals(0, c.size());
        assertThrows(IllegalArgumentException.class, () -> hook.socketOpened(6, local, remote6));
    }
}
