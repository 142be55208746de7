package io.aionet.bench.seed;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.linux.Epoll;
import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import io.aionet.net.AsyncSocket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Polyakov's send test (seed 003): {@value #SOCKETS} concurrent sockets send {@code perSocket} bytes each
 * over loopback TCP to receivers that discard it. Asynchronous: aionet zero-copy sends from DMA buffers
 * ({@code SEND_ZC}), {@value #WINDOW} in flight per socket. Synchronous: non-blocking {@code send} driven
 * by epoll. Measured: MB/s, the sending thread's CPU, and the share of zero-copy sends the kernel copied.
 * With {@code verify} (the demo's quick mode) both send a known pattern and each receiver checks every
 * byte of its stream (CRC32C); that costs CPU, so such a run's figures mean nothing.
 */
final class SeedSend {
    static final int SOCKETS = 10;
    static final int CHUNK = 64 * 1024;
    static final int WINDOW = 4;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SeedSend() {}

    /** Receivers: one thread per connection reading into its own buffer until end of stream. */
    private static List<Thread> sinks(int listener, int n, long[] received, long[] crcs) {
        List<Thread> out = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                int fd;
                try {
                    fd = Loopback.accept(listener);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                final int idx = i;
                Thread t = new Thread(() -> {
                    try (Arena a = Arena.ofConfined()) {
                        MemorySegment buf = a.allocate(256 * 1024);
                        long total = 0;
                        long r;
                        CRC32C crc = crcs == null ? null : new CRC32C();
                        while ((r = Sockets.recv(fd, buf, 0)) != 0) {
                            if (r < 0 && r != -Errno.EINTR) {
                                break;
                            }
                            if (crc != null && r > 0) {
                                crc.update(buf.asSlice(0, r).asByteBuffer());
                            }
                            total += Math.max(0, r);
                        }
                        received[idx] = total;
                        if (crc != null) {
                            crcs[idx] = crc.getValue();
                        }
                    } finally {
                        Fds.close(fd);
                    }
                }, "seed-sink-" + i);
                t.start();
                synchronized (out) {
                    out.add(t);
                }
            }
        }, "seed-acceptor");
        acceptor.start();
        synchronized (out) {
            out.add(acceptor);
        }
        return out;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (int i = 0; ; i++) {
            Thread t;
            synchronized (threads) {
                if (i >= threads.size()) {
                    return;
                }
                t = threads.get(i);
            }
            t.join();
        }
    }

    static Run run(boolean async, long perSocket) throws Exception {
        return run(async, perSocket, false);
    }

    /** The bytes every sender sends, {@link #CHUNK} long, repeated: position p of a stream holds PATTERN[p % CHUNK]. */
    private static final byte[] PATTERN = new byte[CHUNK];

    static {
        for (int i = 0; i < CHUNK; i++) {
            PATTERN[i] = (byte) (i * 31 + (i >>> 9));
        }
    }

    static Run run(boolean async, long perSocket, boolean verify) throws Exception {
        int[] lp = Loopback.listen(SOCKETS * 2);
        long[] received = new long[SOCKETS];
        long[] crcs = verify ? new long[SOCKETS] : null;
        List<Thread> sinks = sinks(lp[0], SOCKETS, received, crcs);
        Run r = async ? sendAsync(lp[1], perSocket, verify) : sendSync(lp[1], perSocket);
        join(sinks);
        Fds.close(lp[0]);
        long total = 0;
        for (long x : received) {
            total += x;
        }
        if (total != perSocket * SOCKETS) {
            throw new IllegalStateException("receivers got " + total + " of " + perSocket * SOCKETS + " bytes");
        }
        if (verify) {
            CRC32C want = new CRC32C();
            for (long done = 0; done < perSocket; done += CHUNK) {
                want.update(PATTERN, 0, (int) Math.min(CHUNK, perSocket - done));
            }
            for (int i = 0; i < SOCKETS; i++) {
                if (crcs[i] != want.getValue()) {
                    throw new IllegalStateException((async ? "async" : "sync") + " send: receiver " + i
                            + " got bytes that differ from those sent");
                }
            }
        }
        return r;
    }

    private static Run sendAsync(int port, long perSocket, boolean verify) throws Exception {
        try (EventChannel ch = EventChannel.create();
             DmaArea area = DmaArea.allocate((long) SOCKETS * (WINDOW + 1) * CHUNK, DmaOptions.defaults().withSlotSize(CHUNK))) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            AsyncSocket[] s = new AsyncSocket[SOCKETS];
            long[] queued = new long[SOCKETS];
            long[] done = new long[SOCKETS];
            int connected = 0;
            for (int i = 0; i < SOCKETS; i++) {
                s[i] = AsyncSocket.connect(ch, to, 2_000_000_000L, 1000 + i);
            }
            Event e = new Event();
            while (connected < SOCKETS) {
                ch.await(1, 1_000_000_000L);
                while (ch.next(e)) {
                    if (e.kind() == EventKind.COMPLETION && e.tag() >= 1000) {
                        if (e.result() != 0) {
                            throw new IllegalStateException("connect: " + Errno.describe(e.errno()));
                        }
                        connected++;
                    }
                }
            }
            long sends = 0;
            long copied = 0;
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < SOCKETS; i++) {
                for (int w = 0; w < WINDOW && queued[i] < perSocket; w++) {
                    queue(s[i], area, i, perSocket, queued, verify);
                }
            }
            int finished = 0;
            while (finished < SOCKETS) {
                ch.await(1, 1_000_000_000L);
                while (ch.next(e)) {
                    if (e.kind() != EventKind.COMPLETION) {
                        continue;
                    }
                    int i = (int) e.tag();
                    if (e.result() < 0) {
                        throw new IllegalStateException("send: " + Errno.describe(e.errno()));
                    }
                    sends++;
                    if ((e.flags() & AsyncSocket.SEND_COPIED) != 0) {
                        copied++;
                    }
                    done[i] += e.result();
                    if (queued[i] < perSocket) {
                        queue(s[i], area, i, perSocket, queued, verify);
                    } else if (done[i] == perSocket) {
                        s[i].close(); // end of stream for the receiver
                        finished++;
                    }
                }
            }
            long c1 = THREADS.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            return new Run("async", perSocket * SOCKETS, (t1 - t0) / 1e9, (c1 - c0) / 1e9, (double) copied / sends);
        }
    }

    private static void queue(AsyncSocket s, DmaArea area, int i, long perSocket, long[] queued, boolean verify) {
        int n = (int) Math.min(CHUNK, perSocket - queued[i]);
        Buffer b = area.reserve(n);
        if (b == null) {
            throw new IllegalStateException("DMA area exhausted");
        }
        if (verify) {
            b.put(0, PATTERN, 0, n); // queued[i] is a multiple of CHUNK: the stream's pattern continues
        }
        s.sendZeroCopy(b, i); // the kernel owns b until the notification; then it is released
        queued[i] += n;
    }

    private static Run sendSync(int port, long perSocket) throws Exception {
        int ep = Native.check("epoll_create1", Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC));
        int[] fds = new int[SOCKETS];
        long[] sent = new long[SOCKETS];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment chunk = a.allocate(CHUNK, 4096).copyFrom(MemorySegment.ofArray(PATTERN));
            MemorySegment ev = a.allocate(Epoll.SIZEOF_epoll_event * 64, 8);
            for (int i = 0; i < SOCKETS; i++) {
                fds[i] = Loopback.connect(port);
                Native.check("fcntl", Fds.fcntl(fds[i], Fds.F_SETFL, Fds.O_RDWR | Fds.O_NONBLOCK));
                Epoll.setEvent(ev, 0, Epoll.EPOLLOUT, i);
                Native.check("epoll_ctl", Epoll.epoll_ctl(ep, Epoll.EPOLL_CTL_ADD, fds[i], ev));
            }
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            int finished = 0;
            while (finished < SOCKETS) {
                int n = Epoll.epoll_wait(ep, ev, 64, 1000);
                for (int k = 0; k < n; k++) {
                    int i = (int) Epoll.eventData(ev, k);
                    while (sent[i] < perSocket) {
                        int at = (int) (sent[i] % CHUNK); // after a short send the stream goes on where it stopped
                        long want = Math.min(CHUNK - at, perSocket - sent[i]);
                        long r = Sockets.send(fds[i], want == CHUNK ? chunk : chunk.asSlice(at, want), Sockets.MSG_NOSIGNAL);
                        if (r == -Errno.EAGAIN) {
                            break;
                        }
                        if (r < 0) {
                            throw new IllegalStateException("send: " + Errno.describe((int) -r));
                        }
                        sent[i] += r;
                    }
                    if (sent[i] == perSocket && fds[i] >= 0) {
                        Epoll.epoll_ctl(ep, Epoll.EPOLL_CTL_DEL, fds[i], ev);
                        Fds.close(fds[i]);
                        fds[i] = -1;
                        finished++;
                    }
                }
            }
            long c1 = THREADS.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            return new Run("sync", perSocket * SOCKETS, (t1 - t0) / 1e9, (c1 - c0) / 1e9, Double.NaN);
        } finally {
            for (int fd : fds) {
                if (fd > 0) {
                    Fds.close(fd);
                }
            }
            Fds.close(ep);
        }
    }
}
