package io.aionet.examples;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A TCP server of N {@link ServerWorker} threads, each with its own event channel and its own listening
 * socket on one shared port ({@code SO_REUSEPORT}): Drepper's event channel per thread, no state shared
 * between threads on the data path. Subclasses supply the worker; programs (the CLI, the benchmarks)
 * start a server in-process, read its {@link #port()}, and {@link #close()} it.
 */
public abstract class TcpServer implements AutoCloseable {
    private final ServerConfig config;
    private final String name;
    private final List<ServerWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private int port;
    private boolean closed;

    /** A server named {@code name} (its threads are {@code name-0}, …) laid out by {@code config}. */
    protected TcpServer(String name, ServerConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        this.name = name;
        this.config = config;
    }

    /** A new worker for thread {@code index}. */
    protected abstract ServerWorker newWorker(int index);

    /**
     * Starts the threads one by one: the first binds (choosing the port when it is 0), the others
     * bind the same port. Returns once every thread listens.
     *
     * @throws Exception why a thread could not start (e.g. {@code EADDRINUSE}); the others are stopped
     */
    protected final void start() throws Exception {
        try {
            for (int i = 0; i < config.threads(); i++) {
                ServerWorker w = newWorker(i);
                InetSocketAddress a = i == 0 ? config.address()
                        : new InetSocketAddress(config.address().getAddress(), port);
                w.bindTo(a);
                Thread t = new Thread(w, name + "-" + i);
                t.setDaemon(true);
                workers.add(w);
                threads.add(t);
                t.start();
                int p = w.awaitReady(10_000);
                if (i == 0) {
                    port = p;
                }
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The port every thread listens on. */
    public final int port() {
        return port;
    }

    /** An address clients on this machine can connect to (loopback when listening on the wildcard). */
    public final InetSocketAddress localAddress() {
        InetAddress a = config.address().getAddress();
        return new InetSocketAddress(a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a, port);
    }

    /** The configuration. */
    public final ServerConfig config() {
        return config;
    }

    /** Connections accepted by all threads. Any thread. */
    public final long connections() {
        long n = 0;
        for (ServerWorker w : workers) {
            n += w.accepted();
        }
        return n;
    }

    /** Connections refused by all threads (at their cap with none to shed). Any thread. */
    public final long refused() {
        long n = 0;
        for (ServerWorker w : workers) {
            n += w.refused();
        }
        return n;
    }

    /** The workers, for subclasses that sum their counters. */
    protected final List<ServerWorker> workers() {
        return Collections.unmodifiableList(workers);
    }

    /** The first failure of a worker's loop, or {@code null}. */
    public final Throwable failure() {
        for (ServerWorker w : workers) {
            if (w.failure() != null) {
                return w.failure();
            }
        }
        return null;
    }

    /** Stops every thread and waits (up to 5 s each) until it has closed its connections and channel. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ServerWorker w : workers) {
            w.stop();
        }
        for (ServerWorker w : workers) {
            try {
                if (!w.awaitDone(5_000)) {
                    System.err.println(name + ": a server thread did not stop in 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
