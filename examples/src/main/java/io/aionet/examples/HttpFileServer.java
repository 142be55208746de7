package io.aionet.examples;

import io.aionet.dma.Buffer;
import io.aionet.event.Event;
import io.aionet.LinuxException;
import io.aionet.net.AsyncSocket;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal HTTP/1.1 static-file server on asynchronous sockets: GET and HEAD, keep-alive and
 * pipelining, Content-Length and Content-Type; requests arrive in kernel-chosen buffers (Drepper's
 * {@code sio_recv}), responses leave with {@code sio_send} — the head and small bodies in one send,
 * larger bodies with the lazy {@code aio_sendfile} ({@link AsyncSocket#sendFile}: readahead, then
 * file → pipe → socket splices, never through user space). Every path goes through
 * {@link StaticFiles}, which never lets a request reach a file outside the root: traversal, absolute
 * paths and symbolic links leading out are answered with 403, malformed requests with 400 (and the
 * connection closed), missing files with 404.
 *
 * {@snippet :
 * try (HttpFileServer http = HttpFileServer.start(Path.of("site"), ServerConfig.of(8080))) {
 *     // curl http://127.0.0.1:8080/index.html
 * }
 * }
 */
public final class HttpFileServer extends TcpServer {
    /** Bodies up to this size are read into the response's memory and leave with the head in one send. */
    static final int INLINE_BODY = 64 * 1024;
    /** A request head longer than this is answered with 431. */
    static final int MAX_HEAD = 16 * 1024;
    private static final int SEND_PART = 1 << 30;
    /** Responses a connection may have in flight; further pipelined requests wait in its input. */
    static final int MAX_PIPELINE = 32;

    private final StaticFiles files;

    private final long idleNanos;

    private HttpFileServer(StaticFiles files, ServerConfig config, long idleNanos) {
        super("aionet-http", config);
        this.files = files;
        this.idleNanos = idleNanos;
    }

    /**
     * Serves the files under {@code root}; returns once every thread listens.
     *
     * @throws IllegalArgumentException when {@code root} is not a directory
     */
    public static HttpFileServer start(Path root, ServerConfig config) throws Exception {
        return start(root, config, java.time.Duration.ofSeconds(60));
    }

    /**
     * Like {@link #start(Path, ServerConfig)}, closing connections that have sent nothing and have no
     * response in flight for {@code idleTimeout} (checked about once a second).
     *
     * @throws IllegalArgumentException when {@code root} is not a directory or the timeout is not positive
     */
    public static HttpFileServer start(Path root, ServerConfig config, java.time.Duration idleTimeout) throws Exception {
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeout);
        }
        HttpFileServer s = new HttpFileServer(new StaticFiles(root), config, idleTimeout.toNanos());
        s.start();
        return s;
    }

    /** Responses sent so far over all threads (any status). Any thread. */
    public long responses() {
        long n = 0;
        for (ServerWorker w : workers()) {
            n += ((Worker) w).responses.get();
        }
        return n;
    }

    @Override
    protected ServerWorker newWorker(int index) {
        return new Worker(config(), files, idleNanos);
    }

    /** One connection's protocol state. */
    private static final class Conn {
        byte[] in = new byte[4096];
        int len;
        /** Request body bytes still to skip. */
        long skip;
        /** Responses whose last send has not completed. */
        int pending;
        /** No more requests are read: close once the pending responses are sent. */
        boolean closeAfter;
        /** The client sent its FIN. */
        boolean peerEnded;
        /** When the client last sent bytes or a response completed ({@link System#nanoTime()}). */
        long lastActive;
        /** The memory of each pending response (head, body, mapping), in order. */
        final ArrayDeque<Arena> arenas = new ArrayDeque<>();
    }

    private static final class Worker extends ServerWorker {
        private static final int PART = 2;
        private static final int DONE = 3;
        private static final long GRAVE_NANOS = 1_000_000_000L;
        private static final long SWEEP_NANOS = 1_000_000_000L;
        private final long idleNanos;
        private final long sweepNanos;
        private long lastSweep = System.nanoTime();

        private final StaticFiles files;
        private final HttpRequestHead head = new HttpRequestHead();
        private Conn[] conns = new Conn[64];
        /** Response memory of closed connections, freed a while later (a cancelled send may still read it). */
        private final List<Arena> graves = new ArrayList<>();
        private final List<Long> graveTimes = new ArrayList<>();
        final StatCounter responses = new StatCounter();

        Worker(ServerConfig config, StaticFiles files, long idleNanos) {
            super(config);
            this.files = files;
            this.idleNanos = idleNanos;
            this.sweepNanos = Math.min(SWEEP_NANOS, idleNanos / 2);
        }

        @Override
        protected void grown(int capacity) {
            conns = Arrays.copyOf(conns, capacity);
        }

        @Override
        protected void onOpen(int slot, AsyncSocket socket) throws LinuxException {
            Conn c = conns[slot];
            if (c == null) {
                c = conns[slot] = new Conn();
            }
            c.len = 0;
            c.skip = 0;
            c.pending = 0;
            c.closeAfter = false;
            c.peerEnded = false;
            c.lastActive = System.nanoTime();
            socket.options().noDelay(true);
            super.onOpen(slot, socket);
        }

        @Override
        protected void onEvent(int slot, int kind, Event e) {
            Conn c = conns[slot];
            int res = e.result();
            if (kind == RECEIVE) {
                Buffer b = e.buffer();
                if (b == null) {
                    if (res < 0) {
                        closeConnection(slot);
                    } else { // end of stream: answer what was asked (also requests waiting for room), then close
                        c.peerEnded = true;
                        if (c.pending == 0) { // nothing waits: what is left in the input is an incomplete request
                            closeConnection(slot);
                        }
                    }
                    return;
                }
                c.lastActive = System.nanoTime();
                try {
                    received(slot, c, b);
                } finally {
                    b.release();
                }
                if (c.closeAfter && c.pending == 0 && socket(slot) != null) {
                    closeConnection(slot);
                }
            } else if (kind == DONE) {
                Arena a = c.arenas.poll();
                if (a != null) {
                    a.close();
                }
                c.pending--;
                c.lastActive = System.nanoTime();
                responses.add(1);
                if (res >= 0 && !c.closeAfter && c.len > 0) {
                    process(slot, c); // requests that waited for room in the pipeline
                }
                if (res < 0 || (c.pending == 0 && (c.closeAfter || c.peerEnded))) {
                    closeConnection(slot);
                }
            } else if (res < 0) { // a failed head or body part
                closeConnection(slot);
            }
        }

        private void received(int slot, Conn c, Buffer b) {
            int n = b.length();
            int off = 0;
            while (off < n && !c.closeAfter) {
                if (c.len == c.in.length && c.in.length < MAX_HEAD + 4096) {
                    c.in = Arrays.copyOf(c.in, c.in.length * 2);
                }
                int k = Math.min(n - off, c.in.length - c.len);
                if (k == 0) {
                    // the client pipelines far ahead of reading its responses: answer what was taken, then close
                    c.closeAfter = true;
                    c.len = 0;
                    break;
                }
                b.get(off, c.in, c.len, k);
                c.len += k;
                off += k;
                process(slot, c);
            }
        }

        /** Answers every complete request in the connection's input, in order. */
        private void process(int slot, Conn c) {
            int pos = 0;
            while (!c.closeAfter && c.pending < MAX_PIPELINE) {
                if (c.skip > 0) {
                    int k = (int) Math.min(c.skip, c.len - pos);
                    pos += k;
                    c.skip -= k;
                    if (c.skip > 0) {
                        break;
                    }
                }
                while (pos < c.len && (c.in[pos] == '\r' || c.in[pos] == '\n')) {
                    pos++; // empty lines before a request line are ignored (RFC 9112 section 2.2)
                }
                if (pos == c.len) {
                    break;
                }
                int r = head.parse(c.in, pos, c.len);
                if (r == HttpRequestHead.INCOMPLETE) {
                    if (c.len - pos >= MAX_HEAD) {
                        error(slot, c, 431, false, false);
                    }
                    break;
                }
                if (r == HttpRequestHead.MALFORMED) {
                    error(slot, c, 400, false, false);
                    break;
                }
                if (r == HttpRequestHead.BAD_VERSION) {
                    error(slot, c, 505, false, false);
                    break;
                }
                pos += r;
                c.skip = head.contentLength();
                request(slot, c);
            }
            if (c.closeAfter) {
                c.len = 0;
            } else {
                System.arraycopy(c.in, pos, c.in, 0, c.len - pos);
                c.len -= pos;
            }
        }

        private void request(int slot, Conn c) {
            boolean keep = head.keepAlive();
            String method = head.method();
            boolean isHead = method.equals("HEAD");
            if (!isHead && !method.equals("GET")) {
                error(slot, c, 405, keep, false);
                return;
            }
            StaticFiles.Lookup found = files.lookup(head.target());
            if (found.status() != 200) {
                error(slot, c, found.status(), keep && found.status() != 400, isHead);
                return;
            }
            file(slot, c, found.file(), keep, isHead);
        }

        private void file(int slot, Conn c, Path file, boolean keep, boolean isHead) {
            Arena a = Arena.ofConfined();
            MemorySegment first;
            long size;
            boolean splice;
            // every read of the file happens before the first send: a failure here still gets a clean 404
            try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
                size = fc.size();
                byte[] h = head(200, size, StaticFiles.contentType(file), keep, null);
                splice = !isHead && size > INLINE_BODY;
                if (isHead || size == 0 || splice) {
                    first = copy(a, h, 0);
                } else {
                    first = copy(a, h, size);
                    ByteBuffer bb = first.asSlice(h.length).asByteBuffer();
                    while (bb.hasRemaining() && fc.read(bb) > 0) {
                        // read the whole (small) file into the response
                    }
                    if (bb.hasRemaining()) {
                        keep = false; // the file shrank meanwhile: the promised length cannot be kept
                        first = first.asSlice(0, h.length + bb.position());
                    }
                }
            } catch (IOException | RuntimeException ex) {
                a.close();
                error(slot, c, 404, keep, isHead);
                return;
            }
            c.arenas.add(a);
            c.pending++;
            AsyncSocket s = socket(slot);
            // gathering sends and file sends share one ordered queue: the head goes first
            s.send(new MemorySegment[] {first}, tag(slot, splice ? PART : DONE));
            if (splice) {
                try {
                    for (long off = 0; off < size; off += SEND_PART) {
                        long n = Math.min(SEND_PART, size - off);
                        s.sendFile(file, off, n, tag(slot, off + n == size ? DONE : PART));
                    }
                } catch (IOException | RuntimeException ex) {
                    // the head is on its way: the response cannot be finished, the connection must end
                    c.closeAfter = true;
                    c.pending--;
                    c.arenas.remove(a);
                    graves.add(a);
                    graveTimes.add(System.nanoTime());
                    return;
                }
            }
            if (!keep) {
                c.closeAfter = true;
            }
        }

        private void error(int slot, Conn c, int status, boolean keep, boolean isHead) {
            byte[] body = (status + " " + reason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
            byte[] h = head(status, body.length, "text/plain; charset=utf-8", keep,
                    status == 405 ? "Allow: GET, HEAD\r\n" : null);
            Arena a = Arena.ofConfined();
            MemorySegment m = copy(a, h, isHead ? 0 : body.length);
            if (!isHead) {
                MemorySegment.copy(body, 0, m, java.lang.foreign.ValueLayout.JAVA_BYTE, h.length, body.length);
            }
            c.arenas.add(a);
            c.pending++;
            socket(slot).send(new MemorySegment[] {m}, tag(slot, DONE));
            if (!keep) {
                c.closeAfter = true;
            }
        }

        private static MemorySegment copy(Arena a, byte[] h, long extra) {
            MemorySegment m = a.allocate(h.length + extra);
            MemorySegment.copy(h, 0, m, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, h.length);
            return m;
        }

        private static byte[] head(int status, long length, String type, boolean keep, String extra) {
            StringBuilder sb = new StringBuilder(160);
            sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                    .append("Server: aionet\r\n")
                    .append("Date: ").append(HttpDate.now()).append("\r\n")
                    .append("Content-Length: ").append(length).append("\r\n")
                    .append("Content-Type: ").append(type).append("\r\n")
                    .append("Connection: ").append(keep ? "keep-alive" : "close").append("\r\n");
            if (extra != null) {
                sb.append(extra);
            }
            return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 400 -> "Bad Request";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 431 -> "Request Header Fields Too Large";
                case 505 -> "HTTP Version Not Supported";
                default -> "Error";
            };
        }

        @Override
        protected void onClose(int slot, AsyncSocket socket) {
            Conn c = conns[slot];
            long now = System.nanoTime();
            for (Arena a : c.arenas) {
                graves.add(a);
                graveTimes.add(now);
            }
            c.arenas.clear();
            c.pending = 0;
        }

        @Override
        protected void onIdle() {
            long now = System.nanoTime();
            if (now - lastSweep >= sweepNanos) {
                lastSweep = now;
                for (int i = 0, n = slotCount(); i < n; i++) {
                    Conn c = conns[i];
                    if (c != null && socket(i) != null && c.pending == 0 && now - c.lastActive > idleNanos) {
                        closeConnection(i); // idle: nothing asked, nothing in flight
                    }
                }
            }
            if (graves.isEmpty()) {
                return;
            }
            int i = 0;
            while (i < graves.size() && now - graveTimes.get(i) > GRAVE_NANOS) {
                graves.get(i).close();
                i++;
            }
            graves.subList(0, i).clear();
            graveTimes.subList(0, i).clear();
        }

        @Override
        protected void onStopped() {
            for (Arena a : graves) {
                a.close(); // the channel is closed: no request can read the memory any more
            }
            graves.clear();
            graveTimes.clear();
        }
    }
}
