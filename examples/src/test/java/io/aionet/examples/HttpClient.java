package io.aionet.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A tiny blocking HTTP/1.1 client for the server tests: writes requests, reads responses exactly. */
final class HttpClient {
    private HttpClient() {}

    /** A response: status, reason, header fields (lower-case names, in order) and body. */
    record Response(int status, String statusLine, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        return s;
    }

    static void write(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Reads one response; {@code noBody}: the request was HEAD or the status has none (304), so no
     * body follows whatever Content-Length says.
     */
    static Response read(InputStream in, boolean noBody) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head: " + h.toString(StandardCharsets.ISO_8859_1));
            }
            h.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = h.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        int code = Integer.parseInt(status[1]);
        String cl = headers.get("content-length");
        int length = cl == null ? 0 : Integer.parseInt(cl);
        byte[] body = noBody || code == 304 ? new byte[0] : in.readNBytes(length);
        if (!noBody && code != 304 && body.length != length) {
            throw new IOException("body cut short: " + body.length + " of " + length);
        }
        return new Response(code, lines[0], headers, body);
    }

    /** One request on a connection of its own. */
    static Response once(int port, String request, boolean noBody) throws IOException {
        try (Socket s = connect(port)) {
            write(s, request);
            return read(s.getInputStream(), noBody);
        }
    }

    /** {@code GET target} with extra header lines (each ending in CRLF). */
    static Response get(int port, String target, String extraHeaders) throws IOException {
        return once(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "\r\n", false);
    }
}
