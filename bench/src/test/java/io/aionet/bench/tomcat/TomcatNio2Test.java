package io.aionet.bench.tomcat;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real application, unchanged (issue 12): embedded Tomcat 11 with its NIO.2 connector
 * ({@code Http11Nio2Protocol}) on aionet's {@code AsynchronousChannelProvider} — aionet is on the class
 * path, so the JDK's service loader makes it the system provider — serving a servlet: generated bodies
 * over keep-alive connections, 1,000 requests over 50 connections, every body checked by its CRC-32.
 */
@Timeout(120)
class TomcatNio2Test {
    static final int CONNECTIONS = 50;
    static final int REQUESTS = 1_000;

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void tomcatNio2ServesAThousandKeepAliveRequestsOnAionet() throws Exception {
        AsynchronousChannelProvider provider = AsynchronousChannelProvider.provider();
        assertEquals("io.aionet.nio.AionetAsynchronousChannelProvider", provider.getClass().getName(),
                "NIO.2 is not on aionet's provider in this JVM");
        Tomcat tomcat = TomcatApp.start(Files.createTempDirectory("tomcat-aionet"), 0);
        try {
            int port = TomcatApp.port(tomcat);
            assertTrue(port > 0);
            ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    int conn = c;
                    done.add(clients.submit(() -> requests(port, conn, REQUESTS / CONNECTIONS)));
                }
                int total = 0;
                for (Future<Integer> f : done) {
                    total += f.get();
                }
                assertEquals(REQUESTS, total);
            } finally {
                clients.shutdownNow();
            }
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** {@code count} GETs on one keep-alive connection; each body checked. Returns how many passed. */
    private static int requests(int port, int conn, int count) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            int ok = 0;
            for (int i = 0; i < count; i++) {
                int n = (conn * 7919 + i * 104729) % 200_000; // 0 to ~200 KB
                int seed = conn * 1000 + i;
                out.write(("GET /gen?n=" + n + "&seed=" + seed + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = line(in);
                assertEquals("HTTP/1.1 200 ", status.substring(0, Math.min(13, status.length())), status);
                int length = -1;
                String h;
                while (!(h = line(in)).isEmpty()) {
                    if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                    assertTrue(!h.regionMatches(true, 0, "Connection: close", 0, 17), "the server closes: " + h);
                }
                assertEquals(n, length);
                byte[] got = in.readNBytes(length);
                assertEquals(crc(TomcatApp.body(n, seed)), crc(got), "body of request " + i + " on connection " + conn);
                ok++;
            }
            return ok;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the connection ended inside a response head");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
