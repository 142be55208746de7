/**
 * aionet: asynchronous, zero-copy network I/O for Linux on io_uring, through the Foreign Function &amp;
 * Memory API. No JNI, no C library, no runtime dependencies.
 *
 * <p>Packages: {@code io.aionet.uring} is the ring ("liburing in Java"); the seed concepts live in
 * {@code io.aionet.dma}, {@code io.aionet.event}, {@code io.aionet.net} and {@code io.aionet.channel}.
 * {@code io.aionet.linux} holds the system calls and kernel structures the other packages are built
 * on; it is exported for {@link io.aionet.linux.LinuxException} and {@link io.aionet.linux.Errno}, and
 * its raw calls are for code that knows the kernel's rules (they take what the kernel takes).
 *
 * <p>The module needs native access: {@code --enable-native-access=io.aionet} (or
 * {@code ALL-UNNAMED} on the class path; the jar's manifest declares it for {@code java -jar}).
 */
module io.aionet {
    requires jdk.unsupported; // sun.misc.Signal: the event channel's signal source catches process-directed signals
    exports io.aionet.backend;
    exports io.aionet.channel;
    exports io.aionet.dma;
    exports io.aionet.event;
    exports io.aionet.channel.packet;
    exports io.aionet.linux;
    exports io.aionet.net;
    exports io.aionet.nio;
    exports io.aionet.uring;

    // NIO.2 on aionet: java.base's AsynchronousChannelProvider.provider() finds it with its service loader
    provides java.nio.channels.spi.AsynchronousChannelProvider with io.aionet.nio.AionetAsynchronousChannelProvider;
}
