package io.aionet.bench.echo;

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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The aionet echo server of the {@code echo} benchmark (issue 5: asynchronous sockets): one event
 * channel on one thread (Drepper's {@code ec_create}), a multishot accept, per connection a multishot
 * receive into kernel-chosen buffers of a receive pool ({@code dma_assoc} + {@code sio_recv}), and a
 * send of each received buffer as it is ({@code sio_send}); the buffer goes back to the pool when the
 * send completes. The loop blocks in {@link EventChannel#await} (no busy polling). It is the design of
 * the examples' {@code EchoServer} plus {@code TCP_NODELAY} on every connection, as every peer here has
 * (that server leaves Nagle on, and a reply cut in two then waits for the client's delayed ACK).
 *
 * <p>Tags: bits 0–7 the kind, bits 8–39 the slot, bits 40–63 the slot's generation, so completions
 * queued before their connection closed are recognised and dropped.
 */
final class AionetEcho implements EchoPeer {
    private static final int ACCEPT = 0xFF;
    private static final int RECEIVE = 1;
    private static final int SEND = 2;
    /** Kernel-chosen receive buffers: at least one per connection in flight (ping-pong). */
    static final int BUFFERS = 4096;
    static final int BUFFER_SIZE = 2048;

    private EventChannel channel;
    private DmaArea area;
    private ReceivePool pool;
    private AsyncServerSocket server;
    private AsyncSocket[] sockets = new AsyncSocket[1024];
    private int[] generations = new int[1024];
    private int[] free = new int[1024];
    private int freeCount;
    private int highWater;

    @Override
    public int start(int port) throws Exception {
        channel = EventChannel.create(EventChannelOptions.defaults().submissionEntries(4096).completionEntries(16384));
        area = DmaArea.allocate((long) BUFFERS * BUFFER_SIZE, DmaOptions.defaults().withSlotSize(BUFFER_SIZE));
        // Whole buffers, as the C peer's buffer ring: with incremental consumption (one ring shared by
        // every connection) a 512 B request is cut at a buffer's end and goes back as two sends.
        pool = channel.receivePool(area, 1, BUFFERS, false);
        server = AsyncServerSocket.open(channel, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096, true);
        server.accept(ACCEPT);
        return server.port();
    }

    @Override
    public String setup() {
        return "one EventChannel (submission 4096, completion 16384) on one thread, blocking await; multishot accept;"
                + " multishot receive into a ReceivePool of " + BUFFERS + " x " + BUFFER_SIZE + " B; send of the"
                + " received Buffer";
    }

    @Override
    public void serve() {
        EventChannel c = channel;
        Event e = new Event();
        for (;;) {
            c.await(1, 1_000_000_000L);
            while (c.next(e)) {
                dispatch(e);
            }
        }
    }

    private void dispatch(Event e) {
        if (e.kind() != EventKind.COMPLETION) {
            return;
        }
        long tag = e.tag();
        int kind = (int) (tag & 0xFF);
        int res = e.result();
        if (kind == ACCEPT) {
            if (res >= 0) {
                open(res);
            }
            return;
        }
        int slot = (int) ((tag >>> 8) & 0xFFFF_FFFFL);
        int gen = (int) (tag >>> 40);
        AsyncSocket s = slot < highWater ? sockets[slot] : null;
        if (s == null || (generations[slot] & 0xFF_FFFF) != gen) {
            Buffer b = e.buffer();
            if (b != null) {
                b.release();
            }
            return;
        }
        if (kind == RECEIVE) {
            Buffer b = e.buffer();
            if (b != null && res > 0) {
                s.send(b, tag(slot, SEND)); // lent to the kernel; back to the pool at the completion
            } else {
                if (b != null) {
                    b.release();
                }
                close(slot); // end of stream or an error
            }
        } else if (res < 0) {
            close(slot);
        }
    }

    private long tag(int slot, int kind) {
        return ((long) (generations[slot] & 0xFF_FFFF) << 40) | ((long) slot << 8) | kind;
    }

    private void open(int fd) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (highWater == sockets.length) {
                int n = sockets.length * 2;
                sockets = Arrays.copyOf(sockets, n);
                generations = Arrays.copyOf(generations, n);
                free = Arrays.copyOf(free, n);
            }
            slot = highWater++;
        }
        AsyncSocket s = AsyncSocket.adopt(channel, fd);
        sockets[slot] = s;
        try {
            s.options().noDelay(true);
            s.receive(pool, tag(slot, RECEIVE));
        } catch (Exception ex) {
            System.err.println("aionet echo: cannot start connection: " + ex);
            close(slot);
        }
    }

    private void close(int slot) {
        AsyncSocket s = sockets[slot];
        sockets[slot] = null;
        generations[slot]++;
        free[freeCount++] = slot;
        s.close();
    }
}
