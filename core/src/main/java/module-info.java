/**
 * aionet: asynchronous, zero-copy network I/O for Linux on io_uring, through the Foreign Function &amp;
 * Memory API. No JNI, no C library, no runtime dependencies.
 *
 * <p>Packages: {@code io.aionet.uring} is the ring ("liburing in Java"); the seed concepts live in
 * {@code io.aionet.dma}, {@code io.aionet.event}, {@code io.aionet.net} and the net-channel packages
 * {@code io.aionet.channel.ring}, {@code .classifier}, {@code .capture}, {@code .tcp} and {@code .packet};
 * {@code io.aionet.aio} is Drepper's POSIX AIO for sockets on top of them.
 * {@code io.aionet} holds what every layer shares: {@link io.aionet.LinuxException} (a failed system
 * call, named) and {@link io.aionet.Errno}. The system calls and kernel structures themselves
 * ({@code io.aionet.linux}) are not exported: no exported signature names them.
 *
 * <p>Operators see the rare events that matter on {@link System.Logger}s named {@code io.aionet.backend},
 * {@code .dma}, {@code .event} and {@code .net}, and in JFR recordings the events
 * {@code io.aionet.ChannelStatistics}, {@code io.aionet.ReceivePoolStatistics} and
 * {@code io.aionet.SlowOperation}, each off until a recording enables it.
 *
 * <p>The module needs native access: {@code --enable-native-access=io.aionet} (or
 * {@code ALL-UNNAMED} on the class path; the jar's manifest declares it for {@code java -jar}).
 */
module io.aionet {
    requires jdk.net; // jdk.net.ExtendedSocketOptions: the NIO.2 provider's keepalive timing, TCP_QUICKACK, SO_INCOMING_NAPI_ID
    requires jdk.unsupported; // sun.misc.Signal: the event channel's signal source catches process-directed signals
    requires jdk.jfr;         // the library's own JFR events (io.aionet.internal.jfr): the JDK's socket events cannot see io_uring I/O
    exports io.aionet;
    exports io.aionet.aio;
    exports io.aionet.channel.capture;
    exports io.aionet.channel.classifier;
    exports io.aionet.dma;
    exports io.aionet.event;
    exports io.aionet.channel.packet;
    exports io.aionet.channel.ring;
    exports io.aionet.channel.tcp;
    exports io.aionet.channel.xdp;
    exports io.aionet.net;
    exports io.aionet.nio;
    exports io.aionet.uring;

    // NIO.2 on aionet: java.base's AsynchronousChannelProvider.provider() finds it with its service loader
    provides java.nio.channels.spi.AsynchronousChannelProvider with io.aionet.nio.AionetAsynchronousChannelProvider;
}
