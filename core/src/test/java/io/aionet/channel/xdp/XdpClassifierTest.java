package io.aionet.channel.xdp;

import io.aionet.channel.packet.TestPackets;
import io.aionet.linux.Bpf;
import io.aionet.Errno;
import io.aionet.LinuxException;
import org.junit.jupiter.api.Test;

import static io.aionet.channel.packet.TestPackets.LOCAL;
import static io.aionet.channel.packet.TestPackets.REMOTE;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The XDP flow classifier the library assembles, loaded into the kernel and run there over crafted
 * frames with {@code BPF_PROG_TEST_RUN} (no interface needed), and the verifier's log on a refused
 * program. Skipped with a message without CAP_BPF / CAP_SYS_ADMIN.
 */
class XdpClassifierTest {
    static XdpClassifier open(int flows, int sockets) throws LinuxException {
        try {
            return XdpClassifier.create(flows, sockets);
        } catch (LinuxException e) {
            assumeTrue(e.errno() != Errno.EPERM && e.errno() != Errno.EACCES || e.getMessage().contains("verifier log"),
                    "bpf() needs CAP_BPF and CAP_NET_ADMIN (run as root): " + e.getMessage());
            assumeTrue(e.errno() != Errno.ENOSYS, "this kernel has no bpf(): " + e.getMessage());
            throw e;
        }
    }

    @Test
    void assemblesJumpsToLabels() {
        Ebpf a = new Ebpf();
        a.movImm(Ebpf.R0, 1).jeqImm(Ebpf.R0, 1, "end").movImm(Ebpf.R0, 2).label("end").exit();
        long[] p = a.assemble();
        assertEquals(4, p.length);
        assertEquals(0x15, p[1] & 0xff, "jeq imm opcode");
        assertEquals(1, (short) (p[1] >>> 16), "jump skips one instruction");
        assertEquals(1, (int) (p[1] >>> 32), "immediate");
        assertThrows(IllegalStateException.class, () -> new Ebpf().ja("nowhere").assemble());
        assertThrows(IllegalArgumentException.class, () -> new Ebpf().mov(11, 0));
    }

    @Test
    void verifierLogExplainsARefusal() throws Exception {
        try (XdpClassifier ignored = open(16, 1)) {
            // reads a packet byte without the bounds check the verifier insists on
            Ebpf bad = new Ebpf();
            bad.load(Ebpf.Size.W, Ebpf.R2, Ebpf.R1, 0).load(Ebpf.Size.B, Ebpf.R0, Ebpf.R2, 0).exit();
            LinuxException e = assertThrows(LinuxException.class, () -> XdpProgram.load(bad.assemble(), "bad"));
            assertTrue(e.getMessage().contains("verifier log"), e.getMessage());
            assertTrue(e.getMessage().contains("invalid access to packet"), e.getMessage());
        }
    }

    @Test
    void unmatchedAndMalformedFramesPass() throws Exception {
        try (XdpClassifier c = open(64, 1)) {
            XdpProgram p = c.program();
            byte[] udp = TestPackets.udp4(REMOTE, 4000, LOCAL, 9000, new byte[10]);
            assertEquals(Bpf.XDP_PASS, p.testRun(udp), "no entry: default channel");
            byte[] v6 = TestPackets.tcp6(TestPackets.V6_A, 1, TestPackets.V6_B, 2, 1, 0, 0x02, new byte[0]);
            assertEquals(Bpf.XDP_PASS, p.testRun(v6), "IPv6 goes to the kernel");
            c.installListenerAnyV4(17, 9000, 0);
            byte[] cut = java.util.Arrays.copyOf(udp, 14 + 20 + 2); // ports cut off
            assertEquals(Bpf.XDP_PASS, p.testRun(cut), "truncated frame");
            byte[] frag = TestPackets.ipv4(REMOTE, LOCAL, 17, TestPackets.udp(4000, 9000, new byte[8]), new byte[0], 8, false);
            assertEquals(Bpf.XDP_PASS, p.testRun(frag), "a fragment has no ports to classify");
            // matched, but no socket at index 0 yet: the redirect falls back to XDP_PASS
            assertEquals(Bpf.XDP_PASS, p.testRun(udp));
        }
    }

    @Test
    void entriesAreMapEntriesOfThreeKinds() throws Exception {
        try (XdpClassifier c = open(64, 4)) {
            c.installV4(6, REMOTE, 5555, LOCAL, 80, 1);
            c.installListenerV4(6, LOCAL, 81, 2);
            c.installListenerAnyV4(17, 53, 3);
            assertEquals(1, c.lookupV4(6, REMOTE, 5555, LOCAL, 80));
            assertEquals(2, c.lookupV4(6, 0, 0, LOCAL, 81));
            assertEquals(3, c.lookupV4(17, 0, 0, 0, 53));
            assertEquals(-1, c.lookupV4(6, REMOTE, 5556, LOCAL, 80));
            assertTrue(c.removeV4(6, REMOTE, 5555, LOCAL, 80));
            assertFalse(c.removeV4(6, REMOTE, 5555, LOCAL, 80));
            // the socket layer's hook installs at creation and removes at close
            var hook = c.hook(2);
            var local = new java.net.InetSocketAddress("127.0.0.1", 7000);
            var remote = new java.net.InetSocketAddress("10.0.0.2", 40000);
            hook.socketOpened(6, local, remote);
            assertEquals(2, c.lookupV4(6, REMOTE, 40000, LOCAL, 7000));
            hook.socketOpened(17, new java.net.InetSocketAddress("0.0.0.0", 7001), null);
            assertEquals(2, c.lookupV4(17, 0, 0, 0, 7001));
            hook.socketClosed(6, local, remote);
            assertEquals(-1, c.lookupV4(6, REMOTE, 40000, LOCAL, 7000));
            assertThrows(IllegalArgumentException.class,
                    () -> hook.socketOpened(6, new java.net.InetSocketAddress("::1", 1), null));
            assertThrows(IllegalArgumentException.class, () -> c.installV4(6, 0, 70000, 0, 1, 0));
        }
    }

    @Test
    void datagramSocketWithChannelOptionInstallsItsEntryAtCreation() throws Exception {
        try (XdpClassifier c = open(64, 4);
             io.aionet.event.EventChannel ec = io.aionet.event.EventChannel.create()) {
            int port;
            try (io.aionet.net.AsyncDatagramSocket s = io.aionet.net.AsyncDatagramSocket.open(ec,
                    new java.net.InetSocketAddress("127.0.0.1", 0), c.hook(3))) {
                port = s.port();
                assertEquals(3, c.lookupV4(17, 0, 0, LOCAL, port), "listener entry installed when the socket was created");
            }
            assertEquals(-1, c.lookupV4(17, 0, 0, LOCAL, port), "and removed when it closed");
            // the same option feeds a user-space FlowClassifier
            io.aionet.channel.classifier.FlowClassifier<String> fc = new io.aionet.channel.classifier.FlowClassifier<>("default", 16);
            try (io.aionet.net.AsyncDatagramSocket s = io.aionet.net.AsyncDatagramSocket.open(ec,
                    new java.net.InetSocketAddress("127.0.0.1", 0), fc.hook((proto, local, remote) -> "udp-channel"))) {
                assertEquals("udp-channel", fc.lookupV4(17, REMOTE, 1234, LOCAL, s.port()));
            }
            assertEquals(0, fc.size());
            assertThrows(NullPointerException.class, () -> io.aionet.net.AsyncDatagramSocket.open(ec,
                    new java.net.InetSocketAddress("127.0.0.1", 0), null));
        }
    }
}
