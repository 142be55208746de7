package io.aionet.bench.echo;

import java.io.PrintStream;

/**
 * The entry point of one Java echo server of the {@code echo} macro benchmark (issue 5), run by the
 * harness as its own process so that its CPU time can be read from {@code /proc/PID} over the measured
 * window: {@code java ... io.aionet.bench.echo.EchoServerMain IMPL [PORT]}. It listens on 127.0.0.1,
 * prints {@code port N} once it accepts, then serves until the process is killed. Each server uses one
 * event-loop thread (blocking-vt: one virtual thread per connection).
 */
public final class EchoServerMain {
    private EchoServerMain() {}

    /** Starts server {@code args[0]} on port {@code args[1]} (default 0: any free port). */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EchoServerMain aionet|aionet-sqpoll|aionet-epoll|netty-epoll|netty-io_uring|jdk-nio|jdk-blocking-vt|jdk-nio2|aionet-nio2|aionet-futures|aionet-vthreads [PORT]");
            System.exit(2);
        }
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        EchoPeer peer = switch (args[0]) {
            case EchoImpls.AIONET, EchoImpls.AIONET_EPOLL -> new AionetEcho(-1); // the backend: -Daionet.backend
            case EchoImpls.AIONET_SQPOLL -> new AionetEcho(EchoImpls.SQPOLL_IDLE_MS);
            case EchoImpls.NETTY_EPOLL -> new NettyEcho(false);
            case EchoImpls.NETTY_IO_URING -> new NettyEcho(true);
            case EchoImpls.JDK_NIO -> new NioEcho();
            case EchoImpls.JDK_BLOCKING_VT -> new BlockingVtEcho();
            case EchoImpls.JDK_NIO2, EchoImpls.AIONET_NIO2 -> new Nio2Echo(); // the provider: a system property
            case EchoImpls.AIONET_FUTURES -> new FuturesEcho();
            case EchoImpls.AIONET_VTHREADS -> new VthreadsEcho();
            default -> throw new IllegalArgumentException("no Java echo server named " + args[0]);
        };
        int bound = peer.start(port);
        PrintStream out = System.out;
        out.println("port " + bound);
        out.println("setup " + peer.setup());
        out.flush();
        peer.serve(); // until killed
    }
}
