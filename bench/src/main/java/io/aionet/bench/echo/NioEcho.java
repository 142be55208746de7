package io.aionet.bench.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The JDK NIO peer of the {@code echo} benchmark (issue 5): one thread, one {@link Selector}, non-blocking
 * channels, one direct buffer for every read and write (no copy into the Java heap), and
 * {@link Selector#select(java.util.function.Consumer)} (no selected-key set to iterate and clear). A
 * short write keeps the rest in a per-connection buffer and waits for OP_WRITE.
 */
final class NioEcho implements EchoPeer {
    private Selector selector;
    private ServerSocketChannel server;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(16384);

    @Override
    public int start(int port) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @Override
    public String setup() {
        return "one Selector thread (" + selector.provider().getClass().getSimpleName() + "), select(Consumer),"
                + " one direct 16 KiB buffer, TCP_NODELAY";
    }

    @Override
    public void serve() throws IOException {
        for (;;) {
            selector.select(this::ready);
        }
    }

    private void ready(SelectionKey k) {
        try {
            if (k.isAcceptable()) {
                SocketChannel c;
                while ((c = server.accept()) != null) {
                    c.configureBlocking(false);
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    c.register(selector, SelectionKey.OP_READ);
                }
                return;
            }
            SocketChannel c = (SocketChannel) k.channel();
            ByteBuffer rest = (ByteBuffer) k.attachment();
            if (rest != null) { // OP_WRITE: finish the short write
                c.write(rest);
                if (!rest.hasRemaining()) {
                    k.attach(null);
                    k.interestOps(SelectionKey.OP_READ);
                }
                return;
            }
            buf.clear();
            int n = c.read(buf);
            if (n < 0) {
                k.cancel();
                c.close();
                return;
            }
            buf.flip();
            c.write(buf);
            if (buf.hasRemaining()) {
                ByteBuffer copy = ByteBuffer.allocateDirect(buf.remaining());
                copy.put(buf).flip();
                k.attach(copy);
                k.interestOps(SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            k.cancel();
            try {
                k.channel().close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }
}
