package io.aionet.bench.seed;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.linux.Fds;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import io.aionet.net.AsyncSocket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Polyakov's receive test (seed 003): a {@code sendfile()}-based sender streams {@code total} bytes over
 * loopback TCP; the receiver takes them either asynchronously into kernel-chosen buffers (an
 * {@link AsyncSocket} associated with a DMA area's receive pool, each buffer released at once) or
 * synchronously with {@code recv} into one buffer. Measured: MB/s and the receiving thread's CPU. With
 * {@code verify} (the demo's quick mode) the receiver also checks every byte against the file
 * (CRC32C of the stream), which costs CPU: no figure of such a run means anything.
 */
final class SeedReceive {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int CHUNK = 64 * 1024;

    private SeedReceive() {}

    /** Starts the sender: streams {@code total} bytes of {@code file} (repeated) with sendfile, then closes. */
    private static Thread sender(int port, Path file, long fileSize, long total, Throwable[] failure) {
        Thread t = new Thread(() -> {
            int in = -1;
            int out = -1;
            try (Arena a = Arena.ofConfined()) {
                out = Loopback.connect(port);
                in = Native.check("open", Fds.open(file.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC, 0));
                MemorySegment off = a.allocate(ValueLayout.JAVA_LONG);
                long sent = 0;
                while (sent < total) {
                    long pos = sent % fileSize;
                    off.set(ValueLayout.JAVA_LONG, 0, pos);
                    long n = Math.min(fileSize - pos, total - sent);
                    long r = Sockets.sendfile(out, in, off, n);
                    if (r < 0) {
                        throw new IllegalStateException("sendfile: " + io.aionet.Errno.describe((int) -r));
                    }
                    sent += r;
                }
            } catch (Throwable e) {
                failure[0] = e;
            } finally {
                if (in >= 0) {
                    Fds.close(in);
                }
                if (out >= 0) {
                    Fds.close(out);
                }
            }
        }, "seed-sendfile-sender");
        t.start();
        return t;
    }

    static Run run(boolean async, Path file, long fileSize, long total) throws Exception {
        return run(async, file, fileSize, total, false);
    }

    static Run run(boolean async, Path file, long fileSize, long total, boolean verify) throws Exception {
        int[] lp = Loopback.listen(4);
        Throwable[] failure = new Throwable[1];
        Thread sender = sender(lp[1], file, fileSize, total, failure);
        int fd = Loopback.accept(lp[0]);
        Fds.close(lp[0]);
        long received;
        long t0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        CRC32C crc = verify ? new CRC32C() : null;
        received = async ? receiveAsync(fd, crc) : receiveSync(fd, crc);
        long c1 = THREADS.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        sender.join();
        if (failure[0] != null) {
            throw new IllegalStateException("sender failed", failure[0]);
        }
        if (received != total) {
            throw new IllegalStateException("received " + received + " of " + total + " bytes");
        }
        if (verify && crc.getValue() != streamCrc(file, fileSize, total)) {
            throw new IllegalStateException((async ? "async" : "sync") + " receive: the bytes differ from those sent");
        }
        return new Run(async ? "async" : "sync", received, (t1 - t0) / 1e9, (c1 - c0) / 1e9, Double.NaN);
    }

    /** CRC32C of the stream the sender sends: {@code total} bytes of the file, repeated. */
    static long streamCrc(Path file, long fileSize, long total) throws java.io.IOException {
        CRC32C crc = new CRC32C();
        byte[] whole = java.nio.file.Files.readAllBytes(file);
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(fileSize, total - done);
            crc.update(whole, 0, n);
            done += n;
        }
        return crc.getValue();
    }

    private static long receiveSync(int fd, CRC32C crc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(CHUNK, 4096);
            long total = 0;
            while (true) {
                long r = Sockets.recv(fd, buf, 0);
                if (r == 0) {
                    return total;
                }
                if (r < 0) {
                    if (r == -io.aionet.Errno.EINTR) {
                        continue;
                    }
                    throw new IllegalStateException("recv: " + io.aionet.Errno.describe((int) -r));
                }
                if (crc != null) {
                    crc.update(buf.asSlice(0, r).asByteBuffer());
                }
                total += r;
            }
        } finally {
            Fds.close(fd);
        }
    }

    private static long receiveAsync(int fd, CRC32C crc) throws Exception {
        byte[] copy = crc == null ? null : new byte[CHUNK];
        try (EventChannel ch = EventChannel.create();
             DmaArea area = DmaArea.allocate(64L * CHUNK, DmaOptions.defaults().withSlotSize(CHUNK))) {
            ReceivePool pool = ch.receivePool(area, 1, 64);
            AsyncSocket s = AsyncSocket.adopt(ch, fd);
            s.receive(pool, 1);
            Event e = new Event();
            long total = 0;
            while (true) {
                ch.await(1, 1_000_000_000L);
                while (ch.next(e)) {
                    if (e.kind() != EventKind.COMPLETION || e.tag() != 1) {
                        continue;
                    }
                    Buffer b = e.buffer();
                    if (b != null) {
                        total += b.length();
                        if (crc != null) {
                            b.get(0, copy, 0, b.length());
                            crc.update(copy, 0, b.length());
                        }
                        b.release(); // sio_release: straight back to the kernel's ring
                    } else if (e.result() == 0) {
                        s.close();
                        pool.close();
                        return total;
                    } else if (e.result() < 0) {
                        throw new IllegalStateException("receive: " + io.aionet.Errno.describe(e.errno()));
                    }
                }
            }
        }
    }
}
