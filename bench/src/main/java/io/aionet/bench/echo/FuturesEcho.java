package io.aionet.bench.echo;

import io.aionet.nio.AionetAsynchronousChannelProvider;
import io.aionet.nio.FutureServerSocket;
import io.aionet.nio.FutureSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.concurrent.CompletableFuture;

/**
 * The CompletableFuture peer of the {@code echo} benchmark (issue 12): aionet's {@link FutureServerSocket}
 * and {@link FutureSocket} on a group of one loop thread, each connection a chain
 * {@code read → write → read …} completing on the loop thread (no executor hop).
 */
final class FuturesEcho implements EchoPeer {
    private AsynchronousChannelGroup group;
    private FutureServerSocket server;

    @Override
    public int start(int port) throws IOException {
        group = new AionetAsynchronousChannelProvider().openAsynchronousChannelGroup(1,
                Thread.ofPlatform().name("futures-echo").factory());
        server = FutureServerSocket.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096, group, null);
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public String setup() {
        return "aionet FutureServerSocket/FutureSocket, a group of 1 loop thread, futures completing on it,"
                + " read → write chains, one heap 16 KiB buffer per connection (reads go through the socket's"
                + " own memory), TCP_NODELAY";
    }

    @Override
    public void serve() throws Exception {
        accept();
        group.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
    }

    private void accept() {
        server.accept().whenComplete((s, exc) -> {
            if (server.isOpen()) {
                accept();
            }
            if (s != null) {
                try {
                    s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    echo(s, ByteBuffer.allocate(16384));
                } catch (IOException e) {
                    Nio2Echo.close(s);
                }
            }
        });
    }

    private static void echo(FutureSocket s, ByteBuffer buf) {
        s.read(buf.clear()).thenCompose(n -> n < 0 ? CompletableFuture.completedFuture(-1) : s.write(buf.flip()))
                .whenComplete((n, exc) -> {
                    if (exc != null || n < 0) {
                        Nio2Echo.close(s);
                    } else {
                        echo(s, buf);
                    }
                });
    }
}
