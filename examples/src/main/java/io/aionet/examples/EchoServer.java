package io.aionet.examples;

import io.aionet.dma.Buffer;
import io.aionet.event.Event;

/**
 * An echo server on asynchronous sockets: each received piece — a buffer the kernel chose from the
 * thread's receive pool (Drepper's {@code sio_recv} into an area associated with {@code dma_assoc}) —
 * is sent back as it is ({@code sio_send} of the same buffer), and returns to the pool when the send
 * completes. No copy and no buffer management in the program; one event channel per thread. A client
 * that half-closes ({@code shutdownOutput}) gets every echo of what it sent, then the server's end of
 * stream.
 *
 * {@snippet :
 * try (EchoServer echo = EchoServer.start(ServerConfig.of(0).withThreads(2))) {
 *     int port = echo.port();
 *     // ... clients connect to port ...
 *     long messages = echo.messages();
 * }
 * }
 */
public final class EchoServer extends TcpServer {

    private EchoServer(ServerConfig config) {
        super("aionet-echo", config);
    }

    /** Starts the threads; returns once each listens. */
    public static EchoServer start(ServerConfig config) throws Exception {
        EchoServer s = new EchoServer(config);
        s.start();
        return s;
    }

    @Override
    protected ServerWorker newWorker(int index) {
        return new Worker(config());
    }

    /** Received pieces echoed so far, over all threads. Any thread. */
    public long messages() {
        long n = 0;
        for (ServerWorker w : workers()) {
            n += ((Worker) w).messages.get();
        }
        return n;
    }

    /** Bytes echoed so far, over all threads. Any thread. */
    public long bytes() {
        long n = 0;
        for (ServerWorker w : workers()) {
            n += ((Worker) w).bytes.get();
        }
        return n;
    }

    private static final class Worker extends ServerWorker {
        final StatCounter messages = new StatCounter();
        final StatCounter bytes = new StatCounter();
        /** Echoes of each connection still in the kernel (each holds a pool buffer). */
        private int[] inFlight = new int[64];
        /** The peer sent its FIN: the connection closes once its echoes in flight are sent. */
        private boolean[] ended = new boolean[64];
        /** A connection holding more echoes than this is not reading them: it is closed. */
        private final int maxInFlight;

        Worker(ServerConfig config) {
            super(config);
            maxInFlight = Math.max(8, config.receiveBuffers() / 4);
        }

        @Override
        protected void grown(int capacity) {
            inFlight = java.util.Arrays.copyOf(inFlight, capacity);
            ended = java.util.Arrays.copyOf(ended, capacity);
        }

        @Override
        protected void onOpen(int slot, io.aionet.net.AsyncSocket socket) throws io.aionet.LinuxException {
            inFlight[slot] = 0;
            ended[slot] = false;
            super.onOpen(slot, socket);
        }

        @Override
        protected void onEvent(int slot, int kind, Event e) {
            int res = e.result();
            if (kind == RECEIVE) {
                Buffer b = e.buffer();
                if (b != null) {
                    messages.add(1);
                    bytes.add(res);
                    // the received piece itself is the send source: lent to the kernel, back to the pool after
                    socket(slot).send(b, tag(slot, SEND));
                    if (++inFlight[slot] > maxInFlight) {
                        // a peer that sends without reading would pin the thread's whole pool, starving
                        // every other connection of this thread: cut it off
                        closeConnection(slot);
                    }
                } else if (res == 0 && inFlight[slot] > 0) {
                    // end of stream after a half-close: the peer still reads, and is owed every echo in
                    // flight (closing now would cancel them)
                    ended[slot] = true;
                } else { // end of stream with nothing owed; < 0: error (ECONNRESET ...)
                    closeConnection(slot);
                }
            } else {
                inFlight[slot]--;
                if (res < 0 || (ended[slot] && inFlight[slot] == 0)) { // the peer is gone, or owed nothing more
                    closeConnection(slot);
                }
            }
        }
    }
}
