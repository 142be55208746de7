package io.aionet.bench.bulk;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.net.AsyncSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java receivers of the {@code bulk} benchmark. Each listens on loopback, lets {@code start}
 * launch the sender against its port, accepts every stream, then receives until every stream ended;
 * the window (wall time and process CPU) runs from the last accept to the last end of stream.
 */
final class BulkReceivers {
    /** Receive buffer per read for the JDK peers, and slot size of aionet's pool. */
    static final int CHUNK = 64 * 1024;
    /** Buffers in aionet's receive pool (4 MiB for every stream together). */
    static final int POOL_BUFFERS = 64;

    /** Starts the sender for a listener on {@code port}. */
    interface SenderStart {
        PeerProcess start(int port) throws IOException;
    }

    private BulkReceivers() {}

    static long cpuNanos() {
        return ProcessCpu.nanos();
    }

    /** aionet: one event channel, every stream associated with one receive pool (kernel-chosen buffers). */
    static Transfer aionet(int streams, SenderStart start) throws Exception {
        int[] lp = RawTcp.listen(streams + 4);
        int[] fds = new int[streams];
        try (PeerProcess sender = start.start(lp[1])) {
            for (int i = 0; i < streams; i++) {
                fds[i] = RawTcp.accept(lp[0]);
            }
            Fds.close(lp[0]);
            lp[0] = -1;
            try (EventChannel ch = EventChannel.create();
                 DmaArea area = DmaArea.allocate((long) POOL_BUFFERS * CHUNK, DmaOptions.defaults().withSlotSize(CHUNK))) {
                ReceivePool pool = area.receivePool(ch.ring(), 1, POOL_BUFFERS);
                AsyncSocket[] socks = new AsyncSocket[streams];
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                for (int i = 0; i < streams; i++) {
                    socks[i] = AsyncSocket.adopt(ch, fds[i]);
                    fds[i] = -1;
                    socks[i].receive(pool, i);
                }
                Event e = new Event();
                long total = 0;
                int open = streams;
                while (open > 0) {
                    ch.await(1, 1_000_000_000L);
                    while (ch.next(e)) {
                        if (e.kind() != EventKind.COMPLETION) {
                            continue;
                        }
                        Buffer b = e.buffer();
                        if (b != null) {
                            total += b.length();
                            b.release(); // sio_release: straight back to the kernel's ring
                        } else if (e.result() == 0) {
                            socks[(int) e.tag()].close();
                            open--;
                        } else if (e.result() < 0) {
                            throw new IOException("receive: " + Errno.describe(e.errno()));
                        }
                    }
                }
                long c1 = cpuNanos();
                long t1 = System.nanoTime();
                pool.close();
                check(sender, total);
                return new Transfer(total, t1 - t0, c1 - c0);
            }
        } finally {
            if (lp[0] >= 0) {
                Fds.close(lp[0]);
            }
            for (int fd : fds) {
                if (fd > 0) {
                    Fds.close(fd);
                }
            }
        }
    }

    /** JDK blocking {@code SocketChannel} reads, one platform thread per stream, one direct buffer each. */
    static Transfer jdkBlocking(int streams, SenderStart start) throws Exception {
        try (ServerSocketChannel l = listen(); PeerProcess sender = start.start(port(l))) {
            List<SocketChannel> chs = accept(l, streams);
            AtomicLong total = new AtomicLong();
            Throwable[] failure = new Throwable[1];
            List<Thread> threads = new ArrayList<>();
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            for (SocketChannel c : chs) {
                threads.add(Thread.ofPlatform().name("bulk-blocking").start(() -> {
                    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
                    long n = 0;
                    try (c) {
                        int r;
                        while ((r = c.read(buf)) >= 0) {
                            n += r;
                            buf.clear();
                        }
                    } catch (Throwable ex) {
                        failure[0] = ex;
                    }
                    total.addAndGet(n);
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            long c1 = cpuNanos();
            long t1 = System.nanoTime();
            if (failure[0] != null) {
                throw new IOException("blocking read failed", failure[0]);
            }
            check(sender, total.get());
            return new Transfer(total.get(), t1 - t0, c1 - c0);
        }
    }

    /** JDK NIO: one Selector thread (this one), non-blocking reads into one direct buffer. */
    static Transfer jdkNio(int streams, SenderStart start) throws Exception {
        try (ServerSocketChannel l = listen(); PeerProcess sender = start.start(port(l)); Selector sel = Selector.open()) {
            List<SocketChannel> chs = accept(l, streams);
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            for (SocketChannel c : chs) {
                c.configureBlocking(false);
                c.register(sel, SelectionKey.OP_READ);
            }
            long total = 0;
            int open = streams;
            while (open > 0) {
                sel.select();
                var it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel c = (SocketChannel) k.channel();
                    int r = c.read(buf);
                    buf.clear();
                    if (r > 0) {
                        total += r;
                    } else if (r < 0) {
                        k.cancel();
                        c.close();
                        open--;
                    }
                }
            }
            long c1 = cpuNanos();
            long t1 = System.nanoTime();
            check(sender, total);
            return new Transfer(total, t1 - t0, c1 - c0);
        }
    }

    private static ServerSocketChannel listen() throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open();
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        return l;
    }

    private static int port(ServerSocketChannel l) throws IOException {
        return ((InetSocketAddress) l.getLocalAddress()).getPort();
    }

    private static List<SocketChannel> accept(ServerSocketChannel l, int streams) throws IOException {
        List<SocketChannel> chs = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            chs.add(l.accept());
        }
        return chs;
    }

    private static void check(PeerProcess sender, long received) throws IOException, InterruptedException {
        long sent = sender.number("sent ");
        sender.await(30);
        if (sent != received) {
            throw new IOException("received " + received + " of " + sent + " bytes");
        }
    }
}
