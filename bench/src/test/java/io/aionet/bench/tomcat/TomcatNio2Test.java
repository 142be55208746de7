package io.aionet.bench.tomcat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
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
import java.nio.file.Path;
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

    /** The body of {@code /gen?n=N&seed=S}: N bytes from a generator both sides know. */
    static byte[] body(int n, int seed) {
        byte[] b = new byte[n];
        int x = seed;
        for (int i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) (x >>> 16);
        }
        return b;
    }

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
        Path base = Files.createTempDirectory("tomcat-aionet");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("org.apache.coyote.http11.Http11Nio2Protocol");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", base.toString());
        Tomcat.addServlet(ctx, "gen", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                int n = Integer.parseInt(req.getParameter("n"));
                int seed = Integer.parseInt(req.getParameter("seed"));
                byte[] b = body(n, seed);
                resp.setContentType("application/octet-stream");
                resp.setContentLength(b.length);
                resp.getOutputStream().write(b);
            }
        });
        ctx.addServletMappingDecoded("/gen", "gen");
        tomcat.start();
        try {
            int port = connector.getLocalPort();
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
                assertEquals(crc(body(n, seed)), crc(got), "body of request " + i + " on connection " + conn);
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
