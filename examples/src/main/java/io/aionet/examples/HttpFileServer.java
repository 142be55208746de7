package io.aionet.examples;

import io.aionet.event.Event;
import io.aionet.linux.FileFds;
import io.aionet.linux.Statx;
import io.aionet.net.AsyncSocket;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal HTTP/1.1 static-file server on asynchronous sockets: GET and HEAD, keep-alive and
 * pipelining, and the parts of HTTP that make it usable for real static files, answered as nginx
 * answers them ({@link HttpConditional}): {@code Last-Modified} / {@code If-Modified-Since},
 * {@code ETag} / {@code If-None-Match} (304), one byte range ({@code Range}, {@code If-Range}; 206 and
 * 416), and the Content-Type of common file types. Responses leave with {@code sio_send} — the head and
 * small bodies in one send, larger bodies with the lazy {@code aio_sendfile}
 * ({@link AsyncSocket#sendFile}: readahead, then file → pipe → socket splices, never through user
 * space). Every file is opened through {@link StaticFiles}: in one step beneath the root
 * ({@code openat2}, {@code RESOLVE_BENEATH}), regular files only; traversal and links leading out are
 * answered with 403, malformed requests with 400 (and the connection closed), missing files with 404.
 *
 * <p>Made to stay up under clients that misbehave:
 * <ul>
 * <li>each connection receives into its own small landing buffer, one receive at a time, so reading
 *     <em>pauses</em> when the connection's input is full — a client pipelining far ahead of reading
 *     its responses is slowed down by TCP, not cut off, and no request is dropped;</li>
 * <li>a request head (and the body that is skipped) must arrive within the head timeout from its first
 *     byte (10 s by default), however it trickles in — a slowloris client is closed then; a
 *     connection with nothing asked and nothing in flight is closed after the idle timeout;</li>
 * <li>at the thread's connection cap ({@link ServerConfig#maxConnections()}) or when the process runs
 *     out of descriptors, a new connection sheds the oldest idle keep-alive connection (or the oldest
 *     head that has trickled for over a second) before it would be refused.</li>
 * </ul>
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
    /** Bytes one receive of a connection lands in. */
    static final int LANDING = 4096;
    /** A connection's unparsed input never exceeds this; while it is full, reading pauses. */
    static final int MAX_INPUT = MAX_HEAD + LANDING;
    private static final int SEND_PART = 1 << 30;
    /** Responses a connection may have in flight; further pipelined requests wait in its input. */
    static final int MAX_PIPELINE = 32;
    /** Default time a request head may take from its first byte. */
    public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a connection may stay with nothing asked and nothing in flight. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final StaticFiles files;
    private final long idleNanos;
    private final long headNanos;

    private HttpFileServer(StaticFiles files, ServerConfig config, long idleNanos, long headNanos) {
        super("aionet-http", config);
        this.files = files;
        this.idleNanos = idleNanos;
        this.headNanos = headNanos;
    }

    /**
     * Serves the files under {@code root} with the default timeouts; returns once every thread listens.
     *
     * @throws IllegalArgumentException when {@code root} is not a directory
     */
    public static HttpFileServer start(Path root, ServerConfig config) throws Exception {
        return start(root, config, DEFAULT_IDLE_TIMEOUT, DEFAULT_HEAD_TIMEOUT);
    }

    /**
     * Like {@link #start(Path, ServerConfig)}, closing connections that have sent nothing and have no
     * response in flight for {@code idleTimeout} (checked about once a second).
     *
     * @throws IllegalArgumentException when {@code root} is not a directory or the timeout is not positive
     */
    public static HttpFileServer start(Path root, ServerConfig config, Duration idleTimeout) throws Exception {
        return start(root, config, idleTimeout, DEFAULT_HEAD_TIMEOUT);
    }

    /**
     * Like {@link #start(Path, ServerConfig, Duration)}, also closing a connection whose request head
     * (with any body to skip) has not arrived whole {@code headTimeout} after its first byte.
     *
     * @throws IllegalArgumentException when {@code root} is not a directory or a timeout is not positive
     */
    public static HttpFileServer start(Path root, ServerConfig config, Duration idleTimeout, Duration headTimeout)
            throws Exception {
        positive("idle timeout", idleTimeout);
        positive("head timeout", headTimeout);
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        StaticFiles files = new StaticFiles(root);
        HttpFileServer s = new HttpFileServer(files, config, idleTimeout.toNanos(), headTimeout.toNanos());
        s.start(); // closes the server (and so the files) when a thread cannot start
        return s;
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }

    /** Responses sent so far over all threads (any status). Any thread. */
    public long responses() {
        long n = 0;
        for (ServerWorker w : workers()) {
            n += ((Worker) w).responses.get();
        }
        return n;
    }

    /** Connections closed so far because their request head did not arrive in time. Any thread. */
    public long headTimeouts() {
        long n = 0;
        for (ServerWorker w : workers()) {
            n += ((Worker) w).headTimeouts.get();
        }
        return n;
    }

    /** Connections shed so far to make room for new ones. Any thread. */
    public long shed() {
        long n = 0;
        for (ServerWorker w : workers()) {
            n += ((Worker) w).shed.get();
        }
        return n;
    }

    /** Stops the threads, then closes the root's descriptor. */
    @Override
    public void close() {
        try {
            super.close();
        } finally {
            files.close();
        }
    }

    @Override
    protected ServerWorker newWorker(int index) {
        return new Worker(config(), files, idleNanos, headNanos);
    }

    /** One connection's protocol state. */
    private static final class Conn {
        /** The landing buffer's memory; to the graves when the connection closes (a receive may still write). */
        Arena landingArena;
        MemorySegment landing;
        /** A receive into {@link #landing} is in the kernel. */
        boolean receiving;
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
        /** Our FIN is sent; what still arrives is read and dropped until the client's FIN (lingering close). */
        boolean lingering;
        long lingerStart;
        /** When the client last sent bytes or a response completed ({@link System#nanoTime()}). */
        long lastActive;
        /** A response has been sent: the connection is a keep-alive one when idle, not a new arrival. */
        boolean answered;
        /** When the first byte of the head (or body) still incomplete arrived; 0 when none is. */
        long headStart;
        /** The memory of each pending response (head, body), in order. */
        final ArrayDeque<Arena> arenas = new ArrayDeque<>();
    }

    private static final class Worker extends ServerWorker {
        private static final int PART = 2;
        private static final int DONE = 3;
        private static final int SHUT = 4;
        /** How long a lingering close waits for the client's FIN (nginx: lingering_timeout 5 s). */
        private static final long LINGER_NANOS = 2_000_000_000L;
        private static final long GRAVE_NANOS = 1_000_000_000L;
        private static final long SWEEP_NANOS = 1_000_000_000L;
        /** A head trickling for longer than this may be shed to make room for a new connection. */
        private static final long SHED_HEAD_NANOS = 1_000_000_000L;
        private final long idleNanos;
        private final long headNanos;
        private final long sweepNanos;
        private long lastSweep = System.nanoTime();

        private final StaticFiles files;
        private final StaticFiles.Opened opened = new StaticFiles.Opened();
        private final HttpRequestHead head = new HttpRequestHead();
        private final long[] range = new long[2];
        private Conn[] conns = new Conn[64];
        /** Memory of closed connections, freed a while later (a cancelled operation may still use it). */
        private final List<Arena> graves = new ArrayList<>();
        private final List<Long> graveTimes = new ArrayList<>();
        final StatCounter responses = new StatCounter();
        final StatCounter headTimeouts = new StatCounter();
        final StatCounter shed = new StatCounter();

        Worker(ServerConfig config, StaticFiles files, long idleNanos, long headNanos) {
            super(config);
            this.files = files;
            this.idleNanos = idleNanos;
            this.headNanos = headNanos;
            this.sweepNanos = Math.min(SWEEP_NANOS, Math.min(idleNanos, headNanos) / 2);
        }

        @Override
        protected boolean receivesIntoPool() {
            return false; // each connection lands its input in its own buffer, so reading can pause
        }

        @Override
        protected void grown(int capacity) {
            conns = Arrays.copyOf(conns, capacity);
        }

        @Override
        protected void onOpen(int slot, AsyncSocket socket) {
            Conn c = conns[slot];
            if (c == null) {
                c = conns[slot] = new Conn();
            }
            c.landingArena = Arena.ofConfined();
            c.landing = c.landingArena.allocate(LANDING, 64);
            c.receiving = false;
            c.len = 0;
            c.skip = 0;
            c.pending = 0;
            c.closeAfter = false;
            c.peerEnded = false;
            c.lastActive = System.nanoTime();
            c.headStart = 0;
            c.lingering = false;
            c.answered = false;
            receive(slot, c);
        }

        /**
         * The last response is sent and no more requests are read: close. When the client may still be
         * sending (it has not sent its FIN), close the way nginx does ("lingering close"): send our FIN,
         * then read and drop what arrives until the client's FIN or {@link #LINGER_NANOS} — closing with
         * unread input would make the kernel answer with a reset that can destroy the response before
         * the client has read it.
         */
        private void finish(int slot, Conn c) {
            if (c.peerEnded || c.lingering) {
                closeConnection(slot);
                return;
            }
            c.lingering = true;
            c.lingerStart = System.nanoTime();
            c.len = 0;
            socket(slot).shutdownOutput(tag(slot, SHUT));
            receive(slot, c);
        }

        /** Starts the next receive unless one is in the kernel, the input is full, or reading is over. */
        private void receive(int slot, Conn c) {
            int room = Math.min(LANDING, MAX_INPUT - c.len);
            if (c.lingering && !c.receiving) {
                c.receiving = true;
                socket(slot).receive(c.landing, 0, LANDING, 0, tag(slot, RECEIVE));
                return;
            }
            if (c.receiving || room <= 0 || c.closeAfter || c.peerEnded) {
                return; // full input: reading pauses until responses make room
            }
            c.receiving = true;
            socket(slot).receive(c.landing, 0, room, 0, tag(slot, RECEIVE));
        }

        @Override
        protected void onEvent(int slot, int kind, Event e) {
            Conn c = conns[slot];
            int res = e.result();
            if (kind == RECEIVE) {
                c.receiving = false;
                if (res < 0 || (c.lingering && res == 0)) {
                    closeConnection(slot);
                    return;
                }
                if (c.lingering) {
                    receive(slot, c); // dropped: the connection is ending
                    return;
                }
                if (res == 0) { // end of stream: answer what was asked (also requests waiting for room), then close
                    c.peerEnded = true;
                    if (c.pending == 0) { // nothing waits: what is left in the input is an incomplete request
                        closeConnection(slot);
                    }
                    return;
                }
                c.lastActive = System.nanoTime();
                if (c.in.length - c.len < res) {
                    c.in = Arrays.copyOf(c.in, Math.min(MAX_INPUT, Math.max(c.in.length * 2, c.len + res)));
                }
                MemorySegment.copy(c.landing, ValueLayout.JAVA_BYTE, 0, c.in, c.len, res);
                c.len += res;
                process(slot, c);
                if (socket(slot) == null) {
                    return;
                }
                if (c.closeAfter && c.pending == 0) {
                    finish(slot, c);
                } else {
                    receive(slot, c);
                }
            } else if (kind == DONE) {
                Arena a = c.arenas.poll();
                if (a != null) {
                    a.close();
                }
                c.pending--;
                c.lastActive = System.nanoTime();
                c.answered = true;
                responses.add(1);
                if (res >= 0 && !c.closeAfter && c.len > 0) {
                    process(slot, c); // requests that waited for room in the pipeline
                }
                if (res < 0) {
                    closeConnection(slot);
                } else if (c.pending == 0 && (c.closeAfter || c.peerEnded)) {
                    finish(slot, c);
                } else {
                    receive(slot, c); // the input may have room again
                }
            } else if (res < 0) { // a failed head or body part, or shutdown
                closeConnection(slot);
            }
        }

        /** Answers every complete request in the connection's input, in order, while the pipeline has room. */
        private void process(int slot, Conn c) {
            int pos = 0;
            boolean waiting = false; // stopped at an incomplete head or body: the client's turn
            while (!c.closeAfter && c.pending < MAX_PIPELINE) {
                if (c.skip > 0) {
                    int k = (int) Math.min(c.skip, c.len - pos);
                    pos += k;
                    c.skip -= k;
                    if (c.skip > 0) {
                        waiting = true;
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
                        error(slot, c, 431, false, false, null);
                    }
                    waiting = true;
                    break;
                }
                if (r == HttpRequestHead.MALFORMED) {
                    error(slot, c, 400, false, false, null);
                    break;
                }
                if (r == HttpRequestHead.BAD_VERSION) {
                    error(slot, c, 505, false, false, null);
                    break;
                }
                pos += r;
                c.skip = head.contentLength();
                c.headStart = 0;
                request(slot, c);
            }
            if (waiting && c.headStart == 0) {
                c.headStart = System.nanoTime(); // the head's clock starts with its first byte we hold
            } else if (!waiting) {
                c.headStart = 0;
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
                error(slot, c, 405, keep, false, null);
                return;
            }
            int status = files.open(head.target(), opened);
            if (status != 200) {
                error(slot, c, status, keep && status != 400, isHead, null);
                return;
            }
            try {
                file(slot, c, keep, isHead);
            } finally {
                opened.close();
            }
        }

        private void file(int slot, Conn c, boolean keep, boolean isHead) {
            Statx st = opened.stat();
            long size = st.size();
            long mtime = st.mtimeSeconds();
            String etag = HttpConditional.etag(mtime, size);
            String lastModified = HttpDate.format(mtime);
            if (HttpConditional.notModified(head, mtime, etag)) {
                send(slot, c, notModified(lastModified, etag, keep), keep);
                return;
            }
            long from = 0;
            long count = size;
            int status = 200;
            if (head.range() != null && HttpConditional.ifRangeHolds(head.ifRange(), mtime, etag)) {
                int r = HttpConditional.range(head.range(), size, range);
                if (r == HttpConditional.UNSATISFIABLE) {
                    error(slot, c, 416, keep, isHead, "Content-Range: bytes */" + size + "\r\n");
                    return;
                }
                if (r == HttpConditional.PARTIAL) {
                    status = 206;
                    from = range[0];
                    count = range[1] - range[0] + 1;
                }
            }
            byte[] h = fileHead(status, count, opened.contentType(), lastModified, keep, etag,
                    status == 206 ? "Content-Range: bytes " + from + "-" + (from + count - 1) + "/" + size + "\r\n"
                            : "Accept-Ranges: bytes\r\n");
            boolean splice = !isHead && count > INLINE_BODY;
            Arena a = Arena.ofConfined();
            MemorySegment first;
            if (isHead || count == 0 || splice) {
                first = copy(a, h, 0);
            } else {
                // the (small) body is read before the first send: a failure here still gets a clean 404
                first = copy(a, h, count);
                long got = 0;
                while (got < count) {
                    long n = FileFds.pread(opened.fd(), first.asSlice(h.length + got, count - got), from + got);
                    if (n <= 0) {
                        break;
                    }
                    got += n;
                }
                if (got < count) {
                    if (got == 0 && count > 0 && size > 0) {
                        a.close();
                        error(slot, c, 404, keep, false, null);
                        return;
                    }
                    keep = false; // the file shrank meanwhile: the promised length cannot be kept
                    first = first.asSlice(0, h.length + got);
                }
            }
            c.arenas.add(a);
            c.pending++;
            AsyncSocket s = socket(slot);
            // gathering sends and file sends share one ordered queue: the head goes first
            s.send(new MemorySegment[] {first}, tag(slot, splice ? PART : DONE));
            if (splice) {
                try {
                    Path self = opened.path(); // reopens this very file, not whatever the name holds now
                    for (long off = 0; off < count; off += SEND_PART) {
                        long n = Math.min(SEND_PART, count - off);
                        s.sendFile(self, from + off, n, tag(slot, off + n == count ? DONE : PART));
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

        private void send(int slot, Conn c, byte[] whole, boolean keep) {
            Arena a = Arena.ofConfined();
            c.arenas.add(a);
            c.pending++;
            socket(slot).send(new MemorySegment[] {copy(a, whole, 0)}, tag(slot, DONE));
            if (!keep) {
                c.closeAfter = true;
            }
        }

        private void error(int slot, Conn c, int status, boolean keep, boolean isHead, String extra) {
            byte[] body = (status + " " + reason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
            byte[] h = errorHead(status, body.length, keep, status == 405 ? "Allow: GET, HEAD\r\n" : extra);
            Arena a = Arena.ofConfined();
            MemorySegment m = copy(a, h, isHead ? 0 : body.length);
            if (!isHead) {
                MemorySegment.copy(body, 0, m, ValueLayout.JAVA_BYTE, h.length, body.length);
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
            MemorySegment.copy(h, 0, m, ValueLayout.JAVA_BYTE, 0, h.length);
            return m;
        }

        // Field order as nginx writes it, so the two can be compared line by line.
        private static StringBuilder statusLine(int status) {
            return new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                    .append("\r\nServer: aionet\r\nDate: ").append(HttpDate.now()).append("\r\n");
        }

        private static byte[] fileHead(int status, long length, String type, String lastModified, boolean keep,
                                       String etag, String last) {
            StringBuilder sb = statusLine(status)
                    .append("Content-Type: ").append(type).append("\r\n")
                    .append("Content-Length: ").append(length).append("\r\n")
                    .append("Last-Modified: ").append(lastModified).append("\r\n")
                    .append("Connection: ").append(keep ? "keep-alive" : "close").append("\r\n")
                    .append("ETag: ").append(etag).append("\r\n")
                    .append(last);
            return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] notModified(String lastModified, String etag, boolean keep) {
            StringBuilder sb = statusLine(304)
                    .append("Last-Modified: ").append(lastModified).append("\r\n")
                    .append("Connection: ").append(keep ? "keep-alive" : "close").append("\r\n")
                    .append("ETag: ").append(etag).append("\r\n");
            return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] errorHead(int status, long length, boolean keep, String extra) {
            StringBuilder sb = statusLine(status)
                    .append("Content-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Length: ").append(length).append("\r\n")
                    .append("Connection: ").append(keep ? "keep-alive" : "close").append("\r\n");
            if (extra != null) {
                sb.append(extra);
            }
            return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 206 -> "Partial Content";
                case 304 -> "Not Modified";
                case 400 -> "Bad Request";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 416 -> "Requested Range Not Satisfiable"; // nginx's wording (RFC 9110: "Range Not Satisfiable")
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
            if (c.landingArena != null) {
                graves.add(c.landingArena); // a receive may be in the kernel until the close cancels it
                graveTimes.add(now);
                c.landingArena = null;
                c.landing = null;
            }
            c.pending = 0;
            c.receiving = false;
        }

        @Override
        protected boolean shedOne() {
            long now = System.nanoTime();
            int victim = -1;
            long oldest = Long.MAX_VALUE;
            for (int i = 0, n = slotCount(); i < n; i++) {
                Conn c = conns[i];
                if (c == null || socket(i) == null) {
                    continue;
                }
                long since;
                if (c.lingering) {
                    since = Long.MIN_VALUE; // ending anyway: the first to go
                } else if (c.pending == 0 && c.len == 0 && c.skip == 0
                        && (c.answered || now - c.lastActive > SHED_HEAD_NANOS)) {
                    // an idle keep-alive connection, or a new one silent for a while (a new one just
                    // accepted has had no chance to ask yet: shedding it would refuse a waiting client)
                    since = c.lastActive;
                } else if (c.headStart != 0 && now - c.headStart > SHED_HEAD_NANOS) {
                    since = c.headStart; // a head trickling in
                } else {
                    continue;
                }
                if (since < oldest) {
                    oldest = since;
                    victim = i;
                }
            }
            if (victim < 0) {
                return false;
            }
            shed.add(1);
            closeConnection(victim);
            return true;
        }

        @Override
        protected void onIdle() {
            long now = System.nanoTime();
            if (now - lastSweep >= sweepNanos) {
                lastSweep = now;
                for (int i = 0, n = slotCount(); i < n; i++) {
                    Conn c = conns[i];
                    if (c == null || socket(i) == null) {
                        continue;
                    }
                    if (c.lingering) {
                        if (now - c.lingerStart > LINGER_NANOS) {
                            closeConnection(i);
                        }
                    } else if (c.headStart != 0 && now - c.headStart > headNanos) {
                        headTimeouts.add(1);
                        closeConnection(i); // a head that trickles: slowloris
                    } else if (c.pending == 0 && c.headStart == 0 && now - c.lastActive > idleNanos) {
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
            opened.close();
        }
    }
}
