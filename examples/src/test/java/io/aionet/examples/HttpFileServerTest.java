package io.aionet.examples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The static-file server over real sockets: methods, keep-alive, errors, and no way out of the root. */
@Timeout(60)
class HttpFileServerTest {
    private static final String SECRET = "TOP-SECRET-7f3a";

    @TempDir
    static Path tmp;
    static Path site;
    static byte[] big;
    static HttpFileServer http;

    @BeforeAll
    static void start() throws Exception {
        site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(site.resolve("a.txt"), "hello");
        Files.write(site.resolve("empty.bin"), new byte[0]);
        big = new byte[3 * 1024 * 1024 + 17]; // several pipe-sized splice chunks
        new Random(42).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        Files.createDirectories(site.resolve("sub/dir"));
        Files.writeString(site.resolve("sub/dir/x.css"), "p{}");
        Files.writeString(site.resolve("sub/name with space.txt"), "spaced");
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
        Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(tmp.resolve("outside/index.html"), SECRET);
        Files.createSymbolicLink(site.resolve("link"), Path.of("../secret.txt"));
        Files.createSymbolicLink(site.resolve("abslink"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(site.resolve("linkdir"), tmp);
        Files.createSymbolicLink(site.resolve("outdir"), tmp.resolve("outside"));
        Files.createSymbolicLink(site.resolve("inlink"), Path.of("a.txt"));
        ServerConfig config = ServerConfig.of(0).withAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withReceiveBuffers(64);
        http = HttpFileServer.start(site, config);
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), http.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void write(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response; {@code head}: the request was HEAD (no body follows). */
    private static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                fail("connection closed inside a response head: " + h.toString(StandardCharsets.ISO_8859_1));
            }
            h.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = h.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        assertEquals("HTTP/1.1", status[0]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        int length = Integer.parseInt(headers.get("content-length"));
        byte[] body = head ? new byte[0] : in.readNBytes(length);
        assertEquals(head ? 0 : length, body.length, "the whole body arrived");
        return new Response(Integer.parseInt(status[1]), headers, body);
    }

    private static Response get(String target) throws IOException {
        return once("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", false);
    }

    private static Response once(String request, boolean head) throws IOException {
        try (Socket s = connect()) {
            write(s, request);
            return read(s.getInputStream(), head);
        }
    }

    private static void assertClosed(Socket s) throws IOException {
        assertEquals(-1, s.getInputStream().read(), "the server closed the connection");
    }

    @Test
    void getServesFilesWithLengthAndType() throws Exception {
        Response r = get("/a.txt");
        assertEquals(200, r.status());
        assertEquals("hello", r.text());
        assertEquals("5", r.headers().get("content-length"));
        assertEquals("text/plain; charset=utf-8", r.headers().get("content-type"));
        assertEquals("text/css", get("/sub/dir/x.css").headers().get("content-type"));
        assertEquals("<h1>home</h1>", get("/").text(), "a directory is served by its index.html");
        assertEquals("text/html; charset=utf-8", get("/").headers().get("content-type"));
        assertEquals("spaced", get("/sub/name%20with%20space.txt").text());
        assertEquals("hello", get("/a.txt?x=1#frag").text(), "query and fragment are not part of the path");
        assertEquals("hello", get("/./sub/../a.txt".replace("sub/../", "")).text());
        assertEquals("hello", get("/inlink").text(), "a link that stays inside the root is followed");
        Response empty = get("/empty.bin");
        assertEquals(200, empty.status());
        assertEquals(0, empty.body().length);
        assertEquals("application/octet-stream", empty.headers().get("content-type"));
    }

    @Test
    void largeFileArrivesWhole() throws Exception {
        Response r = get("/big.bin");
        assertEquals(200, r.status());
        assertArrayEquals(big, r.body());
    }

    @Test
    void headSendsTheHeadOnlyAndKeepsTheConnection() throws Exception {
        try (Socket s = connect()) {
            write(s, "HEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            Response h = read(s.getInputStream(), true);
            assertEquals(200, h.status());
            assertEquals(String.valueOf(big.length), h.headers().get("content-length"));
            // had any body bytes followed, this second response would not parse
            write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("hello", read(s.getInputStream(), false).text());
        }
    }

    @Test
    void keepAliveAndPipelining() throws Exception {
        try (Socket s = connect()) {
            for (int i = 0; i < 3; i++) {
                write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                Response r = read(s.getInputStream(), false);
                assertEquals("hello", r.text());
                assertEquals("keep-alive", r.headers().get("connection"));
            }
            // three requests in one write, the middle one for the large file: answers in order
            write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /sub/dir/x.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("hello", read(s.getInputStream(), false).text());
            assertArrayEquals(big, read(s.getInputStream(), false).body());
            Response last = read(s.getInputStream(), false);
            assertEquals("p{}", last.text());
            assertEquals("close", last.headers().get("connection"));
            assertClosed(s);
        }
        try (Socket s = connect()) {
            write(s, "GET /a.txt HTTP/1.0\r\n\r\n");
            assertEquals("hello", read(s.getInputStream(), false).text());
            assertClosed(s); // HTTP/1.0 without keep-alive
        }
        try (Socket s = connect()) {
            // a request in pieces, with a body to skip
            write(s, "GET /a.t");
            Thread.sleep(20);
            write(s, "xt HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcdGET / HTTP/1.1\r\n");
            Thread.sleep(20);
            write(s, "Host: x\r\n\r\n\r\n"); // a stray empty line after a request is ignored
            assertEquals("hello", read(s.getInputStream(), false).text());
            assertEquals("<h1>home</h1>", read(s.getInputStream(), false).text());
        }
    }

    @Test
    void deepPipelinesAreAnsweredInOrder() throws Exception {
        int n = 5 * HttpFileServer.MAX_PIPELINE + 3; // more than may be in flight at once
        try (Socket s = connect()) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < n; i++) {
                all.append(i % 2 == 0 ? "GET /a.txt" : "GET /sub/dir/x.css").append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            write(s, all.toString());
            s.shutdownOutput(); // the requests waiting for room in the pipeline are still answered
            for (int i = 0; i < n; i++) {
                Response r = read(s.getInputStream(), false);
                assertEquals(i % 2 == 0 ? "hello" : "p{}", r.text(), "response " + i);
                assertTrue(r.headers().get("date").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                        r.headers().get("date"));
            }
            assertClosed(s);
        }
    }

    @Test
    void missingIs404AndOtherMethods405() throws Exception {
        assertEquals(404, get("/nope.html").status());
        assertEquals(404, get("/sub/nope/").status());
        try (Socket s = connect()) {
            write(s, "POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            Response r = read(s.getInputStream(), false);
            assertEquals(405, r.status());
            assertEquals("GET, HEAD", r.headers().get("allow"));
            write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("hello", read(s.getInputStream(), false).text(), "the connection goes on after 405");
        }
    }

    @Test
    void malformedRequestsAre400AndClose() throws Exception {
        String[] bad = {
            "GARBAGE\r\n\r\n",
            "GET /a.txt\r\nHost: x\r\n\r\n",
            "GET /a.txt HTTP/1.1\r\n\r\n", // 1.1 without Host
            "GET /a.txt HTTP/1.1x\r\nHost: x\r\n\r\n",
            "GET  /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /a.txt HTTP/1.1\r\nHost : x\r\n\r\n",
            "GET /a.txt HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
            "GET /a.txt HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
            "GET /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "GET /a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /%c3%28 HTTP/1.1\r\nHost: x\r\n\r\n", // not UTF-8
            "GET a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET ftp://x/a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET http:///a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET http://u@x/a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        };
        for (String req : bad) {
            try (Socket s = connect()) {
                write(s, req);
                Response r = read(s.getInputStream(), false);
                assertEquals(400, r.status(), () -> "for " + req.replace("\r\n", "\\r\\n"));
                assertClosed(s);
            }
        }
        assertEquals(505, once("GET / HTTP/2.0\r\nHost: x\r\n\r\n", false).status());
        try (Socket s = connect()) {
            write(s, "GET / HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(20_000) + "\r\n\r\n");
            assertEquals(431, read(s.getInputStream(), false).status());
            assertClosed(s);
        }
    }

    @Test
    void nothingOutsideTheRootIsServed() throws Exception {
        String[] attacks = {
            "/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
            "/sub/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/.%2e/secret.txt",
            "//etc/passwd", "/%2Fetc%2Fpasswd", "//" + tmp.resolve("secret.txt").toString().substring(1),
            "/..\\secret.txt", "/%00/a.txt", "/link", "/abslink", "/linkdir/secret.txt", "/outdir/", "/outdir",
        };
        for (String target : attacks) {
            try (Socket s = connect()) {
                write(s, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
                Response r = read(s.getInputStream(), false);
                assertEquals(403, r.status(), "for " + target);
                assertFalse(r.text().contains(SECRET), "for " + target);
                // the connection stays usable, and still serves only the root
                write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("hello", read(s.getInputStream(), false).text());
            }
        }
        assertEquals(403, once("HEAD /link HTTP/1.1\r\nHost: x\r\n\r\n", true).status());
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        ServerConfig config = ServerConfig.of(0).withAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (HttpFileServer quick = HttpFileServer.start(site, config, java.time.Duration.ofMillis(300))) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), quick.port())) {
                s.setSoTimeout(10_000);
                write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("hello", read(s.getInputStream(), false).text());
                long t0 = System.nanoTime();
                assertClosed(s); // then nothing more is asked
                long waited = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(waited >= 200 && waited < 5_000, "closed after " + waited + " ms");
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> HttpFileServer.start(site, ServerConfig.of(0), java.time.Duration.ZERO));
    }

    @Test
    void staticFilesRefusesBadRoots() {
        assertThrows(IllegalArgumentException.class, () -> new StaticFiles(tmp.resolve("missing")));
        assertThrows(IllegalArgumentException.class, () -> new StaticFiles(site.resolve("a.txt")));
    }

    @Test
    void curlCanFetch() throws Exception {
        Assumptions.assumeTrue(onPath("curl"), "curl is not installed");
        Process p = new ProcessBuilder("curl", "-s", "-f", "http://127.0.0.1:" + http.port() + "/a.txt",
                "http://127.0.0.1:" + http.port() + "/big.bin", "-o", "/dev/null", "-o", tmp.resolve("big.out").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertArrayEquals(big, Files.readAllBytes(tmp.resolve("big.out")));
        Process q = new ProcessBuilder("curl", "-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:" + http.port() + "/../secret.txt").redirectErrorStream(true).start();
        assertEquals("403", new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        q.waitFor();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
