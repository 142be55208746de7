package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.LinuxException;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A listening stream socket whose accepts complete on an event channel: {@link #accept(long)} arms a
 * multishot accept, and each connection arrives as a {@link io.aionet.event.EventKind#COMPLETION}
 * whose result is the new descriptor — wrap it with {@link AsyncSocket#adopt(EventChannel, int)}.
 * With {@code reusePort}, one server socket per thread (each on its own channel) can share a port.
 */
public final class AsyncServerSocket implements AutoCloseable {
    private final EventChannel channel;
    private final int fd;
    private final AcceptOp accepts;
    private boolean closed;
    private FlowHookSupport flow;

    private AsyncServerSocket(EventChannel channel, int fd) {
        this.channel = channel;
        this.fd = fd;
        this.accepts = new AcceptOp(channel, fd);
    }

    /**
     * Binds and listens.
     *
     * @param address   where to listen (port 0: an ephemeral port; see {@link #localAddress()})
     * @param backlog   pending connections the kernel queues (capped by {@code net.core.somaxconn})
     * @param reusePort {@code SO_REUSEPORT}, so that several sockets may listen on the port
     * @throws LinuxException e.g. {@code EADDRINUSE}
     */
    public static AsyncServerSocket open(EventChannel channel, SocketAddress address, int backlog, boolean reusePort)
            throws LinuxException {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        int family = SocketAddresses.family(address);
        int fd = SocketFds.open(family, Sockets.SOCK_STREAM);
        try {
            if (!(address instanceof UnixDomainSocketAddress)) {
                SocketFds.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1, "SO_REUSEADDR");
            }
            if (reusePort) {
                SocketFds.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEPORT, 1, "SO_REUSEPORT");
            }
            SocketFds.bind(fd, address);
            Native.check("listen", Sockets.listen(fd, backlog));
            return new AsyncServerSocket(channel, fd);
        } catch (LinuxException | RuntimeException e) {
            SocketFds.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Binds and listens with a channel option: {@code channelHook} installs the socket's flow entry now
     * (a listener on its address and port; an {@code XdpClassifier}'s hook steers the port's packets to
     * an AF_XDP channel, a {@code FlowClassifier}'s to a user-space channel) and removes it at close.
     * The kernel socket keeps the port reserved while the channel receives its packets.
     *
     * @throws IllegalArgumentException for a null hook or a non-IP address
     */
    public static AsyncServerSocket open(EventChannel channel, SocketAddress address, int backlog, boolean reusePort,
                                         io.aionet.channel.classifier.FlowClassifier.Hook channelHook) throws LinuxException {
        if (channelHook == null) {
            throw new IllegalArgumentException("channel hook must not be null");
        }
        AsyncServerSocket s = open(channel, address, backlog, reusePort);
        try {
            s.flow = FlowHookSupport.install(channelHook, Sockets.IPPROTO_TCP, s.localAddress());
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Starts accepting: a completion tagged {@code tag} per connection (result: its descriptor, or {@code -errno}). */
    public void accept(long tag) {
        ensureOpen();
        accepts.start(tag);
    }

    /** The address the socket listens on (with the port the kernel chose for port 0). */
    public SocketAddress localAddress() throws LinuxException {
        ensureOpen();
        return SocketFds.localAddress(fd);
    }

    /** The port the socket listens on. */
    public int port() throws LinuxException {
        return localAddress() instanceof InetSocketAddress isa ? isa.getPort() : -1;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("server socket is closed");
        }
    }

    /** Stops accepting and closes the socket. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        FlowHookSupport.remove(flow);
        if (!channel.isClosed()) {
            accepts.cancelAll();
            SocketFds.submitNow(channel); // while the descriptor still names this socket
        }
        accepts.detachFromSocket();
        SocketFds.closeQuietly(fd);
    }
}
