package io.aionet.nio;

import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.IllegalChannelGroupException;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * NIO.2 on aionet: an {@link AsynchronousChannelProvider} whose channel groups are aionet event loops
 * (one event channel — one io_uring — per group thread) and whose socket channels submit every read,
 * write, connect and accept as an io_uring operation on their loop's channel. Existing code written
 * against {@link AsynchronousSocketChannel} / {@link AsynchronousServerSocketChannel} runs on it
 * unchanged.
 *
 * <p>Select it for a whole program with
 * {@code -Djava.nio.channels.spi.AsynchronousChannelProvider=io.aionet.nio.AionetAsynchronousChannelProvider};
 * having aionet on the class path or module path also installs it through {@code META-INF/services} /
 * {@code provides} (the JDK takes the first provider its service loader finds). To force the JDK's own
 * provider while aionet is present, name {@code sun.nio.ch.LinuxAsynchronousChannelProvider} in the
 * same property. Or use it explicitly:
 * {@snippet :
 * AsynchronousChannelProvider aionet = new AionetAsynchronousChannelProvider();
 * AsynchronousChannelGroup group = aionet.openAsynchronousChannelGroup(2, Thread.ofPlatform().factory());
 * AsynchronousServerSocketChannel server = aionet.openAsynchronousServerSocketChannel(group)
 *         .bind(new InetSocketAddress("127.0.0.1", 0));
 * }
 *
 * <p>Semantics are the JDK's (a shared behaviour suite runs against both): completion handlers and
 * futures, timeouts ({@code InterruptedByTimeoutException}, after which the channel refuses further
 * reads or writes), {@code ReadPendingException} / {@code WritePendingException} /
 * {@code AcceptPendingException}, {@code AsynchronousCloseException} for operations in flight when a
 * channel closes, {@code ShutdownChannelGroupException}, scattering and gathering, heap and direct
 * buffers, the socket options the JDK's channels offer on Linux: the standard ones ({@code SO_SNDBUF},
 * {@code SO_RCVBUF}, {@code SO_KEEPALIVE}, {@code SO_REUSEADDR}, {@code SO_REUSEPORT},
 * {@code TCP_NODELAY}) and the {@code jdk.net} extended ones ({@code TCP_KEEPIDLE},
 * {@code TCP_KEEPINTERVAL}, {@code TCP_KEEPCOUNT}, {@code TCP_QUICKACK}, the read-only
 * {@code SO_INCOMING_NAPI_ID}). Channels with no group go to a default group of daemon threads, one per
 * processor (property {@code aionet.nio.threads}).
 *
 * <p>Datagrams: {@link #openAsynchronousChannelGroup} groups serve stream sockets only; NIO.2 has no
 * asynchronous datagram channel, and {@link java.nio.channels.DatagramChannel} stays the JDK's
 * ({@code io.aionet.net.AsyncDatagramSocket} is aionet's own UDP socket).
 */
public final class AionetAsynchronousChannelProvider extends AsynchronousChannelProvider {
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final Object defaultLock = new Object();
    private volatile AionetChannelGroup defaultGroup;

    /** A provider; the JDK's service loader and {@code -Djava.nio.channels.spi.AsynchronousChannelProvider} call this. */
    public AionetAsynchronousChannelProvider() {
    }

    /**
     * A group of {@code nThreads} loops whose threads {@code threadFactory} makes (platform threads:
     * each owns an io_uring); the loop threads run the completion handlers.
     */
    @Override
    public AsynchronousChannelGroup openAsynchronousChannelGroup(int nThreads, ThreadFactory threadFactory)
            throws IOException {
        Objects.requireNonNull(threadFactory, "threadFactory");
        if (nThreads <= 0) {
            throw new IllegalArgumentException("'nThreads' must be > 0");
        }
        return new AionetChannelGroup(this, nThreads, threadFactory, null);
    }

    /**
     * A group whose completion handlers run on {@code executor} (the group shuts it down when it
     * terminates). Its I/O runs on {@code max(1, initialSize)} loop threads of its own (at most one per
     * processor, or property {@code aionet.nio.threads}).
     */
    @Override
    public AsynchronousChannelGroup openAsynchronousChannelGroup(ExecutorService executor, int initialSize)
            throws IOException {
        Objects.requireNonNull(executor, "executor");
        int cpus = Runtime.getRuntime().availableProcessors();
        int loops = Integer.getInteger("aionet.nio.threads", Math.min(cpus, Math.max(1, initialSize)));
        return new AionetChannelGroup(this, loops, loopThreads("aionet-nio-" + GROUPS.incrementAndGet(), true),
                executor);
    }

    @Override
    public AsynchronousServerSocketChannel openAsynchronousServerSocketChannel(AsynchronousChannelGroup group)
            throws IOException {
        return AionetServerSocketChannel.open(groupOf(group));
    }

    @Override
    public AsynchronousSocketChannel openAsynchronousSocketChannel(AsynchronousChannelGroup group)
            throws IOException {
        return AionetSocketChannel.open(groupOf(group));
    }

    private AionetChannelGroup groupOf(AsynchronousChannelGroup group) throws IOException {
        if (group == null) {
            return defaultGroup();
        }
        if (!(group instanceof AionetChannelGroup g) || g.provider() != this) {
            throw new IllegalChannelGroupException();
        }
        return g;
    }

    /**
     * The aionet group for the future sockets and blocking streams: {@code group} itself, or for
     * {@code null} the default group of the system-wide provider when that is aionet's, else of a
     * provider of their own.
     *
     * @throws IllegalChannelGroupException when {@code group} is not an aionet group
     */
    static AionetChannelGroup aionetGroup(AsynchronousChannelGroup group) throws IOException {
        if (group == null) {
            AsynchronousChannelProvider p = AsynchronousChannelProvider.provider();
            return (p instanceof AionetAsynchronousChannelProvider a ? a : Own.PROVIDER).defaultGroup();
        }
        if (!(group instanceof AionetChannelGroup g)) {
            throw new IllegalChannelGroupException();
        }
        return g;
    }

    /** The provider of the future sockets when the system-wide one is not aionet's (made on first use). */
    private static final class Own {
        static final AionetAsynchronousChannelProvider PROVIDER = new AionetAsynchronousChannelProvider();
    }

    /** The group of channels opened without one: daemon loop threads, one per processor. */
    AionetChannelGroup defaultGroup() throws IOException {
        AionetChannelGroup g = defaultGroup;
        if (g == null) {
            synchronized (defaultLock) {
                g = defaultGroup;
                if (g == null) {
                    int n = Integer.getInteger("aionet.nio.threads", Runtime.getRuntime().availableProcessors());
                    g = new AionetChannelGroup(this, Math.max(1, n), loopThreads("aionet-nio-default", true), null);
                    defaultGroup = g;
                }
            }
        }
        return g;
    }

    static ThreadFactory loopThreads(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }
}
