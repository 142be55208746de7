package io.aionet.faults;

import io.aionet.event.EventChannel;
import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak's finding (issue 18): a socket closed while its file send was in the kernel let the send's
 * second splice (pipe → socket, which io_uring links behind the file → pipe one and starts in an io-wq
 * worker only when that one ends) look its descriptor up by number after the close — and write the
 * file into whatever socket the process had opened under that number meanwhile: other connections'
 * clients got foreign bytes in the middle of their streams. Here a socket is closed right after its
 * file send is made (in the same submission as the cancels, or just after the splices went in) and a
 * new connection at once takes the lowest free number, which is the closed one; nothing may ever
 * arrive on it.
 */
@Timeout(120)
class FileSendDescriptorReuseTest {
    private static final InetSocketAddress LOOPBACK0 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int ROUNDS = 400;
    private static final int BATCH = 40;

    @Test
    void aSocketClosedDuringItsFileSendSendsNothingIntoTheNextSocketUnderItsNumber(@TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("big.bin");
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(18).nextBytes(chunk);
        for (int i = 0; i < 4; i++) {
            Files.write(f, chunk, i == 0 ? new java.nio.file.OpenOption[0]
                    : new java.nio.file.OpenOption[] {java.nio.file.StandardOpenOption.APPEND});
        }
        long size = Files.size(f);
        int reused = 0;
        int polluted = 0;
        long foreign = 0;
        try (EventChannel ch = EventChannel.create();
             ServerSocket other = new ServerSocket(0, BATCH + 8, InetAddress.getLoopbackAddress())) {
            AsyncServerSocket server = AsyncServerSocket.open(ch, LOOPBACK0, BATCH + 8, false);
            server.accept(1); // multishot: one completion per connection
            try {
                for (int round = 0; round < ROUNDS; round += BATCH) {
                    List<AutoCloseable> open = new ArrayList<>();
                    List<Socket> peers = new ArrayList<>();
                    try {
                        for (int i = 0; i < BATCH; i++) {
                            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port());
                            open.add(client); // never reads: the file send waits on the socket
                            Loop.Result r = Loop.completion(ch, 1, 5000, e -> { });
                            assertTrue(r.result() >= 0, "accepted: " + r);
                            int fd = r.result();
                            String was = target(fd);
                            AsyncSocket s = AsyncSocket.adopt(ch, fd);
                            s.sendFile(f, 0, size, 2);
                            if (i % 2 == 1) {
                                ch.await(1, 0); // submitted: the first splice may be running at the close
                            }
                            s.close(); // cancels the file send's splices, then closes the number
                            SocketChannel next = SocketChannel.open(other.getLocalSocketAddress());
                            open.add(next);
                            String now = target(fd);
                            if (now.startsWith("socket:") && !now.equals(was)) {
                                reused++; // the number names the new connection now
                            }
                            Socket peer = other.accept();
                            open.add(peer);
                            peers.add(peer);
                        }
                        turn(ch, 200); // the splices run (or end cancelled); the channel takes their completions
                        for (Socket p : peers) {
                            InputStream in = p.getInputStream();
                            int n = in.available();
                            if (n > 0) {
                                polluted++;
                                foreign += n;
                            }
                        }
                    } finally {
                        for (AutoCloseable c : open) {
                            c.close();
                        }
                    }
                }
            } finally {
                server.close();
            }
        }
        assertTrue(reused > ROUNDS / 4, "the closed number was taken by the next connection in " + reused + " of "
                + ROUNDS + " rounds (too few for the test to mean anything)");
        assertEquals(0, polluted, polluted + " connections (" + foreign + " bytes) got a closed socket's file bytes"
                + " (the closed number was reused in " + reused + " of " + ROUNDS + " rounds)");
    }

    /** What descriptor {@code fd} names now ({@code socket:[inode]}, …), or "" when it is closed. */
    private static String target(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Runs the channel for {@code millis}, taking every event. */
    private static void turn(EventChannel ch, long millis) {
        io.aionet.event.Event e = new io.aionet.event.Event();
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            ch.await(1, 20_000_000L);
            while (ch.next(e)) {
                // the file sends' completions: the sockets are closed, nothing is reported
            }
        }
    }
}
