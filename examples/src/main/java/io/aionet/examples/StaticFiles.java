package io.aionet.examples;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.linux.Openat2;
import io.aionet.linux.Statx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Maps request targets to files under one root directory, and never to anything outside it. The
 * target is percent-decoded first (so {@code %2e%2e} and {@code %2f} are seen for what they are), any
 * {@code ..} segment, a path that is absolute after decoding ({@code //etc}), a backslash or a NUL is
 * refused; then the file is opened in one step relative to the root's descriptor with
 * {@code openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)}: the kernel refuses every way out (a symbolic
 * link leading out, a {@code /proc} magic link) while it resolves, so nothing swapped into the tree
 * between a check and the open can lead out — there is no such gap. The opened descriptor is then asked
 * ({@code statx}) what it is: anything but a regular file (a FIFO, a device, a socket) is refused before
 * a byte is read; the open is non-blocking, so a FIFO cannot hang the server's loop.
 *
 * <p>Not thread-safe beyond {@link #open}: each server thread opens with its own {@link Opened} holder.
 */
public final class StaticFiles implements AutoCloseable {
    /**
     * One opened file: its descriptor (owned by the holder until {@link #close()}), what {@code statx}
     * said about it and its Content-Type. Reused from request to request.
     */
    public static final class Opened implements AutoCloseable {
        private final Statx stat = new Statx();
        private int fd = -1;
        private String contentType;

        /** The descriptor, or -1 when nothing is open. */
        public int fd() {
            return fd;
        }

        /** {@code statx} of the opened descriptor. */
        public Statx stat() {
            return stat;
        }

        /** The Content-Type for the file's name. */
        public String contentType() {
            return contentType;
        }

        /**
         * A path that reopens this very file (its {@code /proc/self/fd} link names the open file, not a
         * path to look up again), for APIs that take a path.
         */
        public Path path() {
            return Path.of("/proc/self/fd/" + fd);
        }

        /** Closes the descriptor (harmless when none is open). */
        @Override
        public void close() {
            if (fd >= 0) {
                Fds.close(fd);
                fd = -1;
            }
        }
    }

    private static final long RESOLVE = Openat2.RESOLVE_BENEATH | Openat2.RESOLVE_NO_MAGICLINKS;
    private static final int OPEN_FLAGS = Fds.O_RDONLY | Fds.O_CLOEXEC | Fds.O_NONBLOCK | Openat2.O_NOCTTY;

    // As nginx's mime.types has them, with "; charset=utf-8" on the types nginx's charset_types names
    // (what nginx answers with "charset utf-8;"): text/html, text/plain, text/xml, application/javascript.
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("shtml", "text/html; charset=utf-8"), Map.entry("css", "text/css"),
            Map.entry("js", "application/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("xml", "text/xml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("svgz", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"),
            Map.entry("bmp", "image/x-ms-bmp"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("mov", "video/quicktime"), Map.entry("mpeg", "video/mpeg"),
            Map.entry("mpg", "video/mpeg"), Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"),
            Map.entry("m4a", "audio/x-m4a"), Map.entry("zip", "application/zip"),
            Map.entry("7z", "application/x-7z-compressed"), Map.entry("rtf", "application/rtf"));

    private final Path root;
    /** The root directory's descriptor (O_PATH): every open resolves beneath it. */
    private final int rootFd;

    /**
     * Serves files under {@code root}.
     *
     * @throws IllegalArgumentException when {@code root} is not a directory
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
        int fd = Openat2.openat2(Openat2.AT_FDCWD, this.root.toString(),
                Openat2.O_PATH | Openat2.O_DIRECTORY | Fds.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalArgumentException("cannot open " + root + ": " + Errno.name(-fd)
                    + (fd == -Errno.ENOSYS ? " (openat2 needs Linux 5.6 or newer)" : ""));
        }
        this.rootFd = fd;
    }

    /** The root's real path. */
    public Path root() {
        return root;
    }

    /** Closes the root's descriptor; later opens fail with 404. */
    @Override
    public void close() {
        Fds.close(rootFd);
    }

    /**
     * Opens the file for request target {@code target} (origin form, e.g. {@code /a/b.html?x=1}) into
     * {@code into} (closing what it held): 200 with the file open; 400 for a target that is not a path
     * or is badly encoded; 403 for traversal, absolute paths, links out of the root, files that are not
     * regular and files the server may not read; 404 when nothing is there. A directory is served by its
     * {@code index.html}.
     */
    public int open(String target, Opened into) {
        into.close();
        String path = relative(target);
        if (path == null) {
            return 400;
        }
        if (path == FORBIDDEN) {
            return 403;
        }
        int status = openBeneath(path, into);
        if (status == 200 && into.stat.isDirectory()) {
            into.close();
            status = openBeneath(path.equals(".") ? "index.html" : path + "/index.html", into);
            if (status == 200 && into.stat.isDirectory()) {
                into.close();
                return 404;
            }
            path = "index.html";
        }
        if (status == 200 && !into.stat.isRegularFile()) {
            into.close();
            return 403; // FIFOs, devices, sockets: refused after the open, before any read
        }
        if (status == 200) {
            into.contentType = contentType(path);
        }
        return status;
    }

    /** {@link #relative}'s answer for a target that tries to leave the root (compared by identity). */
    static final String FORBIDDEN = new String("403");

    /**
     * The decoded path relative to the root ({@code "."} for the root itself), {@link #FORBIDDEN} for
     * traversal and absolute paths, {@code null} for a target that is not a path or is badly encoded.
     */
    static String relative(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return null;
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
            return null;
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return FORBIDDEN;
        }
        if (path.length() > 1 && path.charAt(1) == '/') {
            return FORBIDDEN; // absolute after the leading slash: "//etc/passwd"
        }
        StringBuilder rel = new StringBuilder(path.length() + 1);
        for (String seg : path.substring(1).split("/")) {
            if (seg.equals("..")) {
                return FORBIDDEN;
            }
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (!rel.isEmpty()) {
                rel.append('/');
            }
            rel.append(seg);
        }
        return rel.isEmpty() ? "." : rel.toString();
    }

    private int openBeneath(String path, Opened into) {
        int fd = Openat2.openat2(rootFd, path, OPEN_FLAGS, RESOLVE);
        if (fd < 0) {
            return switch (-fd) {
                case Errno.EACCES, Errno.EPERM -> 403;
                case 18 /* EXDEV: the path leads out */, 40 /* ELOOP: a refused or looping link */ -> 403;
                default -> 404; // ENOENT, ENOTDIR, ENAMETOOLONG ...
            };
        }
        into.fd = fd;
        if (into.stat.of(fd) != 0) {
            into.close();
            return 404;
        }
        return 200;
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

    /** The Content-Type for {@code file}, by extension as nginx's mime.types; {@code application/octet-stream} when unknown. */
    public static String contentType(Path file) {
        return contentType(file.getFileName().toString());
    }

    /** The Content-Type for a file named {@code name} (the last segment of a path). */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        if (dot < 0 || dot < slash) {
            return "application/octet-stream";
        }
        return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }
}
