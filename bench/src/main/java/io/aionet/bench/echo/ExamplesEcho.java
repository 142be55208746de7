package io.aionet.bench.echo;

import io.aionet.examples.EchoServer;
import io.aionet.examples.ServerConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The aionet peer of the {@code echo} benchmark (issue 5): the project's own echo server
 * ({@link EchoServer} of {@code examples}, the one behind {@code ./aionet echo}) with one thread — one
 * event channel, a multishot accept, per connection a multishot receive into kernel-chosen buffers of
 * the thread's receive pool ({@code dma_assoc} + {@code sio_recv}), and a send of each received buffer
 * as it is ({@code sio_send}). Its loop blocks in {@code EventChannel.await} (no busy polling).
 */
final class ExamplesEcho implements EchoPeer {
    /** Receive buffers: at least one per connection in flight (ping-pong at 1,000 connections). */
    static final int BUFFERS = 4096;
    /** The smallest buffer the examples' server takes (a DMA slot). */
    static final int BUFFER_SIZE = 4096;

    private EchoServer server;

    @Override
    public int start(int port) throws Exception {
        ServerConfig config = new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1,
                BUFFERS, BUFFER_SIZE, 4096);
        server = EchoServer.start(config);
        return server.port();
    }

    @Override
    public String setup() {
        return "io.aionet.examples.EchoServer, one thread (one EventChannel, blocking await), multishot accept,"
                + " multishot receive into a ReceivePool of " + BUFFERS + " x " + BUFFER_SIZE + " B, send of the"
                + " received Buffer";
    }

    @Override
    public void serve() throws InterruptedException {
        Thread.currentThread().join(); // the server's own thread serves; this one waits for the end
    }
}
