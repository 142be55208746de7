package io.aionet.net;

import io.aionet.event.EventChannel;
import io.aionet.LinuxException;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A listening stream socket whose accepts complete on an event channel (Drepper's asynchronous socket
 * calls, completion to an event channel): {@link #accept(long)} arms a multishot accept, and each
 * connection arrives as a {@link io.aionet.event.EventKind#COMPLETION} whose result is the new
 * descriptor — wrap it with {@link AsyncSocket#adopt(EventChannel, int)}. With {@code reusePort}, one
 * server socket per thread (each on its own channel) can share a port.
 *
 * <p>The socket belongs to its channel's owner thread: every method, {@link #close()} included, refuses
 * other threads with {@link WrongThreadException}. An accept that fails ({@code -EMFILE} when the
 * process is out of descriptors, {@code -ENFILE}, {@code -ENOBUFS}) is a completion with
 * {@code -errno}, not an exception; when it is for lack of descriptors or memory the socket resumes
 * accepting by itself after a back-off (1 ms, doubling up to 1 s, reset by a success), leaving the
 * waiting connections in the backlog meanwhile.
 */
public final class AsyncServerSocket implements AutoCloseable {
    private final EventChannel channel;
    private final int fd;
    private final AcceptOp accepts;
    private boolean closed;
    private FlowHookSupport flow;
    /** Open-resource accounting and the opt-in leak detector. */
    private final io.aionet.internal.Resources.Handle tracker;

    private AsyncServerSocket(EventChannel channel, int fd) {
        this.channel = channel;
        this.fd = fd;
        this.accepts = new AcceptOp(channel, fd);
        this.tracker = io.aionet.internal.Resources.track(io.aionet.internal.Resources.Kind.SERVER_SOCKET, this, "AsyncServerSocket[fd=" + fd + "]");
    }

    /**
     * Binds and listens: a socket of the address's family with {@code SO_REUSEADDR} (IP), bound and
     * listening, whose accepts complete on {@code channel}. Call on the channel's owner thread.
     *
     * @param channel   the channel the accepts complete on
     * @param address   where to listen (port 0: an ephemeral port; see {@link #localAddress()})
     * @param backlog   pending connections the kernel queues (capped by {@code net.core.somaxconn})
     * @param reusePort {@code SO_REUSEPORT}, so that several sockets may listen on the port
     * @return the listening socket
     * @throws IllegalArgumentException when {@code backlog} &lt; 1 or the address is of no supported family
     * @throws LinuxException e.g. {@code EADDRINUSE}
     */
    public static AsyncServerSocket open(EventChannel channel, SocketAddress address, int backlog, boolean reusePort)
            throws LinuxException {
        java.util.Objects.requireNonNull(channel, "channel");
        java.util.Objects.requireNonNull(address, "address");
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
     * @param channel     the channel the accepts complete on
     * @param address     where to listen, an IP address
     * @param backlog     pending connections the kernel queues
     * @param reusePort   {@code SO_REUSEPORT}
     * @param channelHook the classifier's hook that installs the flow entry
     * @return the listening socket
     * @throws IllegalArgumentException for a non-IP address
     * @throws LinuxException           when the kernel refuses the socket, bind or listen
     */
    public static AsyncServerSocket open(EventChannel channel, SocketAddress address, int backlog, boolean reusePort,
                                         io.aionet.channel.classifier.FlowClassifier.Hook channelHook) throws LinuxException {
        java.util.Objects.requireNonNull(channel, "channel");
        java.util.Objects.requireNonNull(address, "address");
        java.util.Objects.requireNonNull(channelHook, "channelHook");
        AsyncServerSocket s = open(channel, address, backlog, reusePort);
        try {
            s.flow = FlowHookSupport.install(channelHook, Sockets.IPPROTO_TCP, s.localAddress());
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * A new listening-to-be socket that is not bound yet, so that options can be set first (the NIO.2
     * provider's order of calls); {@link #listen(SocketAddress, int)} binds it. {@code SO_REUSEADDR} is
     * on, as for {@link #open(EventChannel, SocketAddress, int, boolean)}.
     *
     * @param channel the channel the accepts complete on
     * @param family  {@code INET}, {@code INET6} or {@code UNIX}
     * @return the unbound socket
     * @throws LinuxException when the kernel refuses the socket
     */
    public static AsyncServerSocket open(EventChannel channel, java.net.StandardProtocolFamily family)
            throws LinuxException {
        java.util.Objects.requireNonNull(channel, "channel");
        java.util.Objects.requireNonNull(family, "family");
        int af = switch (family) {
            case INET -> Sockets.AF_INET;
            case INET6 -> Sockets.AF_INET6;
            case UNIX -> Sockets.AF_UNIX;
        };
        int fd = SocketFds.open(af, Sockets.SOCK_STREAM);
        try {
            if (af != Sockets.AF_UNIX) {
                SocketFds.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1, "SO_REUSEADDR");
            }
            return new AsyncServerSocket(channel, fd);
        } catch (LinuxException | RuntimeException e) {
            SocketFds.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Binds a socket from {@link #open(EventChannel, java.net.StandardProtocolFamily)} and listens.
     * Owner thread only.
     *
     * @param address where to listen
     * @param backlog pending connections the kernel queues, at least 1
     * @throws IllegalArgumentException when {@code backlog} &lt; 1
     * @throws LinuxException           when the kernel refuses the bind or listen (e.g. {@code EADDRINUSE})
     */
    public void listen(SocketAddress address, int backlog) throws LinuxException {
        java.util.Objects.requireNonNull(address, "address");
        ensureOpen();
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        SocketFds.bind(fd, address);
        Native.check("listen", Sockets.listen(fd, backlog));
    }

    /** {@return socket options of the listening socket (the accepted sockets inherit most of them)} */
    public SocketOptions options() {
        ensureOpen();
        return new SocketOptions(fd, channel.owner(), this);
    }

    /**
     * Starts accepting: a completion tagged {@code tag} per connection (result: its descriptor, which
     * the program now owns, or {@code -errno}). Owner thread only.
     *
     * @param tag the completions' tag
     */
    public void accept(long tag) {
        ensureOpen();
        accepts.start(tag);
    }

    /**
     * {@return the address the socket listens on (with the port the kernel chose for port 0)}
     *
     * @throws LinuxException when {@code getsockname} fails
     */
    public SocketAddress localAddress() throws LinuxException {
        ensureOpen();
        return SocketFds.localAddress(fd);
    }

    /**
     * {@return the port the socket listens on, or -1 for a Unix-domain socket}
     *
     * @throws LinuxException when {@code getsockname} fails
     */
    public int port() throws LinuxException {
        return localAddress() instanceof InetSocketAddress isa ? isa.getPort() : -1;
    }

    private void ensureOpen() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (closed) {
            throw new IllegalStateException("server socket is closed");
        }
    }

    /** Stops accepting and closes the socket. Closing twice is harmless. */
    @Override
    public void close() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (closed) {
            return;
        }
        closed = true;
        FlowHookSupport.remove(flow);
        tracker.close();
        if (!channel.isClosed()) {
            accepts.cancelAll();
            accepts.flush(); // while the descriptor still names this socket
        }
        accepts.detachFromSocket();
        SocketFds.closeQuietly(fd);
    }
}
