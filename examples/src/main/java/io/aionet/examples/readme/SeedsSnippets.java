package io.aionet.examples.readme;

import io.aionet.LinuxException;
import io.aionet.aio.Aio;
import io.aionet.aio.AioRequest;
import io.aionet.channel.classifier.FlowClassifier;
import io.aionet.channel.ring.PacketDescriptor;
import io.aionet.channel.ring.SpscRing;
import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.FileChange;
import io.aionet.event.Readiness;
import io.aionet.event.TimerClock;
import io.aionet.event.Trigger;
import io.aionet.net.AsyncSocket;

import java.nio.file.Path;

/**
 * The programs behind the Java blocks of {@code docs/seeds.md}, one per seed proposal: each block is a
 * region of this file, quoted verbatim, and {@code SeedsSnippetsTest} runs each method and checks what it
 * did.
 */
public final class SeedsSnippets {
    private static final long RECEIVED = 1, SENT = 2, TIMER = 3, READY = 4, CREATED = 5;
    private static final int TCP = 6;

    private SeedsSnippets() {}

    /**
     * Drepper (seeds 000, 001): a DMA area, an event channel, {@code aio_recv} into a kernel-chosen buffer,
     * {@code sio_send} of a reserved buffer.
     *
     * @param ec   a channel owned by the calling thread ({@code ec_create})
     * @param dma  an area ({@code dma_alloc}) with room for a pool of 16 buffers and a send buffer
     * @param sock a connected socket of {@code ec}
     * @param peer its other end, on {@code ec}
     * @return the bytes {@code peer} received
     * @throws LinuxException when the kernel refuses the pool
     */
    public static byte[] drepper(EventChannel ec, DmaArea dma, AsyncSocket sock, AsyncSocket peer) throws LinuxException {
        byte[] got;
        // @start region="seeds-drepper"
        ReceivePool pool = ec.receivePool(dma, 1, 16, false);          // dma_assoc: the area lends the kernel buffers
        AioRequest recv = new AioRequest().socket(peer).recv(pool)     // aio_recv(sock, void **buf, ...)
                .notify(ec, RECEIVED);                                 // SIGEV_EC: completion to event channel ec
        Aio.submit(recv);
        Buffer out = dma.reserve(5);                                   // sio_reserve
        out.put(0, new byte[] {'h', 'e', 'l', 'l', 'o'}, 0, 5);
        sock.send(out, SENT);                                          // sio_send: the kernel's until SENT
        Event e = new Event();
        while (recv.inProgress()) {
            ec.await(1, 1_000_000_000L);                               // ec_delay
            while (ec.next(e)) {                                       // ec_next_event
                // RECEIVED and SENT arrive here, as uniform records
            }
        }
        Buffer in = recv.buffer();                                     // *buf: the kernel chose it, the program owns it
        got = new byte[in.length()];
        in.get(0, got, 0, got.length);
        in.release();                                                  // sio_release
        pool.close();                                                  // dma_disassoc
        // @end
        return got;
    }

    /**
     * Polyakov (seeds 002, 003): kevent's sources on one queue, and the lazy {@code aio_sendfile}.
     *
     * @param ec     a channel owned by the calling thread
     * @param fd     a readable descriptor (a pipe with data)
     * @param dir    a directory in which a file is created after this returns
     * @param sock   a connected socket of {@code ec}
     * @param file   a file of at least {@code length} bytes
     * @param length how much of it to send
     * @return how many events the wait returned
     * @throws LinuxException        when the kernel refuses a source or the file
     * @throws java.io.IOException   when the file cannot be read
     */
    public static int polyakov(EventChannel ec, int fd, Path dir, AsyncSocket sock, Path file, long length)
            throws LinuxException, java.io.IOException {
        // @start region="seeds-polyakov"
        ec.addTimer(TIMER, 1_000_000L, 0, TimerClock.MONOTONIC, false);   // a timer kevent, one-shot
        ec.addFd(fd, Readiness.READ, Trigger.EDGE, READY);                 // a poll()/select() kevent, edge-triggered
        ec.addPath(dir, FileChange.CREATE, CREATED);                       // an inode kevent (create/remove)
        sock.sendFile(file, 0, length, SENT);                              // aio_sendfile: readahead, then splices
        int ready = ec.await(3, 1_000_000_000L);                           // ioctl(WAIT): this many events, or the timeout
        // @end
        return ready;
    }

    /**
     * Van Jacobson (seed 004): a channel of packet descriptors whose producer and consumer indices sit on
     * different cache lines, and a classifier from flows to channels with a default channel.
     *
     * @return the descriptor the consumer polled, and whether an unknown flow went to the default channel
     */
    public static String vanJacobson() {
        String what;
        // @start region="seeds-vj"
        try (SpscRing socketChannel = SpscRing.allocate(1024);          // a net channel: an array'd queue of packets
             SpscRing basic = SpscRing.allocate(1024)) {                // the basic channel, for unmatched flows
            FlowClassifier<SpscRing> classifier = new FlowClassifier<>(basic, 1 << 16);
            classifier.installV4(TCP, 0x0a000001, 40000, 0x0a000002, 80, socketChannel); // installed with the socket
            SpscRing to = classifier.lookupV4(TCP, 0x0a000001, 40000, 0x0a000002, 80);  // protocol, addresses, ports
            to.offer(7, 0, 0, 1500, 1, System.nanoTime());             // the producer: a descriptor, not the bytes
            PacketDescriptor d = new PacketDescriptor();
            to.poll(d);                                                // the consumer, on its own cache lines
            what = d + (classifier.lookupV4(TCP, 1, 2, 3, 4) == basic ? ", unknown flow -> basic channel" : "");
        }
        // @end
        return what;
    }
}
