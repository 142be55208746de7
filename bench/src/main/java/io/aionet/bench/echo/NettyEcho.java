package io.aionet.bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The Netty 4.2 peers of the {@code echo} benchmark (issue 5): one event loop (one thread) serving the
 * listening socket and every connection, with the native epoll transport or the io_uring transport.
 * Configured for speed as Netty's documentation advises: the pooled allocator, TCP_NODELAY, writes
 * flushed once per read batch ({@code channelReadComplete}, as Netty's own echo example); for
 * io_uring a single-issuer ring (which Netty sets up with DEFER_TASKRUN where the kernel has it) and a
 * provided buffer ring for receives ({@code IoUringBufferRingConfig}, selected per channel with
 * {@code IO_URING_BUFFER_GROUP_ID}).
 */
final class NettyEcho implements EchoPeer {
    private static final short BUFFER_GROUP = 1;
    /** Bytes per buffer of the io_uring buffer ring. */
    static final int BUFFER_SIZE = 2048;

    private final boolean ioUring;
    private EventLoopGroup group;
    private Channel server;

    NettyEcho(boolean ioUring) {
        this.ioUring = ioUring;
    }

    @Override
    public int start(int port) throws Exception {
        ServerBootstrap b = new ServerBootstrap();
        if (ioUring) {
            if (!IoUring.isAvailable()) {
                throw new IllegalStateException("Netty io_uring is not available: " + IoUring.unavailabilityCause());
            }
            IoUringIoHandlerConfig config = new IoUringIoHandlerConfig()
                    .setRingSize(4096)
                    .setSingleIssuer(true)
                    .setBufferRingConfig(IoUringBufferRingConfig.builder()
                            .bufferGroupId(BUFFER_GROUP)
                            .bufferRingSize((short) 4096)
                            .batchSize(64)
                            .allocator(new IoUringFixedBufferRingAllocator(BUFFER_SIZE))
                            .build());
            group = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory(config));
            b.channel(IoUringServerSocketChannel.class)
                    .childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP);
        } else {
            if (!Epoll.isAvailable()) {
                throw new IllegalStateException("Netty epoll is not available: " + Epoll.unavailabilityCause());
            }
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            b.channel(EpollServerSocketChannel.class);
        }
        b.group(group)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(Echo.INSTANCE);
        server = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public String setup() {
        return ioUring
                ? "Netty " + version() + " io_uring: one IoUringIoHandler thread, ring 4096, single issuer"
                        + " (DEFER_TASKRUN), buffer ring group " + BUFFER_GROUP + " of 4096 x " + BUFFER_SIZE
                        + " B, pooled allocator, TCP_NODELAY, flush per read batch"
                : "Netty " + version() + " epoll: one EpollIoHandler thread, pooled allocator, TCP_NODELAY,"
                        + " flush per read batch";
    }

    private static String version() {
        Package p = ServerBootstrap.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "4.2" : v;
    }

    @Override
    public void serve() throws Exception {
        server.closeFuture().sync();
    }

    /** Writes what it reads back; flushes once per batch of reads. Stateless, shared by every channel. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
