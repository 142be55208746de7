package io.aionet.bench.echo;

import java.util.List;

/** The implementations the {@code echo} macro benchmark (issue 5) compares, by their report names. */
final class EchoImpls {
    private EchoImpls() {}

    static final String AIONET = "aionet";
    /** The same aionet server on the epoll backend ({@code -Daionet.backend=epoll}). */
    static final String AIONET_EPOLL = "aionet-epoll";
    /** The same aionet server with a kernel thread polling its submission queue ({@code IORING_SETUP_SQPOLL}). */
    static final String AIONET_SQPOLL = "aionet-sqpoll";
    /** How long the poller of {@link #AIONET_SQPOLL} spins without work before it sleeps. */
    static final int SQPOLL_IDLE_MS = 10;
    static final String C_LIBURING = "c-liburing";
    static final String C_EPOLL = "c-epoll";
    static final String NETTY_EPOLL = "netty-epoll";
    static final String NETTY_IO_URING = "netty-io_uring";
    static final String JDK_NIO = "jdk-nio";
    static final String JDK_BLOCKING_VT = "jdk-blocking-vt";
    /** The NIO.2 echo code on the JDK's provider. */
    static final String JDK_NIO2 = "jdk-nio2";
    /** The same NIO.2 echo code on aionet's provider (issue 12). */
    static final String AIONET_NIO2 = "aionet-nio2";
    /** aionet's CompletableFuture sockets (issue 12). */
    static final String AIONET_FUTURES = "aionet-futures";
    /** Blocking echo on virtual threads over aionet's blocking sockets (issue 12). */
    static final String AIONET_VTHREADS = "aionet-vthreads";

    /** Every implementation, in the order each round runs them. */
    static final List<String> ALL = List.of(AIONET, AIONET_SQPOLL, AIONET_EPOLL, C_LIBURING, C_EPOLL, NETTY_IO_URING, NETTY_EPOLL, JDK_NIO,
            JDK_BLOCKING_VT, JDK_NIO2, AIONET_NIO2, AIONET_FUTURES, AIONET_VTHREADS);

    /** True for the servers written in C. */
    static boolean isC(String impl) {
        return impl.equals(C_LIBURING) || impl.equals(C_EPOLL);
    }
}
