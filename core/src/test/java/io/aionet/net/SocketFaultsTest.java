package io.aionet.net;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.linux.Mem;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Faults the socket layer must turn into clear results: descriptor exhaustion, an unreachable network. */
class SocketFaultsTest {

    @Test
    void acceptBacksOffOnEmfileAndResumes() throws Exception {
        long[] lim = new long[2];
        assertEquals(0, Mem.getrlimit(Mem.RLIMIT_NOFILE, lim));
        try (EventChannel ch = EventChannel.create()) {
            AsyncServerSocket server = AsyncServerSocket.open(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, false);
            int port = server.port();
            int[] clients = new int[3];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = Native.check("socket", Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0));
            }
            // the lowest free descriptor number: a limit there leaves no number free below it
            int lowestFree = io.aionet.linux.Fds.eventfd(0, io.aionet.linux.Fds.EFD_CLOEXEC);
            io.aionet.linux.Fds.close(lowestFree);
            List<Integer> accepted = new ArrayList<>();
            List<Integer> holes = new ArrayList<>();
            boolean sawEmfile = false;
            // Load what runs while no descriptor is free (class loading needs to open files).
            Event e = new Event();
            ch.next(e);
            accepted.add(-1);
            accepted.clear();
            Mem.setrlimit(Mem.RLIMIT_NOFILE, lim[0], lim[1]);
            java.lang.foreign.Arena warm = java.lang.foreign.Arena.ofConfined();
            SocketAddresses.write(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), warm.allocate(SocketAddresses.MAX_SIZE, 8));
            warm.close();
            try {
                // no descriptor left for the accepted connections; the kernel reads the limit when the
                // accept is prepared, so arm it only now
                assertEquals(0, Mem.setrlimit(Mem.RLIMIT_NOFILE, lowestFree, lim[1]));
                // a descriptor closed meanwhile (by a cleaner of an earlier test) left a hole below the limit
                // that an accept would take: fill every hole first
                for (int f; (f = io.aionet.linux.Fds.eventfd(0, io.aionet.linux.Fds.EFD_CLOEXEC)) >= 0; ) {
                    holes.add(f);
                }
                server.accept(1);
                ch.next(e);
                try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
                    java.lang.foreign.MemorySegment sa = a.allocate(SocketAddresses.MAX_SIZE, 8);
                    int len = SocketAddresses.write(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), sa);
                    for (int c : clients) {
                        assertEquals(0, Sockets.connect(c, sa, len), "connect needs no new descriptor");
                    }
                }
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (!sawEmfile && System.nanoTime() < deadline) {
                    ch.await(1, 50_000_000L);
                    while (ch.next(e)) {
                        if (e.kind() == EventKind.COMPLETION && e.tag() == 1) {
                            if (e.result() == -Errno.EMFILE) {
                                sawEmfile = true;
                            } else if (e.result() >= 0) {
                                accepted.add(e.result());
                            }
                        }
                    }
                }
            } finally {
                assertEquals(0, Mem.setrlimit(Mem.RLIMIT_NOFILE, lim[0], lim[1]));
                holes.forEach(io.aionet.linux.Fds::close);
            }
            assertTrue(sawEmfile, "the accept reported EMFILE");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (accepted.size() < clients.length && System.nanoTime() < deadline) {
                ch.await(1, 50_000_000L);
                while (ch.next(e)) {
                    if (e.kind() == EventKind.COMPLETION && e.tag() == 1 && e.result() >= 0) {
                        accepted.add(e.result());
                    }
                }
            }
            assertEquals(clients.length, accepted.size(), "after the back-off every pending connection was accepted");
            accepted.forEach(io.aionet.linux.Fds::close);
            for (int c : clients) {
                io.aionet.linux.Fds.close(c);
            }
            server.close();
        }
    }

    /** Child process: connects to a documentation address and prints the completion's result. */
    public static void main(String[] args) throws Exception {
        try (EventChannel ch = EventChannel.create()) {
            AsyncSocket s = AsyncSocket.connect(ch, new InetSocketAddress(InetAddress.getByName(args[0]), 9), 1_000_000_000L, 1);
            Event e = new Event();
            while (true) {
                ch.await(1, 100_000_000L);
                if (ch.next(e) && e.tag() == 1) {
                    System.out.println("result " + e.result());
                    s.close();
                    return;
                }
            }
        }
    }

    @Test
    void unreachableNetworkIsItsOwnError() throws Exception {
        // In a network namespace the test makes, with no interface but loopback: no route anywhere, so the
        // connect fails at once and no packet leaves the machine.
        assumeTrue(Path.of("/proc/self/ns/net").toFile().exists(), "no network namespaces");
        String ns = "aionet-unreach-" + ProcessHandle.current().pid();
        Process add;
        try {
            add = new ProcessBuilder("ip", "netns", "add", ns).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "iproute2 (ip) is not installed");
            return;
        }
        String addOut = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(add.waitFor() == 0, "cannot create a network namespace (needs root): " + addOut);
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder("ip", "netns", "exec", ns, java, "--enable-native-access=ALL-UNNAMED",
                    "-Daionet.backend=" + System.getProperty("aionet.backend", "auto"), // the suite's backend
                    "-cp", System.getProperty("java.class.path"), SocketFaultsTest.class.getName(), "198.51.100.7")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(out.contains("result " + (-Errno.ENETUNREACH)), "ENETUNREACH, distinct from refused and timed out: " + out);
        } finally {
            new ProcessBuilder("ip", "netns", "delete", ns).start().waitFor();
        }
    }
}
