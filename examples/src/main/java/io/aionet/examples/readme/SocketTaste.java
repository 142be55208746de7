package io.aionet.examples.readme;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.LinuxException;
import io.aionet.net.AsyncSocket;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The README's socket example: a connection whose receives draw kernel-chosen buffers from a DMA area
 * (Drepper's {@code dma_alloc}, {@code dma_assoc}, {@code sio_recv}) and whose send hands the kernel a
 * reserved buffer ({@code sio_reserve}) until its completion.
 */
public final class SocketTaste {
    private static final long CONNECTED = 1, RECEIVED = 2, SENT = 3;

    private SocketTaste() {}

    /**
     * Connects to {@code peer} (an echo server), sends {@code "hello"} and returns the first bytes it
     * receives back as text.
     *
     * @throws IllegalStateException when an operation fails (its completion carries a negative errno)
     */
    public static String helloEcho(InetSocketAddress peer) throws LinuxException {
        StringBuilder got = new StringBuilder();
        // @start region="sockets"
        try (EventChannel ch = EventChannel.create();
             DmaArea area = DmaArea.allocate(2 << 20, DmaOptions.defaults())) {             // dma_alloc: 128 slots of 16 KiB
            ReceivePool pool = ch.receivePool(area, 1, 64);                                  // 64 kernel-chosen buffers
            AsyncSocket s = AsyncSocket.connect(ch, peer, 1_000_000_000L, CONNECTED);
            Event e = new Event();
            while (got.isEmpty()) {
                ch.await(1, 1_000_000_000L);
                while (ch.next(e)) {
                    if (e.isError()) {
                        throw new IllegalStateException("operation " + e.tag() + " failed: " + e.errorName());
                    }
                    if (e.tag() == CONNECTED) {
                        s.receive(pool, RECEIVED);                                      // multishot, re-armed on ENOBUFS
                        Buffer out = area.reserve(5);                                   // sio_reserve
                        out.put(0, "hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
                        s.send(out, SENT);                  // the kernel owns it until SENT completes, then it is released
                    } else if (e.tag() == RECEIVED && e.buffer() != null) {            // the buffer is the program's now
                        byte[] b = new byte[e.buffer().length()];
                        e.buffer().get(0, b, 0, b.length);
                        got.append(new String(b, StandardCharsets.US_ASCII));
                        e.buffer().release();                                           // sio_release: back to the pool
                    }
                }
            }
            s.close();
        }
        // @end
        return got.toString();
    }
}
