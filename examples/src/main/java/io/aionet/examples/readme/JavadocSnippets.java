package io.aionet.examples.readme;

import io.aionet.LinuxException;
import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.event.EventKind;
import io.aionet.event.Readiness;
import io.aionet.event.TimerClock;
import io.aionet.event.Trigger;
import io.aionet.net.AsyncDatagramSocket;
import io.aionet.net.AsyncSocket;
import io.aionet.nio.AionetAsynchronousChannelProvider;
import io.aionet.nio.FutureServerSocket;
import io.aionet.nio.FutureSocket;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs behind the {@code {@snippet}}s of the javadoc of {@code io.aionet.dma},
 * {@code io.aionet.event}, {@code io.aionet.net} and {@code io.aionet.nio}: each snippet is a region of
 * this file, quoted verbatim, and a test runs each method and checks what it did.
 */
public final class JavadocSnippets {
    private static final long RECV_TAG = 1, RECEIVED = 2, ECHOED = 3, CONNECTED = 4, SENT = 5, TAG_USR1 = 6;

    /** What the event loop of {@link #eventLoop(int)} saw, one {@code KIND TAG} line per event. */
    private final List<String> seen = new ArrayList<>();
    private final int wanted;

    private JavadocSnippets(int wanted) {
        this.wanted = wanted;
    }

    /**
     * {@code DmaArea}'s class snippet: reserve a buffer, write it, release it.
     *
     * @return true when a buffer was reserved (a 1 MiB area of 16 KiB slots has 64)
     * @throws LinuxException when the area cannot be mapped
     */
    public static boolean reserveAndRelease() throws LinuxException {
        // @start region="dma-area"
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
            Buffer b = area.reserve(512);          // sio_reserve: null when the area is exhausted
            if (b == null) {
                return false;
            }
            b.put(0, (byte) 42);
            // ... hand b to a send; it is the kernel's until the send (or its SEND_ZC notification) completes
            b.release();                           // sio_release
        }
        // @end
        return true;
    }

    /**
     * {@code ReceivePool}'s class snippet: a pool of 64 buffers and a socket receiving into it; the
     * completions are tagged {@code 1}.
     *
     * @param channel the channel, owned by the calling thread
     * @param area    the area the pool's buffers come from
     * @param socket  a connected socket of {@code channel}
     * @return the pool
     * @throws LinuxException when the kernel refuses the buffer group
     */
    public static ReceivePool receiveInto(EventChannel channel, DmaArea area, AsyncSocket socket) throws LinuxException {
        // @start region="receive-pool"
        ReceivePool pool = channel.receivePool(area, 1, 64);   // 64 buffers, group 1
        socket.receive(pool, RECV_TAG);                        // dma_assoc: a multishot receive from the pool
        // each RECV_TAG completion: event.buffer() is a Buffer the program owns until it releases it
        // @end
        return pool;
    }

    /**
     * {@code EventChannel}'s class snippet: a one-shot timer (tag 1) and a descriptor's readiness
     * (tag 2) on one channel, until {@code wanted} events were handled.
     *
     * @param socketFd a pollable descriptor
     * @param wanted   events to handle before returning
     * @return one {@code KIND TAG} line per event handled
     * @throws LinuxException when the kernel refuses the channel
     */
    public static List<String> eventLoop(int socketFd, int wanted) throws LinuxException {
        JavadocSnippets s = new JavadocSnippets(wanted);
        s.eventLoop(socketFd);
        return s.seen;
    }

    private void eventLoop(int socketFd) throws LinuxException {
        // @start region="event-channel"
        try (EventChannel ch = EventChannel.create(EventChannelOptions.defaults())) {
            ch.addTimer(1, 10_000_000L, 0, TimerClock.MONOTONIC, false);   // 10 ms, one-shot
            ch.addFd(socketFd, Readiness.READ, Trigger.EDGE, 2);
            Event e = new Event();
            while (running()) {
                ch.await(1, 1_000_000_000L);
                while (ch.next(e)) {
                    switch (e.kind()) {
                        case TIMER -> onTimer(e.tag());
                        case FD_READY -> onReadable(e.tag(), e.readiness());
                        default -> { }
                    }
                }
            }
        }
        // @end
    }

    private boolean running() {
        return seen.size() < wanted;
    }

    private void onTimer(long tag) {
        seen.add("TIMER " + tag);
    }

    private void onReadable(long tag, int readiness) {
        if ((readiness & Readiness.READ) != 0) {
            seen.add("FD_READY " + tag);
        }
    }

    /**
     * {@code EventChannel.addSignal}'s snippet: SIGUSR1 registered and removed again.
     *
     * @param ch a channel owned by the calling (platform) thread
     * @return whether the signal was registered between the two calls
     */
    public static boolean signalRegistration(EventChannel ch) {
        boolean registered;
        // @start region="signal"
        ch.addSignal(10, TAG_USR1);          // SIGUSR1
        // ... kill -USR1 <pid>  ->  Event[SIGNAL, tag=TAG_USR1, result=10]
        registered = ch.isRegistered(TAG_USR1);
        ch.remove(TAG_USR1);                 // SIGUSR1 has its default action again
        // @end
        return registered && !ch.isRegistered(TAG_USR1);
    }

    /**
     * {@code AsyncDatagramSocket}'s class snippet: receive one datagram on {@code local} and echo it to
     * its sender, copying the sender's address from the received buffer.
     *
     * @param channel the channel, owned by the calling thread
     * @param pool    a pool of whole buffers of {@code channel}
     * @param local   where to receive
     * @return the echoed payload's length
     * @throws LinuxException when the socket cannot be bound
     */
    public static int udpEcho(EventChannel channel, ReceivePool pool, SocketAddress local) throws LinuxException {
        // @start region="udp-echo"
        AsyncDatagramSocket udp = AsyncDatagramSocket.open(channel, local);
        udp.receiveFrom(pool, RECEIVED);
        Event e = nextCompletion(channel, RECEIVED);               // a datagram and its sender
        Buffer b = e.buffer();
        udp.replyTo(b, AsyncDatagramSocket.payload(b), ECHOED);   // echo to the sender
        nextCompletion(channel, ECHOED);                           // the reply has left
        b.release();
        udp.close();
        // @end
        return e.result();
    }

    /**
     * {@code AsyncSocket}'s class snippet: connect, then send a request and receive the answer into
     * kernel-chosen buffers.
     *
     * @param channel the channel, owned by the calling thread
     * @param peer    the server
     * @param request native memory to send, valid until the send's completion (tag 5)
     * @param pool    a pool of {@code channel}; receives complete with tag 2
     * @return the connected socket
     * @throws LinuxException when the kernel refuses the socket
     */
    public static AsyncSocket connectAndSend(EventChannel channel, InetSocketAddress peer, MemorySegment request,
                                             ReceivePool pool) throws LinuxException {
        // @start region="connect"
        AsyncSocket s = AsyncSocket.connect(channel, peer, 1_000_000_000L, CONNECTED);
        Event connected = nextCompletion(channel, CONNECTED);   // result 0, or -errno (connected.errorName())
        s.send(request, SENT);
        s.receive(pool, RECEIVED);   // each RECEIVED completion: event.buffer() is the program's until released
        // @end
        if (connected.isError()) {
            s.close();
            throw new IllegalStateException("connect failed: " + connected.errorName());
        }
        return s;
    }

    /**
     * {@code AionetAsynchronousChannelProvider}'s class snippet: a group of two loops and a server
     * channel on it, closed again.
     *
     * @return the address the server was bound to
     * @throws IOException when the group or the channel cannot be opened
     */
    public static SocketAddress nioServer() throws IOException {
        // @start region="nio"
        AsynchronousChannelProvider aionet = new AionetAsynchronousChannelProvider();
        AsynchronousChannelGroup group = aionet.openAsynchronousChannelGroup(2, Thread.ofPlatform().factory());
        AsynchronousServerSocketChannel server = aionet.openAsynchronousServerSocketChannel(group)
                .bind(new InetSocketAddress("127.0.0.1", 0));
        // @end
        try {
            return server.getLocalAddress();
        } finally {
            server.close();
            group.shutdownNow();
        }
    }

    /**
     * {@code FutureServerSocket}'s class snippet: a server on the default group whose first connection
     * gets its first read echoed.
     *
     * @return the listening server; the caller connects to its {@link FutureServerSocket#localAddress()}
     *         and closes it
     * @throws IOException when the server cannot listen
     */
    public static FutureServerSocket futuresEcho() throws IOException {
        // @start region="futures"
        FutureServerSocket server = FutureServerSocket.listen(new InetSocketAddress("127.0.0.1", 0), 128);
        server.accept().thenAccept(s -> {
            ByteBuffer b = ByteBuffer.allocate(1024);
            s.read(b).thenCompose(n -> s.write(b.flip()));   // echo one read
        });
        // @end
        return server;
    }

    /**
     * {@code FutureSocket}'s class snippet: connect, write a request, read the answer, close.
     *
     * @param port a server on 127.0.0.1 that answers
     * @return the bytes the read got
     * @throws Exception when the connection or an operation fails
     */
    public static int futuresClient(int port) throws Exception {
        // @start region="future-socket"
        FutureSocket s = FutureSocket.connect(new InetSocketAddress("127.0.0.1", port)).get();
        ByteBuffer in = ByteBuffer.allocate(64);
        s.write(ByteBuffer.wrap("ping".getBytes()))
                .thenCompose(n -> s.read(in))
                .thenAccept(n -> System.out.println("read " + n + " bytes"))
                .join();
        s.close();
        // @end
        return in.position();
    }

    /**
     * Waits (up to 5 s) for the next completion tagged {@code tag} on {@code channel}; other events are
     * dropped, and the buffers they carry released.
     *
     * @param channel a channel owned by the calling thread
     * @param tag     the completion's tag
     * @return the completion, a new record
     * @throws IllegalStateException when none came in time
     */
    public static Event nextCompletion(EventChannel channel, long tag) {
        Event e = new Event();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            channel.await(1, 100_000_000L);
            while (channel.next(e)) {
                if (e.kind() == EventKind.COMPLETION && e.tag() == tag) {
                    return e;
                }
                if (e.buffer() != null) {
                    e.buffer().release();
                }
            }
        }
        throw new IllegalStateException("no completion tagged " + tag + " within 5 s");
    }
}
