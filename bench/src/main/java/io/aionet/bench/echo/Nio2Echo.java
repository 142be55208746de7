package io.aionet.bench.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.spi.AsynchronousChannelProvider;

/**
 * The NIO.2 peer of the {@code echo} benchmark (issue 12): plain JDK code — an
 * {@link AsynchronousServerSocketChannel} and per connection a read handler that writes what it read
 * and reads again — in a channel group of one thread. The very same code runs as {@code jdk-nio2} on the
 * JDK's provider and as {@code aionet-nio2} on aionet's, chosen only by
 * {@code -Djava.nio.channels.spi.AsynchronousChannelProvider} (see {@link EchoMacro#javaCommand}).
 */
final class Nio2Echo implements EchoPeer {
    private AsynchronousChannelGroup group;
    private AsynchronousServerSocketChannel server;

    @Override
    public int start(int port) throws IOException {
        group = AsynchronousChannelGroup.withFixedThreadPool(1, Thread.ofPlatform().name("nio2-echo").factory());
        server = AsynchronousServerSocketChannel.open(group)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @Override
    public String setup() {
        return "NIO.2 on " + AsynchronousChannelProvider.provider().getClass().getName() + ": a fixed group of 1"
                + " thread, accept/read/write CompletionHandlers, one direct 16 KiB buffer per connection, TCP_NODELAY";
    }

    @Override
    public void serve() throws Exception {
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel c, Void a) {
                server.accept(null, this);
                try {
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException e) {
                    close(c);
                    return;
                }
                new Connection(c).read();
            }

            @Override
            public void failed(Throwable exc, Void a) {
                if (server.isOpen()) {
                    server.accept(null, this);
                }
            }
        });
        group.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
    }

    /** One connection: read, write all of it, read again. */
    private static final class Connection implements CompletionHandler<Integer, Boolean> {
        private final AsynchronousSocketChannel c;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(16384);

        Connection(AsynchronousSocketChannel c) {
            this.c = c;
        }

        void read() {
            buf.clear();
            c.read(buf, Boolean.TRUE, this);
        }

        /** {@code reading}: a read completed (else a write). */
        @Override
        public void completed(Integer n, Boolean reading) {
            if (reading) {
                if (n < 0) {
                    close(c);
                    return;
                }
                buf.flip();
                c.write(buf, Boolean.FALSE, this);
            } else if (buf.hasRemaining()) {
                c.write(buf, Boolean.FALSE, this);
            } else {
                read();
            }
        }

        @Override
        public void failed(Throwable exc, Boolean reading) {
            close(c);
        }
    }

    static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
    }
}
