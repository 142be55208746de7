package io.aionet.examples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The static-file server answers as nginx does (issue 17 item 7): the same requests go to both — one
 * site, the same files and times — and the status lines, the header fields (names in order, and the
 * values of those that describe the file) and the bodies must agree. nginx runs with its own
 * {@code mime.types} and {@code charset utf-8}. Skipped, saying so, when nginx is not installed
 * ({@code apt-get install nginx}; CI installs it).
 */
@Timeout(120)
class NginxParityTest {
    /** Fields whose values must agree; Server and Date are compared by presence only. */
    private static final Set<String> COMPARED = Set.of("content-type", "content-length", "last-modified", "etag",
            "accept-ranges", "content-range", "connection");

    @TempDir
    static Path tmp;
    static Process nginx;
    static int nginxPort;
    static HttpFileServer aionet;

    @BeforeAll
    static void start() throws Exception {
        Path bin = nginxBinary();
        assumeTrue(bin != null, "nginx is not installed (apt-get install nginx): the comparison with nginx is skipped");
        Path mime = Path.of("/etc/nginx/mime.types");
        assumeTrue(Files.isReadable(mime), "nginx has no /etc/nginx/mime.types: the comparison with nginx is skipped");
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>\n");
        Files.writeString(site.resolve("a.txt"), "hello");
        Files.write(site.resolve("empty"), new byte[0]);
        byte[] big = new byte[200_000];
        new Random(3).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        Files.createDirectories(site.resolve("sub"));
        Files.writeString(site.resolve("sub/index.html"), "<p>sub</p>");
        for (String ext : new String[] {"html", "css", "js", "json", "txt", "xml", "svg", "png", "jpg", "jpeg", "gif",
                "webp", "ico", "pdf", "wasm", "woff", "woff2", "mp4", "webm", "mp3", "zip", "md", "csv", "gz"}) {
            Files.writeString(site.resolve("t." + ext), "x");
        }
        try (var files = Files.walk(site)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(1_700_000_000L, TimeUnit.SECONDS));
            }
        }
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nginxPort = free.getLocalPort();
        }
        Path conf = tmp.resolve("nginx.conf");
        Path t = Files.createDirectories(tmp.resolve("nginx-tmp"));
        Files.writeString(conf, String.join("\n",
                "daemon off;", "master_process off;", "worker_processes 1;",
                "pid " + tmp.resolve("nginx.pid") + ";", "error_log " + tmp.resolve("error.log") + ";",
                "events { worker_connections 64; }",
                "http {",
                "  include " + mime + ";", "  default_type application/octet-stream;", "  charset utf-8;",
                "  access_log off;", "  sendfile on;",
                "  client_body_temp_path " + t + "; proxy_temp_path " + t + "; fastcgi_temp_path " + t + ";",
                "  uwsgi_temp_path " + t + "; scgi_temp_path " + t + ";",
                "  server { listen 127.0.0.1:" + nginxPort + "; root " + site + "; }",
                "}", ""));
        nginx = new ProcessBuilder(bin.toString(), "-c", conf.toString(), "-p", tmp.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nginx.out").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (!listening(nginxPort)) {
            if (!nginx.isAlive() || System.nanoTime() > end) {
                fail("nginx did not start: " + Files.readString(tmp.resolve("nginx.out"))
                        + (Files.exists(tmp.resolve("error.log")) ? Files.readString(tmp.resolve("error.log")) : ""));
            }
            Thread.sleep(20);
        }
        aionet = HttpFileServer.start(site, ServerConfig.of(0));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (aionet != null) {
            aionet.close();
        }
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    private static Path nginxBinary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        for (String d : dirs) {
            Path p = Path.of(d, "nginx");
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpClient.Response ask(int port, String request) throws IOException {
        return HttpClient.once(port, request, request.startsWith("HEAD "));
    }

    /** Sends {@code request} to both servers and compares what comes back. */
    private static void same(String request) throws IOException {
        HttpClient.Response n = ask(nginxPort, request);
        HttpClient.Response a = ask(aionet.port(), request);
        String what = request.replace("\r\n", "\\r\\n");
        if (n.status() >= 400 && n.status() != 416) {
            // error pages: nginx's are HTML, ours plain text, and its reason phrases are its own
            // ("405 Not Allowed"); the status code is what counts
            assertEquals(n.status(), a.status(), "status for " + what);
            return;
        }
        assertEquals(n.statusLine(), a.statusLine(), "status line for " + what);
        if (n.status() == 416) {
            assertEquals(n.headers().get("content-range"), a.headers().get("content-range"), what);
            return;
        }
        assertEquals(n.headers().keySet().stream().toList(), a.headers().keySet().stream().toList(),
                "header fields in order for " + what);
        for (Map.Entry<String, String> e : n.headers().entrySet()) {
            if (COMPARED.contains(e.getKey())) {
                assertEquals(e.getValue(), a.headers().get(e.getKey()), e.getKey() + " for " + what);
            }
        }
        assertArrayEquals(n.body(), a.body(), "body for " + what);
    }

    private static String get(String target, String fields) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n";
    }

    @Test
    void plainGetsHeadsAndTypes() throws IOException {
        for (String target : new String[] {"/a.txt", "/", "/index.html", "/sub/", "/empty", "/big.bin", "/a.txt?x=1"}) {
            same(get(target, ""));
            same("HEAD " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (var files = Files.list(tmp.resolve("site"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                same(get("/" + p.getFileName(), ""));
            }
        }
        same("GET /a.txt HTTP/1.0\r\n\r\n");
        same("GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        same(get("/a.txt", "Connection: close\r\n"));
        same(get("/nope", ""));
        same("POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void conditionalGets() throws IOException {
        String lm = "Tue, 14 Nov 2023 22:13:20 GMT";
        String etag = "\"6553f100-5\"";
        for (String fields : new String[] {
            "If-Modified-Since: " + lm + "\r\n", "If-Modified-Since: Tuesday, 14-Nov-23 22:13:20 GMT\r\n",
            "If-Modified-Since: Tue Nov 14 22:13:20 2023\r\n", "If-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT\r\n",
            "If-Modified-Since: Thu, 01 Jan 2000 00:00:00 GMT\r\n", "If-Modified-Since: nonsense\r\n",
            "If-None-Match: " + etag + "\r\n", "If-None-Match: W/" + etag + "\r\n", "If-None-Match: *\r\n",
            "If-None-Match: \"a\", " + etag + "\r\n", "If-None-Match: \"a\"\r\n",
            "If-Modified-Since: " + lm + "\r\nIf-None-Match: \"a\"\r\n",
            "If-Modified-Since: Thu, 01 Jan 2000 00:00:00 GMT\r\nIf-None-Match: " + etag + "\r\n",
            "If-Modified-Since: " + lm + "\r\nRange: bytes=1-2\r\n",
        }) {
            same(get("/a.txt", fields));
        }
    }

    @Test
    void singleRanges() throws IOException {
        for (String r : new String[] {"0-0", "1-2", "4-100", "5-", "-0", "-3", "-10", "abc", "2-1", " 1-2", "1 - 2",
                "01-02", "1-2,", ",1-2", "0-4,1-2", "0-", "", "99999999999999999999-"}) {
            same(get("/a.txt", "Range: bytes=" + r + "\r\n"));
        }
        same(get("/a.txt", "Range: Bytes=1-2\r\n"));
        same(get("/a.txt", "Range: items=1-2\r\n"));
        same(get("/a.txt", "Range: bytes = 1-2\r\n"));
        same(get("/empty", "Range: bytes=0-0\r\n"));
        same(get("/big.bin", "Range: bytes=1000-150000\r\n"));
        same(get("/big.bin", "Range: bytes=-70000\r\n"));
        same("HEAD /a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=1-2\r\n\r\n");
        same(get("/a.txt", "If-Range: \"6553f100-5\"\r\nRange: bytes=1-2\r\n"));
        same(get("/a.txt", "If-Range: W/\"6553f100-5\"\r\nRange: bytes=1-2\r\n"));
        same(get("/a.txt", "If-Range: \"zz\"\r\nRange: bytes=1-2\r\n"));
        same(get("/a.txt", "If-Range: Tue, 14 Nov 2023 22:13:20 GMT\r\nRange: bytes=1-2\r\n"));
        same(get("/a.txt", "If-Range: Thu, 01 Jan 2000 00:00:00 GMT\r\nRange: bytes=1-2\r\n"));
        assertTrue(new String(ask(nginxPort, get("/a.txt", "")).body(), StandardCharsets.US_ASCII).equals("hello"));
    }
}
