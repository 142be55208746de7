package io.aionet.cli;

import io.aionet.cli.SoakTally.Fault;
import io.aionet.cli.SoakTally.Server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The soak's client: one connection at a time per call, on plain JDK sockets (blocking, meant for
 * virtual threads), so nothing of aionet checks aionet. Each connection draws its plan from its own
 * {@link Random}, so a seed replays a run:
 *
 * <ul>
 * <li><b>echo</b> — a stream of tape bytes (empty, or 1 B … 4 MiB, log-uniform) written in random
 *     slices while the echo is read and compared byte for byte, never more than a window ahead (16 …
 *     256 KiB) of what came back; the connection ends with a plain close, a half-close
 *     ({@code shutdownOutput}, after which the server owes the rest and then its end of stream), a slow
 *     reader (4 KiB receive buffer, pauses) or an abrupt reset ({@code SO_LINGER} 0) at a random point;</li>
 * <li><b>serve</b> — keep-alive GET/HEAD requests one by one (whole files, byte ranges of the three
 *     forms, a missing file, {@code Connection: close} on the last), up to 40 pipelined requests (with
 *     or without a half-close after them), a slow reader of large files, or a reset: right after
 *     connecting, in the middle of a request head, or in the middle of a large response.</li>
 * </ul>
 *
 * Every response is checked: status, {@code Content-Length}, {@code Content-Range}, the connection's
 * end where one is owed, and every body byte against the file.
 */
final class SoakClient {
    /** A read waiting longer than this is a stall. */
    static final int READ_TIMEOUT_MS = 30_000;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int SLOW_RECEIVE_BUFFER = 4096;
    private static final int MAX_HEAD = 16 * 1024;

    private final InetSocketAddress echo;
    private final InetSocketAddress serve;
    private final SoakData data;
    private final SoakTally tally;
    /** Sockets open now, closed by {@link #closeAll()} should a connection never finish. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Indices of the files a pipeline or a slow reader may ask for. */
    private final int[] small;
    private final int[] large;

    SoakClient(InetSocketAddress echo, InetSocketAddress serve, SoakData data, SoakTally tally) {
        this.echo = echo;
        this.serve = serve;
        this.data = data;
        this.tally = tally;
        List<Integer> s = new ArrayList<>();
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < data.fileCount(); i++) {
            (data.fileSize(i) <= 300_000 ? s : l).add(i);
        }
        small = s.stream().mapToInt(Integer::intValue).toArray();
        large = l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A fault found on a connection: what the client saw, as one sentence. */
    static final class Failure extends IOException {
        final Fault fault;

        Failure(Fault fault, String message) {
            super(message);
            this.fault = fault;
        }
    }

    /** One connection's figures, summed into the tally when it ends. */
    private static final class Conn {
        final long id;
        final Server server;
        long expected;
        long delivered;
        long corrupted;
        long firstCorrupt = -1;
        /** Where the first wrong bytes came from ({@link SoakData#whereFrom}). */
        String where;
        long sent;
        long received;
        long requests;
        boolean reset;
        boolean half;
        boolean slow;

        Conn(long id, Server server) {
            this.id = id;
            this.server = server;
        }
    }

    /** Runs connection {@code id} with the plan {@code r} draws; records what happened. Never throws. */
    void connection(long id, Random r) {
        Conn c = new Conn(id, r.nextBoolean() ? Server.ECHO : Server.SERVE);
        try {
            if (c.server == Server.ECHO) {
                echo(c, r);
            } else {
                serve(c, r);
            }
        } catch (Failure f) {
            tally.fault(f.fault, id, c.server, f.getMessage());
        } catch (SocketTimeoutException e) {
            tally.fault(Fault.STALLED, id, c.server, "no byte for " + READ_TIMEOUT_MS / 1000 + " s");
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage());
            boolean reset = m.contains("reset") || m.contains("Broken pipe");
            tally.fault(reset ? Fault.SERVER_RESET : Fault.IO, id, c.server, e.toString());
        } catch (IOException e) {
            tally.fault(Fault.IO, id, c.server, e.toString());
        } catch (InterruptedException e) {
            tally.fault(Fault.CLIENT, id, c.server, "interrupted");
        } catch (RuntimeException e) {
            tally.fault(Fault.CLIENT, id, c.server, e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
        } finally {
            if (c.corrupted > 0) {
                tally.fault(Fault.CORRUPTED, id, c.server, c.corrupted + " bytes differ, the first in the read at byte "
                        + c.firstCorrupt + c.where);
            }
            SoakTally.PerServer p = tally.of(c.server);
            p.connections.increment();
            (c.reset ? p.resets : p.wellBehaved).increment();
            if (c.half) {
                p.halfCloses.increment();
            }
            if (c.slow) {
                p.slowReaders.increment();
            }
            p.requests.add(c.requests);
            p.bytesSent.add(c.sent);
            p.bytesReceived.add(c.received);
            p.expected.add(c.expected);
            p.delivered.add(c.delivered);
            p.corrupted.add(c.corrupted);
            tally.done.increment();
        }
    }

    /** Closes the sockets of connections still running (a stalled run's end). */
    void closeAll() {
        for (Socket s : open) {
            close(s);
        }
    }

    // ------------------------------------------------------------------ sockets

    private Socket connect(InetSocketAddress to, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        open.add(s);
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer); // before connect: the window scale is agreed then
            }
            s.connect(to, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            close(s);
            throw new Failure(Fault.CONNECT, e.toString());
        }
        s.setSoTimeout(READ_TIMEOUT_MS);
        return s;
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing to do about it
        }
    }

    /** An abrupt close: {@code SO_LINGER} 0 makes the kernel send a reset instead of a FIN. */
    private void reset(Conn c, Socket s) throws IOException {
        c.reset = true;
        s.setSoLinger(true, 0);
        close(s);
    }

    private static long logUniform(Random r, long max) {
        return Math.max(1, Math.min(max, (long) Math.exp(r.nextDouble() * Math.log(max))));
    }

    /** Counts {@code got[0..n)} against what is owed at {@code pos}, given its mismatches. */
    private static void checked(Conn c, int n, int bad, long pos) {
        c.received += n;
        c.delivered += n - bad;
        if (bad > 0) {
            if (c.firstCorrupt < 0) {
                c.firstCorrupt = pos;
            }
            c.corrupted += bad;
        }
    }

    private static void pause(Random r) throws InterruptedException {
        int ms = r.nextInt(3);
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    // ------------------------------------------------------------------ echo

    /** Writes a connection's stream, at most a window ahead of the echo read back. */
    private static final class Writer implements Runnable {
        private final Socket s;
        private final byte[] tape;
        private final int start;
        private final long size;
        private final int window;
        private final Semaphore credit;
        private final Random r;
        private final boolean halfClose;
        long sent;
        volatile Exception failure;

        Writer(Socket s, byte[] tape, int start, long size, int window, long seed, boolean halfClose) {
            this.s = s;
            this.tape = tape;
            this.start = start;
            this.size = size;
            this.window = window;
            this.credit = new Semaphore(window);
            this.r = new Random(seed);
            this.halfClose = halfClose;
        }

        @Override
        public void run() {
            try {
                OutputStream out = s.getOutputStream();
                while (sent < size) {
                    int k = (int) Math.min(size - sent, Math.min(window, 1024 + r.nextInt(SoakData.MAX_SLICE - 1023)));
                    if (!credit.tryAcquire(k, READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                        throw new Failure(Fault.STALLED, "no echo for " + READ_TIMEOUT_MS / 1000 + " s");
                    }
                    out.write(tape, SoakData.index(start, sent), k);
                    sent += k;
                }
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }

    private void echo(Conn c, Random r) throws IOException, InterruptedException {
        int mode = r.nextInt(100);
        boolean rst = mode >= 70;
        c.slow = mode >= 60 && mode < 70;
        c.half = (mode >= 30 && mode < 60) || c.slow;
        long size = r.nextInt(20) == 0 ? 0 : logUniform(r, rst || c.slow ? 1 << 20 : 4 << 20);
        long owed = size;
        if (rst) {
            int v = r.nextInt(10);
            if (v == 0) {
                size = 0; // reset right after connecting
            }
            owed = v <= 1 ? 0 : (long) (r.nextDouble() * size);
        }
        int start = r.nextInt(SoakData.TAPE);
        int window = (16 * 1024) << r.nextInt(5);
        boolean noDelay = r.nextBoolean();
        long writerSeed = r.nextLong();
        Socket s = connect(echo, c.slow ? SLOW_RECEIVE_BUFFER : 0);
        s.setTcpNoDelay(noDelay);
        c.expected = owed;
        Writer w = new Writer(s, data.tape(), start, size, window, writerSeed, c.half);
        Thread wt = Thread.ofVirtual().name("soak-writer-" + c.id).start(w);
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[c.slow ? SLOW_RECEIVE_BUFFER : SoakData.MAX_SLICE];
            long got = 0;
            while (got < owed) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, owed - got));
                if (n < 0) {
                    Exception wf = w.failure;
                    throw new Failure(Fault.CLOSED_EARLY, "end of stream after " + got + " of " + owed + " bytes"
                            + (wf != null ? " (the writer: " + wf + ")" : ""));
                }
                int bad = data.mismatches(buf, n, start, got);
                if (bad > 0 && c.where == null) {
                    int at = SoakData.index(start, got);
                    c.where = data.whereFrom(buf, n, at, data.tape(), at);
                }
                checked(c, n, bad, got);
                got += n;
                w.credit.release(n);
                if (c.slow) {
                    pause(r);
                }
            }
            if (rst) {
                reset(c, s);
            } else {
                wt.join(); // every byte came back, so every byte was written (and the FIN, after a half-close)
                if (w.failure != null) {
                    throw w.failure instanceof IOException io ? io : new IOException(w.failure);
                }
            }
            if (c.half) { // now the server owes its end of stream, after every byte
                int n = in.read(buf);
                if (n >= 0) {
                    throw new Failure(Fault.EXTRA, n + "+ bytes after the " + owed + " echoed");
                }
            }
        } finally {
            close(s); // also ends a writer blocked in a write
            wt.interrupt();
            wt.join();
            c.sent = w.sent;
        }
    }

    // ------------------------------------------------------------------ serve

    /** One request and what it must get back. {@code file} -1: a file that does not exist. */
    private record Request(int file, boolean head, String range, long from, long to, boolean close) {
        byte[] bytes(long id) {
            String target = file < 0 ? "/missing-" + id + ".bin" : "/" + SoakData.fileName(file);
            return ((head ? "HEAD " : "GET ") + target + " HTTP/1.1\r\nHost: soak\r\n"
                    + (range != null ? "Range: " + range + "\r\n" : "")
                    + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        int status() {
            return file < 0 ? 404 : range != null ? 206 : 200;
        }

        /** Body bytes a GET of a file is owed (0 for HEAD and errors). */
        long owed() {
            return file < 0 || head ? 0 : to - from + 1;
        }
    }

    private int pick(Random r, int[] from) {
        return from[r.nextInt(from.length)];
    }

    /** A file, mostly small: of the large ones the biggest are the rarest. */
    private int file(Random r, boolean smallOnly) {
        int roll = r.nextInt(100);
        if (smallOnly || roll < 85 || large.length == 0) {
            return pick(r, small);
        }
        int k = roll < 95 ? 0 : roll < 98 ? 1 : 2;
        return large[Math.min(k, large.length - 1)];
    }

    private Request request(Random r, boolean close, boolean smallOnly) {
        int roll = r.nextInt(100);
        if (roll < 3) {
            return new Request(-1, false, null, 0, -1, close);
        }
        int f = file(r, smallOnly);
        long size = data.fileSize(f);
        if (roll < 13) {
            return new Request(f, true, null, 0, size - 1, close);
        }
        if (size > 0 && r.nextInt(4) == 0) {
            int form = r.nextInt(3);
            long a = (long) (r.nextDouble() * size);
            if (form == 0) {
                long b = a + (long) (r.nextDouble() * (size - a));
                return new Request(f, false, "bytes=" + a + "-" + b, a, b, close);
            } else if (form == 1) {
                return new Request(f, false, "bytes=" + a + "-", a, size - 1, close);
            }
            long n = 1 + (long) (r.nextDouble() * size);
            return new Request(f, false, "bytes=-" + n, size - n, size - 1, close);
        }
        return new Request(f, false, null, 0, size - 1, close);
    }

    private void send(Conn c, OutputStream out, byte[] b) throws IOException {
        out.write(b);
        c.sent += b.length;
    }

    /** Reads a response head (through its empty line); counted as received. */
    private static String head(Conn c, InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new Failure(Fault.CLOSED_EARLY, "end of stream " + (sb.isEmpty() ? "instead of a response"
                        : "inside a response head: " + sb.toString().replace("\r\n", "|")));
            }
            c.received++;
            sb.append((char) b);
            state = (b == '\r' && (state == 0 || state == 2)) ? state + 1 : (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : b == '\r' ? 1 : 0;
            if (sb.length() > MAX_HEAD) {
                throw new Failure(Fault.BAD_RESPONSE, "a response head longer than " + MAX_HEAD + " bytes");
            }
        }
        return sb.toString();
    }

    /**
     * Reads and checks the response to {@code q}, reading at most {@code limit} of its body bytes;
     * the body bytes read are owed.
     */
    private void response(Conn c, InputStream in, Request q, long limit, Random slow, byte[] buf)
            throws IOException, InterruptedException {
        long owed = Math.min(q.owed(), limit);
        c.expected += owed;
        String h = head(c, in);
        String[] lines = h.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                fields.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String what = (q.head ? "HEAD " : "GET ") + (q.file < 0 ? "(missing)" : SoakData.fileName(q.file))
                + (q.range != null ? " " + q.range : "");
        if (status.length < 2 || !status[0].equals("HTTP/1.1") || !status[1].equals(String.valueOf(q.status()))) {
            throw new Failure(Fault.BAD_RESPONSE, what + ": expected " + q.status() + ", got " + lines[0]);
        }
        long length;
        try {
            length = Long.parseLong(fields.getOrDefault("content-length", "-1"));
        } catch (NumberFormatException e) {
            length = -1;
        }
        long want = q.file < 0 ? length : q.head ? data.fileSize(q.file) : q.owed();
        if (length < 0 || length != want) {
            throw new Failure(Fault.BAD_RESPONSE, what + ": Content-Length " + fields.get("content-length")
                    + ", expected " + want);
        }
        if (q.range != null) {
            String cr = "bytes " + q.from + "-" + q.to + "/" + data.fileSize(q.file);
            if (!cr.equals(fields.get("content-range"))) {
                throw new Failure(Fault.BAD_RESPONSE, what + ": Content-Range " + fields.get("content-range")
                        + ", expected " + cr);
            }
        }
        if (q.close && !"close".equalsIgnoreCase(fields.get("connection"))) {
            throw new Failure(Fault.BAD_RESPONSE, what + ": Connection " + fields.get("connection") + " after close");
        }
        long body = q.head ? 0 : q.file < 0 ? length : owed;
        long got = 0;
        while (got < body) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, body - got));
            if (n < 0) {
                throw new Failure(Fault.CLOSED_EARLY, what + ": end of stream after " + got + " of " + length
                        + " body bytes");
            }
            if (q.file < 0) {
                c.received += n; // an error page: its text is not checked
            } else {
                int bad = data.fileMismatches(buf, n, q.file, q.from + got);
                if (bad > 0 && c.where == null) {
                    c.where = " in " + what + data.whereFrom(buf, n, data.fileTapeIndex(q.file, q.from + got),
                            data.file(q.file), (int) (q.from + got));
                }
                checked(c, n, bad, got);
            }
            got += n;
            if (slow != null) {
                pause(slow);
            }
        }
        c.requests++;
    }

    /** The server owes its end of stream now, and nothing before it. */
    private static void end(InputStream in, String after) throws IOException {
        int b = in.read();
        if (b >= 0) {
            throw new Failure(Fault.EXTRA, "a byte after " + after + " instead of the end of stream");
        }
    }

    private void serve(Conn c, Random r) throws IOException, InterruptedException {
        int mode = r.nextInt(100);
        c.slow = mode >= 60 && mode < 70;
        Socket s = connect(serve, c.slow ? SLOW_RECEIVE_BUFFER : 0);
        try {
            InputStream in = new BufferedInputStream(s.getInputStream(), SoakData.MAX_SLICE);
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[c.slow ? SLOW_RECEIVE_BUFFER : SoakData.MAX_SLICE];
            if (mode < 40) { // keep-alive, one request after the other
                int n = 1 + r.nextInt(8);
                boolean closeLast = r.nextBoolean();
                for (int i = 0; i < n; i++) {
                    Request q = request(r, closeLast && i == n - 1, false);
                    send(c, out, q.bytes(c.id));
                    response(c, in, q, Long.MAX_VALUE, null, buf);
                }
                if (closeLast) {
                    end(in, "a Connection: close response");
                }
            } else if (mode < 60) { // pipelined
                int n = 2 + r.nextInt(39);
                c.half = r.nextBoolean();
                boolean closeLast = !c.half && r.nextInt(3) == 0;
                List<Request> qs = new ArrayList<>();
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < n; i++) {
                    Request q = request(r, closeLast && i == n - 1, true);
                    qs.add(q);
                    all.writeBytes(q.bytes(c.id));
                }
                send(c, out, all.toByteArray());
                if (c.half) {
                    s.shutdownOutput();
                }
                for (Request q : qs) {
                    response(c, in, q, Long.MAX_VALUE, null, buf);
                }
                if (c.half || closeLast) {
                    end(in, n + " pipelined responses");
                }
            } else if (mode < 70) { // a slow reader of large files
                int n = 1 + r.nextInt(2);
                for (int i = 0; i < n; i++) {
                    int f = large.length > 0 && r.nextBoolean() ? large[0] : small[small.length - 1];
                    Request q = new Request(f, false, null, 0, data.fileSize(f) - 1, false);
                    send(c, out, q.bytes(c.id));
                    response(c, in, q, Long.MAX_VALUE, r, buf);
                }
            } else {
                resetting(c, r, s, in, out, buf);
            }
        } finally {
            close(s);
        }
    }

    /** A connection the client resets: at once, inside a request head, or inside a large response. */
    private void resetting(Conn c, Random r, Socket s, InputStream in, OutputStream out, byte[] buf)
            throws IOException, InterruptedException {
        int v = r.nextInt(100);
        if (v < 15) {
            reset(c, s);
            return;
        }
        if (v < 40) {
            byte[] q = request(r, false, false).bytes(c.id);
            send(c, out, java.util.Arrays.copyOf(q, 1 + r.nextInt(q.length - 1)));
            if (r.nextBoolean()) {
                Thread.sleep(r.nextInt(5));
            }
            reset(c, s);
            return;
        }
        int before = r.nextInt(3);
        for (int i = 0; i < before; i++) {
            Request q = request(r, false, true);
            send(c, out, q.bytes(c.id));
            response(c, in, q, Long.MAX_VALUE, null, buf);
        }
        int f = large.length > 0 ? large[r.nextInt(large.length)] : small[small.length - 1];
        Request q = new Request(f, false, null, 0, data.fileSize(f) - 1, false);
        send(c, out, q.bytes(c.id));
        response(c, in, q, (long) (r.nextDouble() * q.owed()), null, buf);
        reset(c, s);
    }
}
