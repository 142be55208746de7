package io.aionet.examples;

import io.aionet.dma.Buffer;
import io.aionet.event.Event;
import io.aionet.net.AsyncSocket;

import java.lang.management.ManagementFactory;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A discard server: every connection's data is received into kernel-chosen buffers (Drepper's
 * {@code sio_recv} on an area associated with {@code dma_assoc}) and released at once; when a
 * connection ends, a {@link Report} of its bytes, duration and the process CPU time spent meanwhile
 * goes to the listener (on the worker thread).
 */
public final class SinkServer extends TcpServer {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * What one connection moved.
     *
     * @param peer     the client's address (null when it could not be read)
     * @param bytes    bytes received
     * @param nanos    from accept to end of stream
     * @param cpuNanos CPU time of the whole process (all threads, user + system) over that interval
     * @param error    0, or the errno that ended the connection (e.g. ECONNRESET)
     */
    public record Report(SocketAddress peer, long bytes, long nanos, long cpuNanos, int error) {
        /** Bytes per second over the connection's life. */
        public double bytesPerSecond() {
            return nanos == 0 ? 0 : bytes * 1e9 / nanos;
        }

        /** CPU seconds per GiB received (infinite for no bytes). */
        public double cpuSecondsPerGiB() {
            return bytes == 0 ? Double.POSITIVE_INFINITY : (cpuNanos / 1e9) / (bytes / (double) (1L << 30));
        }
    }

    private final Consumer<Report> listener;

    private SinkServer(ServerConfig config, Consumer<Report> listener) {
        super("aionet-sink", config);
        this.listener = listener;
    }

    /**
     * Starts the threads; returns once each listens.
     *
     * @param listener told (on a server thread) when each connection ends; must not block for long
     */
    public static SinkServer start(ServerConfig config, Consumer<Report> listener) throws Exception {
        if (listener == null) {
            throw new IllegalArgumentException("listener is required");
        }
        SinkServer s = new SinkServer(config, listener);
        s.start();
        return s;
    }

    /** The process's CPU time (user + system, every thread), in nanoseconds. */
    public static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    @Override
    protected ServerWorker newWorker(int index) {
        return new Worker(config(), listener);
    }

    /** Bytes received so far over all threads and connections. Any thread. */
    public long bytes() {
        long n = 0;
        for (ServerWorker w : workers()) {
            n += ((Worker) w).total.get();
        }
        return n;
    }

    private static final class Worker extends ServerWorker {
        private final Consumer<Report> listener;
        private long[] bytes = new long[64];
        private long[] startNanos = new long[64];
        private long[] startCpu = new long[64];
        private int[] error = new int[64];
        final StatCounter total = new StatCounter();

        Worker(ServerConfig config, Consumer<Report> listener) {
            super(config);
            this.listener = listener;
        }

        @Override
        protected void grown(int capacity) {
            bytes = Arrays.copyOf(bytes, capacity);
            startNanos = Arrays.copyOf(startNanos, capacity);
            startCpu = Arrays.copyOf(startCpu, capacity);
            error = Arrays.copyOf(error, capacity);
        }

        @Override
        protected void onOpen(int slot, AsyncSocket socket) throws io.aionet.LinuxException {
            bytes[slot] = 0;
            error[slot] = 0;
            startNanos[slot] = System.nanoTime();
            startCpu[slot] = processCpuNanos();
            super.onOpen(slot, socket);
        }

        @Override
        protected void onEvent(int slot, int kind, Event e) {
            Buffer b = e.buffer();
            if (b != null) {
                bytes[slot] += e.result();
                total.add(e.result());
                b.release();
            } else {
                error[slot] = e.result() < 0 ? -e.result() : 0;
                closeConnection(slot);
            }
        }

        @Override
        protected void onClose(int slot, AsyncSocket socket) {
            long nanos = System.nanoTime() - startNanos[slot];
            long cpu = processCpuNanos() - startCpu[slot];
            SocketAddress peer;
            try {
                peer = socket.remoteAddress();
            } catch (Exception ex) {
                peer = null;
            }
            try {
                listener.accept(new Report(peer, bytes[slot], nanos, cpu, error[slot]));
            } catch (RuntimeException ex) {
                System.err.println("sink: listener failed: " + ex);
            }
        }
    }
}
