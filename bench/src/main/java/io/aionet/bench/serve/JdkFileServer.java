package io.aionet.bench.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JDK peer of the {@code serve} benchmark (issue 13 item 3): {@code com.sun.net.httpserver.HttpServer}
 * serving the files of one folder (GET of a plain file name; nothing else), the handler running on the
 * server's own dispatcher thread (no executor), so it is one event-loop thread like the others. Each
 * request opens the file and copies it to the response with {@link FileChannel#transferTo}.
 */
final class JdkFileServer {
    private final HttpServer server;

    JdkFileServer(Path root, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.createContext("/", ex -> serve(root, ex));
        server.setExecutor(null); // handlers on the dispatcher thread
    }

    int start() {
        server.start();
        return server.getAddress().getPort();
    }

    private static void serve(Path root, HttpExchange ex) throws IOException {
        try (ex) {
            String name = ex.getRequestURI().getPath().substring(1);
            Path f = root.resolve(name).normalize();
            if (!ex.getRequestMethod().equals("GET") || name.isEmpty() || name.contains("/") || !f.startsWith(root)
                    || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            try (FileChannel fc = FileChannel.open(f, StandardOpenOption.READ)) {
                long size = fc.size();
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, size);
                OutputStream out = ex.getResponseBody();
                long sent = 0;
                var ch = Channels.newChannel(out);
                while (sent < size) {
                    sent += fc.transferTo(sent, size - sent, ch);
                }
                out.flush();
            }
        }
    }
}
