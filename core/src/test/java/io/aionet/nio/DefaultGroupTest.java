package io.aionet.nio;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channels opened without a group go to the provider's default group, on both providers. Apart from
 * the behaviour suite so that the suite stays leak-checked: the default group lives as long as the
 * process (the JDK's and aionet's alike: its threads are never shut down), so its descriptors — an
 * io_uring per loop, the JDK's epoll — outlive this class by design.
 */
@io.aionet.testing.AllowsLeaks
class DefaultGroupTest {
    private static final AsynchronousChannelProvider AIONET = new AionetAsynchronousChannelProvider();

    @Test
    void aionetDefaultGroupServesChannelsOpenedWithoutAGroup() throws Exception {
        assertServes(AIONET, "aionet-nio-default-");
    }

    @Test
    void jdkDefaultGroupServesChannelsOpenedWithoutAGroup() throws Exception {
        assertServes(JdkProviderBehaviourTest.jdk(), null);
    }

    private static void assertServes(AsynchronousChannelProvider provider, String threadPrefix) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             AsynchronousSocketChannel ch = provider.openAsynchronousSocketChannel(null)) {
            ch.connect(ss.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
            try (Socket peer = ss.accept()) {
                assertEquals(3, ch.write(ByteBuffer.wrap(new byte[] {4, 5, 6})).get(10, TimeUnit.SECONDS));
                assertArrayEquals(new byte[] {4, 5, 6}, peer.getInputStream().readNBytes(3));
                if (threadPrefix != null) {
                    Thread[] seen = new Thread[1];
                    ch.read(ByteBuffer.allocate(1), null, new java.nio.channels.CompletionHandler<Integer, Void>() {
                        @Override
                        public void completed(Integer n, Void a) {
                            seen[0] = Thread.currentThread();
                            synchronized (seen) {
                                seen.notifyAll();
                            }
                        }

                        @Override
                        public void failed(Throwable exc, Void a) {
                            completed(-2, a);
                        }
                    });
                    peer.getOutputStream().write(1);
                    synchronized (seen) {
                        long end = System.nanoTime() + 10_000_000_000L;
                        while (seen[0] == null && System.nanoTime() < end) {
                            seen.wait(100);
                        }
                    }
                    assertTrue(seen[0] != null && seen[0].getName().startsWith(threadPrefix),
                            "handler ran on " + seen[0]);
                }
            }
        }
    }
}
