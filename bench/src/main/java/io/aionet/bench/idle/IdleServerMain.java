package io.aionet.bench.idle;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.event.EventKind;
import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The echo server of the {@code idle} benchmark, run as its own process (so its RSS and CPU can be
 * read from {@code /proc/PID}). It listens on 127.0.0.1, prints {@code port N} and
 * {@code memory FIXED PER_CONNECTION} (receive-buffer bytes it holds regardless of connections, and
 * per connection), then echoes every connection until it is killed.
 *
 * <ul>
 *   <li>{@code aionet}: one event channel, every connection associated with one receive pool
 *       (Drepper's {@code dma_assoc}): an idle connection holds no buffer, a received buffer is sent
 *       back as it is and returns to the pool when the send completes.</li>
 *   <li>{@code jdk-nio}: one Selector; each connection gets a 2 KiB direct buffer when accepted, as a
 *       NIO server that reads into per-connection buffers does.</li>
 * </ul>
 */
public final class IdleServerMain {
    /**
     * Receive buffers in aionet's pool and the size of each (also NIO's per-connection buffer): 2 MiB
     * for all connections, whole buffers (a 64-byte request arrives in one and goes back in one send).
     */
    static final int POOL_BUFFERS = 1024;
    static final int BUFFER_SIZE = 2 * 1024;
    private static final long ACCEPT = -1;
    private static final long SEND = 1L << 40;

    private IdleServerMain() {}

    /** {@code IdleServerMain aionet|jdk-nio}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: IdleServerMain aionet|aionet-epoll|jdk-nio");
            System.exit(2);
        }
        switch (args[0]) {
            case "aionet", "aionet-epoll" -> aionet(); // the backend: -Daionet.backend
            case "jdk-nio" -> nio();
            default -> {
                System.err.println("unknown impl " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void aionet() throws Exception {
        EventChannel ch = EventChannel.create(EventChannelOptions.defaults().submissionEntries(1024).completionEntries(16384));
        DmaArea area = DmaArea.allocate((long) POOL_BUFFERS * BUFFER_SIZE, DmaOptions.defaults().withSlotSize(BUFFER_SIZE));
        ReceivePool pool = ch.receivePool(area, 1, POOL_BUFFERS);
        AsyncServerSocket server = AsyncServerSocket.open(ch,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096, false);
        server.accept(ACCEPT);
        System.out.println("port " + server.port());
        System.out.println("memory " + (long) POOL_BUFFERS * BUFFER_SIZE + " 0");
        System.out.flush();
        AsyncSocket[] socks = new AsyncSocket[1024];
        int n = 0;
        Event e = new Event();
        while (true) {
            ch.await(1, 1_000_000_000L);
            while (ch.next(e)) {
                if (e.kind() != EventKind.COMPLETION) {
                    continue;
                }
                long tag = e.tag();
                if (tag == ACCEPT) {
                    if (e.result() >= 0) {
                        if (n == socks.length) {
                            socks = Arrays.copyOf(socks, n * 2);
                        }
                        AsyncSocket s = AsyncSocket.adopt(ch, e.result());
                        socks[n] = s;
                        s.receive(pool, n);
                        n++;
                    }
                } else if (tag >= SEND) {
                    if (e.result() < 0) {
                        close(socks, (int) (tag - SEND));
                    }
                } else {
                    Buffer b = e.buffer();
                    AsyncSocket s = socks[(int) tag];
                    if (b != null) {
                        if (s == null || s.isClosed()) {
                            b.release();
                        } else {
                            s.send(b, SEND + tag); // echoed in place; back to the pool when the send completes
                        }
                    } else if (e.result() <= 0) {
                        close(socks, (int) tag);
                    }
                }
            }
        }
    }

    private static void close(AsyncSocket[] socks, int i) {
        if (socks[i] != null && !socks[i].isClosed()) {
            socks[i].close();
        }
    }

    private static void nio() throws IOException {
        Selector sel = Selector.open();
        ServerSocketChannel l = ServerSocketChannel.open();
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        l.configureBlocking(false);
        l.register(sel, SelectionKey.OP_ACCEPT);
        System.out.println("port " + ((InetSocketAddress) l.getLocalAddress()).getPort());
        System.out.println("memory 0 " + BUFFER_SIZE);
        System.out.flush();
        while (true) {
            sel.select();
            var it = sel.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                if (!k.isValid()) {
                    continue;
                }
                if (k.isAcceptable()) {
                    SocketChannel c;
                    while ((c = l.accept()) != null) {
                        c.configureBlocking(false);
                        c.register(sel, SelectionKey.OP_READ, ByteBuffer.allocateDirect(BUFFER_SIZE));
                    }
                } else if (k.isReadable()) {
                    SocketChannel c = (SocketChannel) k.channel();
                    ByteBuffer b = (ByteBuffer) k.attachment();
                    int r;
                    try {
                        r = c.read(b);
                    } catch (IOException ex) {
                        r = -1;
                    }
                    if (r < 0) {
                        k.cancel();
                        c.close();
                        continue;
                    }
                    b.flip();
                    try {
                        while (b.hasRemaining()) {
                            if (c.write(b) == 0) {
                                Thread.onSpinWait(); // 64-byte echoes never fill the socket; stay simple
                            }
                        }
                    } catch (IOException ex) {
                        k.cancel();
                        c.close();
                    }
                    b.clear();
                }
            }
        }
    }
}
