package io.aionet.bench.echo;

import io.aionet.nio.AionetAsynchronousChannelProvider;
import io.aionet.nio.BlockingServerSocket;
import io.aionet.nio.BlockingSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;

/**
 * The virtual-thread peer of the {@code echo} benchmark on aionet (issue 12), beside
 * {@link BlockingVtEcho} ({@code jdk-blocking-vt}) with the same shape: accept, then one virtual thread
 * per connection doing blocking {@code read} / {@code write} of a 16 KiB array — here on aionet's
 * {@link BlockingSocket} streams, which park the virtual thread until the io_uring completion arrives on
 * the group's one loop thread.
 */
final class VthreadsEcho implements EchoPeer {
    private AsynchronousChannelGroup group;
    private BlockingServerSocket server;

    @Override
    public int start(int port) throws IOException {
        group = new AionetAsynchronousChannelProvider().openAsynchronousChannelGroup(1,
                Thread.ofPlatform().name("vthreads-echo").factory());
        server = BlockingServerSocket.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096, group);
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public String setup() {
        return "aionet BlockingServerSocket.accept + one virtual thread per connection, blocking read/write of a"
                + " 16 KiB array on BlockingSocket streams, a group of 1 loop thread, TCP_NODELAY; carriers: "
                + System.getProperty("jdk.virtualThreadScheduler.parallelism",
                String.valueOf(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public void serve() throws IOException {
        for (;;) {
            BlockingSocket s = server.accept();
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Thread.ofVirtual().start(() -> echo(s));
        }
    }

    private static void echo(BlockingSocket s) {
        byte[] buf = new byte[16384];
        try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
