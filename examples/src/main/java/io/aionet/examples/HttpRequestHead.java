package io.aionet.examples;

import java.nio.charset.StandardCharsets;

/**
 * The head of one HTTP/1.x request (request line and header fields), parsed from bytes as they arrive
 * on a connection — the protocol half of {@link HttpFileServer}. Reused per connection: {@link #parse}
 * overwrites every field. Strict where laxness would be a risk (one Host, one Content-Length, no obsolete
 * line folding, no Transfer-Encoding), lenient about bare LF line ends. A target in absolute form
 * ({@code GET http://host/a.txt}, RFC 9112 section 3.2.2: a server must accept it) is reduced to its
 * path and query ({@code /a.txt}); the fields the static-file server answers conditionally
 * ({@code Range}, {@code If-Range}, {@code If-Modified-Since}, {@code If-None-Match}) are kept as sent.
 */
public final class HttpRequestHead {
    /** {@link #parse} result: the head is not complete yet. */
    public static final int INCOMPLETE = 0;
    /** {@link #parse} result: the request is malformed (answer 400 and close). */
    public static final int MALFORMED = -1;
    /** {@link #parse} result: the version is HTTP/2 or later, or some other (answer 505 and close). */
    public static final int BAD_VERSION = -2;

    private String method;
    private String target;
    private int minorVersion;
    private boolean keepAlive;
    private long contentLength;
    private String range;
    private String ifRange;
    private String ifModifiedSince;
    private String ifNoneMatch;

    /** The method, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The request target in origin form (still percent-encoded): as sent, or the path of an absolute-form target. */
    public String target() {
        return target;
    }

    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    public int minorVersion() {
        return minorVersion;
    }

    /** True when the connection stays open after the response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** The {@code Range} field's value, or {@code null}. */
    public String range() {
        return range;
    }

    /** The {@code If-Range} field's value, or {@code null}. */
    public String ifRange() {
        return ifRange;
    }

    /** The {@code If-Modified-Since} field's value, or {@code null}. */
    public String ifModifiedSince() {
        return ifModifiedSince;
    }

    /** The {@code If-None-Match} field's value, or {@code null}. */
    public String ifNoneMatch() {
        return ifNoneMatch;
    }

    /** Bytes of request body that follow the head (to be skipped). */
    public long contentLength() {
        return contentLength;
    }

    /**
     * Parses a request head from {@code buf[from, to)}.
     *
     * @return the head's length in bytes (including the empty line) when complete, {@link #INCOMPLETE},
     *         {@link #MALFORMED} or {@link #BAD_VERSION}
     */
    public int parse(byte[] buf, int from, int to) {
        int end = headEnd(buf, from, to);
        if (end < 0) {
            return INCOMPLETE;
        }
        method = null;
        target = null;
        contentLength = 0;
        range = null;
        ifRange = null;
        ifModifiedSince = null;
        ifNoneMatch = null;
        int lineEnd = lineEnd(buf, from, end);
        int r = requestLine(buf, from, trimCr(buf, from, lineEnd));
        if (r != 0) {
            return r;
        }
        boolean host = false;
        boolean close = false;
        boolean keep = false;
        boolean lengthSeen = false;
        int p = lineEnd + 1;
        while (true) {
            int le = lineEnd(buf, p, end);
            int e = trimCr(buf, p, le);
            if (e == p) {
                break; // the empty line
            }
            if (buf[p] == ' ' || buf[p] == '\t') {
                return MALFORMED; // obsolete line folding
            }
            int colon = -1;
            for (int i = p; i < e; i++) {
                byte c = buf[i];
                if (c == ':') {
                    colon = i;
                    break;
                }
                if (!isTokenChar(c)) {
                    return MALFORMED;
                }
            }
            if (colon <= p) {
                return MALFORMED;
            }
            String name = ascii(buf, p, colon).toLowerCase(java.util.Locale.ROOT);
            int vs = colon + 1;
            int ve = e;
            while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                if (buf[i] == 0 || buf[i] == '\r' || buf[i] == '\n') {
                    return MALFORMED;
                }
            }
            switch (name) {
                case "host" -> {
                    if (host) {
                        return MALFORMED;
                    }
                    host = true;
                }
                case "connection" -> {
                    for (String t : ascii(buf, vs, ve).split(",")) {
                        String token = t.trim().toLowerCase(java.util.Locale.ROOT);
                        close |= token.equals("close");
                        keep |= token.equals("keep-alive");
                    }
                }
                case "content-length" -> {
                    long n = digits(buf, vs, ve);
                    if (n < 0 || (lengthSeen && n != contentLength)) {
                        return MALFORMED;
                    }
                    lengthSeen = true;
                    contentLength = n;
                }
                case "range" -> range = ascii(buf, vs, ve);
                case "if-range" -> ifRange = ascii(buf, vs, ve);
                case "if-modified-since" -> ifModifiedSince = ascii(buf, vs, ve);
                case "if-none-match" -> ifNoneMatch = ascii(buf, vs, ve);
                case "transfer-encoding" -> {
                    return MALFORMED; // no request bodies but Content-Length ones: refuse rather than desync
                }
                default -> { }
            }
            p = le + 1;
        }
        if (minorVersion == 1 && !host) {
            return MALFORMED; // RFC 9112 section 3.2: a 1.1 request without Host is answered with 400
        }
        keepAlive = minorVersion == 1 ? !close : keep && !close;
        return end - from;
    }

    private int requestLine(byte[] buf, int from, int to) {
        int sp1 = indexOf(buf, from, to, (byte) ' ');
        if (sp1 <= from) {
            return MALFORMED;
        }
        int sp2 = indexOf(buf, sp1 + 1, to, (byte) ' ');
        if (sp2 <= sp1 + 1 || indexOf(buf, sp2 + 1, to, (byte) ' ') >= 0) {
            return MALFORMED;
        }
        for (int i = from; i < sp1; i++) {
            if (!isTokenChar(buf[i])) {
                return MALFORMED;
            }
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            int c = buf[i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F) {
                return MALFORMED; // targets are visible ASCII; anything else arrives percent-encoded
            }
        }
        String version = ascii(buf, sp2 + 1, to);
        if (version.equals("HTTP/1.1")) {
            minorVersion = 1;
        } else if (version.equals("HTTP/1.0")) {
            minorVersion = 0;
        } else if (version.matches("HTTP/[0-9](\\.[0-9])?")) {
            return BAD_VERSION;
        } else {
            return MALFORMED;
        }
        method = ascii(buf, from, sp1);
        target = originForm(ascii(buf, sp1 + 1, sp2));
        return target == null ? MALFORMED : 0;
    }

    /**
     * The path and query of {@code t}: {@code t} itself unless it is an absolute {@code http} or
     * {@code https} URI, whose authority (non-empty, and without user information) is dropped;
     * {@code null} for an absolute URI that is not one of those.
     */
    static String originForm(String t) {
        int colon = t.indexOf(':');
        int slash = t.indexOf('/');
        if (colon < 0 || (slash >= 0 && slash < colon)) {
            return t; // origin form, or something the file lookup refuses on its own
        }
        String scheme = t.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || !t.startsWith("//", colon + 1)) {
            return null;
        }
        int authority = colon + 3;
        int end = authority;
        while (end < t.length() && t.charAt(end) != '/' && t.charAt(end) != '?' && t.charAt(end) != '#') {
            end++;
        }
        if (end == authority || t.substring(authority, end).indexOf('@') >= 0) {
            return null; // no host, or user information (RFC 9110 section 4.2.4: not allowed in http URIs)
        }
        if (end == t.length()) {
            return "/";
        }
        return t.charAt(end) == '/' ? t.substring(end) : "/" + t.substring(end);
    }

    /** The index just past the head's empty line, or -1. */
    private static int headEnd(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < to && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] buf, int from, int to) {
        int i = indexOf(buf, from, to, (byte) '\n');
        return i < 0 ? to : i;
    }

    private static int trimCr(byte[] buf, int from, int lineEnd) {
        return lineEnd > from && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static long digits(byte[] buf, int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return -1;
            }
            n = n * 10 + (buf[i] - '0');
        }
        return n;
    }

    /** RFC 9110 tchar. */
    private static boolean isTokenChar(byte b) {
        int c = b & 0xFF;
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0 && c < 0x80;
    }

    private static String ascii(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
