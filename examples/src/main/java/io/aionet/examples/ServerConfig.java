package io.aionet.examples;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * How a {@link TcpServer} is laid out: where it listens, how many threads (each with its own event
 * channel, listening socket on the shared port with {@code SO_REUSEPORT}, and DMA receive pool —
 * Drepper's one event channel per thread), how big each thread's pool of kernel-chosen receive
 * buffers is ({@code dma_assoc}), how the kernel fills them, and how many connections a thread keeps.
 *
 * <p>The defaults ({@link #of(int)}) suit request/response traffic: the loopback address only (a
 * program widens it on purpose with {@link #withAddress}), and <em>whole-buffer</em> receives —
 * each receive completion gets a buffer of its own, so a request that fits a buffer arrives in one piece
 * and goes back in one send. With incremental consumption ({@code IOU_PBUF_RING_INC},
 * {@link #withIncrementalReceive}) the pool is one byte stream shared by all connections: fewer buffers
 * for bulk transfers, but a small message is cut wherever a buffer ends.
 *
 * @param address              where to listen (port 0: a free port, shared by all threads)
 * @param threads              worker threads, 1 … 256
 * @param receiveBuffers       provided receive buffers per thread, 1 … 32768
 * @param bufferSize           bytes per receive buffer (a DMA slot), a power of two in 2048 … 1 MiB
 * @param backlog              pending connections each listening socket queues
 * @param maxConnections       connections one thread keeps open at once (1 … 1,000,000); at the cap the
 *                             server sheds one it can spare (see {@link ServerWorker#shedOne()}) or
 *                             refuses the new one
 * @param incrementalReceive   true: the kernel consumes receive buffers incrementally where it can
 * @param sqPollIdleMillis     ≥ 0: each thread's channel has a kernel thread polling its submission queue
 *                             ({@code EventChannelOptions.sqPoll}) that sleeps after this many idle
 *                             milliseconds; -1: none (the default)
 */
public record ServerConfig(InetSocketAddress address, int threads, int receiveBuffers, int bufferSize, int backlog,
                           int maxConnections, boolean incrementalReceive, int sqPollIdleMillis) {

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
        if (bufferSize < 2048 || bufferSize > (1 << 20) || Integer.bitCount(bufferSize) != 1) {
            throw new IllegalArgumentException("bufferSize must be a power of two in 2048..1048576: " + bufferSize);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        if (maxConnections < 1 || maxConnections > 1_000_000) {
            throw new IllegalArgumentException("maxConnections must be 1..1000000: " + maxConnections);
        }
        if (sqPollIdleMillis < -1) {
            throw new IllegalArgumentException("sqPollIdleMillis must be -1 (none) or more: " + sqPollIdleMillis);
        }
    }

    /**
     * One thread on {@code port} of the loopback address, 4096 whole receive buffers of 2 KiB (as the C
     * reference echo server has), backlog 4096, at most 10,000 connections.
     */
    public static ServerConfig of(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        return new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1, 4096, 2048, 4096,
                10_000, false, -1);
    }

    /** This configuration with {@code n} threads. */
    public ServerConfig withThreads(int n) {
        return new ServerConfig(address, n, receiveBuffers, bufferSize, backlog, maxConnections, incrementalReceive, sqPollIdleMillis);
    }

    /** This configuration listening on {@code a} (e.g. the wildcard address, to accept from other machines). */
    public ServerConfig withAddress(InetSocketAddress a) {
        return new ServerConfig(a, threads, receiveBuffers, bufferSize, backlog, maxConnections, incrementalReceive, sqPollIdleMillis);
    }

    /** This configuration with {@code n} receive buffers per thread. */
    public ServerConfig withReceiveBuffers(int n) {
        return new ServerConfig(address, threads, n, bufferSize, backlog, maxConnections, incrementalReceive, sqPollIdleMillis);
    }

    /** This configuration with receive buffers of {@code bytes} each. */
    public ServerConfig withBufferSize(int bytes) {
        return new ServerConfig(address, threads, receiveBuffers, bytes, backlog, maxConnections, incrementalReceive, sqPollIdleMillis);
    }

    /** This configuration keeping at most {@code n} connections open per thread. */
    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(address, threads, receiveBuffers, bufferSize, backlog, n, incrementalReceive, sqPollIdleMillis);
    }

    /** This configuration with incremental ({@code true}) or whole-buffer receives. */
    public ServerConfig withIncrementalReceive(boolean incremental) {
        return new ServerConfig(address, threads, receiveBuffers, bufferSize, backlog, maxConnections, incremental, sqPollIdleMillis);
    }

    /**
     * This configuration with a submission-queue poller per thread ({@code IORING_SETUP_SQPOLL}) sleeping after
     * {@code idleMillis} idle milliseconds; -1 for none. Needs io_uring.
     */
    public ServerConfig withSqPoll(int idleMillis) {
        return new ServerConfig(address, threads, receiveBuffers, bufferSize, backlog, maxConnections, incrementalReceive, idleMillis);
    }
}
