package io.aionet.examples.readme;

import io.aionet.nio.BlockingServerSocket;
import io.aionet.nio.BlockingSocket;
import io.aionet.nio.FutureSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The README's standard-Java examples ({@code docs/nio.md}): thread-per-connection code on virtual
 * threads over aionet's blocking sockets, a CompletableFuture client, and unchanged NIO.2 code on
 * aionet's {@code AsynchronousChannelProvider}.
 */
public final class StandardJavaTaste {
    private StandardJavaTaste() {}

    /** Starts an echo server with one virtual thread per connection; closing it stops it. */
    public static BlockingServerSocket virtualThreadEchoServer() throws IOException {
        // @start region="vthreads"
        BlockingServerSocket server = BlockingServerSocket.listen(new InetSocketAddress("127.0.0.1", 0), 128);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    BlockingSocket s = server.accept();                   // parks the virtual thread, not a carrier
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.inputStream().transferTo(s.outputStream()); // echo until end of stream
                        } catch (IOException peerGone) {
                            // the connection ends
                        }
                    });
                }
            } catch (IOException closed) {
                // the server closed
            }
        });
        // @end
        return server;
    }

    /** Sends "hello" to {@code echoServer} with a CompletableFuture chain and returns the reply. */
    public static String futuresHello(SocketAddress echoServer) throws Exception {
        // @start region="futures"
        try (FutureSocket s = FutureSocket.connect(echoServer).get()) {
            ByteBuffer in = ByteBuffer.allocate(5);
            return s.write(ByteBuffer.wrap("hello".getBytes(US_ASCII)))
                    .thenCompose(n -> s.read(in))                          // completes on the socket's loop thread
                    .thenApply(n -> new String(in.array(), 0, n, US_ASCII))
                    .get(5, TimeUnit.SECONDS);
        }
        // @end
    }

    /** Sends "hi" with plain NIO.2 code; returns the provider's class name and the reply. */
    public static String nio2Hello(SocketAddress echoServer) throws Exception {
        // @start region="nio2"
        // plain NIO.2: aionet's provider is a registered service, or name it with
        // -Djava.nio.channels.spi.AsynchronousChannelProvider=io.aionet.nio.AionetAsynchronousChannelProvider
        try (AsynchronousSocketChannel ch = AsynchronousSocketChannel.open()) {
            ch.connect(echoServer).get();
            ch.write(ByteBuffer.wrap("hi".getBytes(US_ASCII))).get();
            ByteBuffer in = ByteBuffer.allocate(2);
            int n = ch.read(in).get(5, TimeUnit.SECONDS);
            return ch.provider().getClass().getName() + " " + new String(in.array(), 0, n, US_ASCII);
        }
        // @end
    }
}
