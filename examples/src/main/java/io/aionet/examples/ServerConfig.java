package io.aionet.examples;

import java.net.InetSocketAddress;

/**
 * How a {@link TcpServer} is laid out: where it listens, how many threads (each with its own event
 * channel, listening socket on the shared port with {@code SO_REUSEPORT}, and DMA receive pool —
 * Drepper's one event channel per thread), and how big each thread's pool of kernel-chosen receive
 * buffers is ({@code dma_assoc}).
 *
 * @param address        where to listen (port 0: a free port, shared by all threads)
 * @param threads        worker threads, 1 … 256
 * @param receiveBuffers provided receive buffers per thread, 1 … 32768
 * @param bufferSize     bytes per receive buffer (a DMA slot), 4096 … 1 MiB, a multiple of 4096
 * @param backlog        pending connections each listening socket queues
 */
public record ServerConfig(InetSocketAddress address, int threads, int receiveBuffers, int bufferSize, int backlog) {

    /** Validates the values. */
    public ServerConfig {
        if (address == null) {
            throw new IllegalArgumentException("address is required");
        }
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1..256: " + threads);
        }
        if (receiveBuffers < 1 || receiveBuffers > 32768) {
            throw new IllegalArgumentException("receiveBuffers must be 1..32768: " + receiveBuffers);
        }
        if (bufferSize < 4096 || bufferSize > (1 << 20) || bufferSize % 4096 != 0) {
            throw new IllegalArgumentException("bufferSize must be a multiple of 4096 in 4096..1048576: " + bufferSize);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
    }

    /** One thread on {@code port} of every local address, 256 receive buffers of 16 KiB, backlog 4096. */
    public static ServerConfig of(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        return new ServerConfig(new InetSocketAddress(port), 1, 256, 16 * 1024, 4096);
    }

    /** This configuration with {@code n} threads. */
    public ServerConfig withThreads(int n) {
        return new ServerConfig(address, n, receiveBuffers, bufferSize, backlog);
    }

    /** This configuration listening on {@code a}. */
    public ServerConfig withAddress(InetSocketAddress a) {
        return new ServerConfig(a, threads, receiveBuffers, bufferSize, backlog);
    }

    /** This configuration with {@code n} receive buffers per thread. */
    public ServerConfig withReceiveBuffers(int n) {
        return new ServerConfig(address, threads, n, bufferSize, backlog);
    }
}
