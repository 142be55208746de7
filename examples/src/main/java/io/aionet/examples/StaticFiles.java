package io.aionet.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Maps request targets to files under one root directory, and never to anything outside it: the
 * target is percent-decoded first (so {@code %2e%2e} and {@code %2f} are seen for what they are), any
 * {@code ..} segment, a path that is absolute after decoding ({@code //etc}), a backslash or a NUL is
 * refused, and the file found is resolved with all symbolic links ({@link Path#toRealPath}) and must
 * still lie under the root's real path — so a link leading out of the root is refused too.
 */
public final class StaticFiles {
    /** What a lookup found: a status and, for 200, the real path of a regular, readable file. */
    public record Lookup(int status, Path file) { }

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"), Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"), Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"));

    private final Path root;

    /**
     * Serves files under {@code root}.
     *
     * @throws IllegalArgumentException when {@code root} is not a readable directory
     */
    public StaticFiles(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a directory: " + root + " (" + e + ")");
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
    }

    /** The root's real path. */
    public Path root() {
        return root;
    }

    /**
     * Finds the file for request target {@code target} (origin form, e.g. {@code /a/b.html?x=1}):
     * 200 with the file; 400 for a target that is not a path or is badly encoded; 403 for traversal,
     * absolute paths, links out of the root and unreadable files; 404 when nothing is there. A
     * directory is served by its {@code index.html}.
     */
    public Lookup lookup(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return new Lookup(400, null);
        }
        int q = target.length();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                q = i;
                break;
            }
        }
        String path = decode(target.substring(0, q));
        if (path == null) {
            return new Lookup(400, null);
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return new Lookup(403, null);
        }
        if (path.length() > 1 && path.charAt(1) == '/') {
            return new Lookup(403, null); // absolute after the leading slash: "//etc/passwd"
        }
        Path candidate = root;
        for (String seg : path.substring(1).split("/")) {
            if (seg.equals("..")) {
                return new Lookup(403, null);
            }
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            candidate = candidate.resolve(seg);
        }
        Lookup found = check(candidate);
        if (found.status() == 200 && Files.isDirectory(found.file())) {
            found = check(found.file().resolve("index.html"));
            if (found.status() == 200 && !Files.isRegularFile(found.file())) {
                return new Lookup(404, null);
            }
        }
        return found;
    }

    private Lookup check(Path candidate) {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            return new Lookup(404, null);
        } catch (AccessDeniedException e) {
            return new Lookup(403, null);
        } catch (IOException e) {
            return new Lookup(404, null); // e.g. a loop of links, a name too long
        }
        if (!real.startsWith(root)) {
            return new Lookup(403, null); // a symbolic link leading out of the root
        }
        if (Files.isDirectory(real)) {
            return new Lookup(200, real);
        }
        if (!Files.isRegularFile(real)) {
            return new Lookup(403, null); // devices, fifos, sockets
        }
        if (!Files.isReadable(real)) {
            return new Lookup(403, null);
        }
        return new Lookup(200, real);
    }

    /** Strict percent-decoding to UTF-8; {@code null} for a bad escape or bytes that are not UTF-8. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The Content-Type for {@code file}, by extension; {@code application/octet-stream} when unknown. */
    public static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return "application/octet-stream";
        }
        return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }
}
