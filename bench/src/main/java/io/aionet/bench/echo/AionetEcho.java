package io.aionet.bench.echo;

import io.aionet.examples.EchoServer;
import io.aionet.examples.ServerConfig;

/**
 * The aionet echo server of the {@code echo} benchmark (issue 5; issue 13 item 4): the shipped
 * {@code ./aionet echo} code path itself — the examples' {@link EchoServer} on one
 * {@link io.aionet.examples.ServerWorker} thread with the default {@link ServerConfig#of(int)} layout
 * (loopback, 4096 whole receive buffers of 2 KiB, as the C peer has) — not a separate adapter, so the
 * figures are those of what users run. Per connection a multishot receive into kernel-chosen buffers
 * ({@code dma_assoc} + {@code sio_recv}) and a send of each received buffer as it is ({@code sio_send});
 * the buffer goes back to the pool when the send completes; the loop blocks in
 * {@code EventChannel.await} (no busy polling); {@code TCP_NODELAY} on every connection. As
 * {@code aionet-sqpoll} the same server's channel has a kernel thread polling its submission queue
 * ({@code ./aionet echo --sqpoll MS}).
 */
final class AionetEcho implements EchoPeer {
    private final int sqPollIdleMillis;
    private EchoServer server;
    private ServerConfig config;

    /** The server; {@code sqPollIdleMillis} ≥ 0 gives its channel a submission-queue poller with that idle time. */
    AionetEcho(int sqPollIdleMillis) {
        this.sqPollIdleMillis = sqPollIdleMillis;
    }

    @Override
    public int start(int port) throws Exception {
        config = ServerConfig.of(port).withSqPoll(sqPollIdleMillis); // what ./aionet echo --port P [--sqpoll MS] uses
        server = EchoServer.start(config);
        return server.port();
    }

    @Override
    public String setup() {
        return "the shipped ./aionet echo (examples EchoServer, " + config.threads() + " ServerWorker thread: one"
                + " EventChannel, blocking await; multishot accept; multishot receive into a ReceivePool of "
                + config.receiveBuffers() + " x " + config.bufferSize() + " B, "
                + (config.incrementalReceive() ? "incremental" : "whole buffers") + "; send of the received Buffer"
                + (config.sqPollIdleMillis() >= 0 ? "; SQPOLL, the poller sleeping after " + config.sqPollIdleMillis()
                + " ms idle" : "") + ")";
    }

    @Override
    public void serve() throws Exception {
        while (true) {
            Thread.sleep(1_000);
            Throwable t = server.failure();
            if (t != null) {
                throw new IllegalStateException("the echo server's loop failed", t);
            }
        }
    }
}
