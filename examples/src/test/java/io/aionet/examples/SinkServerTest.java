package io.aionet.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** The discard server counts each connection's bytes exactly and reports when it ends. */
class SinkServerTest {

    @Test
    @Timeout(60)
    void countsEveryConnectionsBytes() throws Exception {
        List<SinkServer.Report> reports = new CopyOnWriteArrayList<>();
        ServerConfig config = ServerConfig.of(0).withAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withReceiveBuffers(8);
        try (SinkServer sink = SinkServer.start(config, reports::add)) {
            long[] sizes = {0, 1, 70_000, 5L << 20};
            for (long n : sizes) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sink.port())) {
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    for (long left = n; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                }
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (reports.size() < sizes.length && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(sizes.length, reports.size(), "one report per connection");
            // connections are sequential: their reports come in order
            long total = 0;
            for (int i = 0; i < sizes.length; i++) {
                SinkServer.Report r = reports.get(i);
                assertEquals(sizes[i], r.bytes(), "bytes of connection " + i);
                assertEquals(0, r.error());
                assertTrue(r.nanos() > 0);
                assertTrue(r.cpuNanos() >= 0);
                total += sizes[i];
            }
            assertEquals(total, sink.bytes());
            assertEquals(sizes.length, sink.connections());
            SinkServer.Report big = reports.get(3);
            assertTrue(big.bytesPerSecond() > 0 && Double.isFinite(big.cpuSecondsPerGiB()));
            assertEquals(Double.POSITIVE_INFINITY, reports.get(0).cpuSecondsPerGiB(), "no bytes: no per-GiB figure");
        }
    }

    @Test
    void aResetConnectionIsReportedWithItsError() throws Exception {
        List<SinkServer.Report> reports = new CopyOnWriteArrayList<>();
        ServerConfig config = ServerConfig.of(0).withAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (SinkServer sink = SinkServer.start(config, reports::add)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sink.port())) {
                s.getOutputStream().write(new byte[1000]);
                s.getOutputStream().flush();
                Thread.sleep(100);
                s.setSoLinger(true, 0); // close sends RST
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (reports.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, reports.size());
            assertEquals(1000, reports.get(0).bytes());
            assertEquals(io.aionet.Errno.ECONNRESET, reports.get(0).error());
        }
    }
}
