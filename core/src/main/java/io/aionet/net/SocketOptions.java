package io.aionet.net;

import io.aionet.LinuxException;
import io.aionet.linux.Sockets;

/**
 * The socket options a server sets, on one socket's descriptor: {@code TCP_NODELAY},
 * {@code SO_REUSEPORT}, {@code SO_REUSEADDR}, buffer sizes, keepalive and its timing
 * ({@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL}, {@code TCP_KEEPCNT}), {@code TCP_QUICKACK} and the
 * read-only {@code SO_INCOMING_NAPI_ID} — the options the JDK offers as
 * {@code java.net.StandardSocketOptions} and {@code jdk.net.ExtendedSocketOptions}, as the synchronous
 * {@code setsockopt}/{@code getsockopt} calls beside Drepper's asynchronous socket API. A view, not a
 * copy: each call goes to the kernel at once. Obtained from the socket's {@code options()}; like the
 * socket, it is used on the channel's owner thread only ({@link WrongThreadException} elsewhere). Each
 * setter returns this view so calls chain. A refusal by the kernel is the checked
 * {@link LinuxException} naming the option.
 */
public final class SocketOptions {
    private final int fd;
    private final Thread owner;
    private final Object socket;

    SocketOptions(int fd, Thread owner, Object socket) {
        this.fd = fd;
        this.owner = owner;
        this.socket = socket;
    }

    /** The socket's rule: its channel's owner thread only (a descriptor number may be reused once the socket closes). */
    private int fd() {
        io.aionet.internal.Owner.check(owner, socket);
        return fd;
    }

    /**
     * Sets {@code TCP_NODELAY}: send small segments at once instead of coalescing them (Nagle off).
     *
     * @param on true to turn Nagle's algorithm off
     * @return this view
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions noDelay(boolean on) throws LinuxException {
        SocketFds.setInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, on ? 1 : 0, "TCP_NODELAY");
        return this;
    }

    /**
     * Sets {@code SO_REUSEPORT}: several sockets (one per thread) may listen on the same port; set before bind.
     *
     * @param on true to share the port
     * @return this view
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions reusePort(boolean on) throws LinuxException {
        SocketFds.setInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_REUSEPORT, on ? 1 : 0, "SO_REUSEPORT");
        return this;
    }

    /**
     * Sets {@code SO_REUSEADDR}: bind to a port whose old connections are still in {@code TIME_WAIT}; set before bind.
     *
     * @param on true to allow it
     * @return this view
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions reuseAddress(boolean on) throws LinuxException {
        SocketFds.setInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, on ? 1 : 0, "SO_REUSEADDR");
        return this;
    }

    /**
     * Sets {@code SO_SNDBUF}, capped by {@code net.core.wmem_max} (the kernel doubles it for bookkeeping).
     *
     * @param bytes the send buffer size, positive
     * @return this view
     * @throws IllegalArgumentException when {@code bytes} ≤ 0
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions sendBufferSize(int bytes) throws LinuxException {
        int fd = fd();
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bytes);
        }
        SocketFds.setInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, bytes, "SO_SNDBUF");
        return this;
    }

    /**
     * Sets {@code SO_RCVBUF}, capped by {@code net.core.rmem_max} (the kernel doubles it for bookkeeping).
     *
     * @param bytes the receive buffer size, positive
     * @return this view
     * @throws IllegalArgumentException when {@code bytes} ≤ 0
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions receiveBufferSize(int bytes) throws LinuxException {
        int fd = fd();
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bytes);
        }
        SocketFds.setInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, bytes, "SO_RCVBUF");
        return this;
    }

    /**
     * Sets {@code SO_KEEPALIVE}, and when {@code idleSeconds > 0} also {@code TCP_KEEPIDLE}.
     *
     * @param on true to send keepalive probes on an idle connection
     * @param idleSeconds idle seconds before the first probe; 0 keeps the system's default
     * @return this view
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions keepAlive(boolean on, int idleSeconds) throws LinuxException {
        SocketFds.setInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE, on ? 1 : 0, "SO_KEEPALIVE");
        if (on && idleSeconds > 0) {
            SocketFds.setInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_KEEPIDLE, idleSeconds, "TCP_KEEPIDLE");
        }
        return this;
    }

    /**
     * {@return whether {@code TCP_NODELAY} is on}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public boolean noDelay() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, "TCP_NODELAY") != 0;
    }

    /**
     * {@return whether {@code SO_KEEPALIVE} is on}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public boolean keepAlive() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE, "SO_KEEPALIVE") != 0;
    }

    /**
     * {@return whether {@code SO_REUSEPORT} is on}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public boolean reusePort() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_REUSEPORT, "SO_REUSEPORT") != 0;
    }

    /**
     * {@return whether {@code SO_REUSEADDR} is on}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public boolean reuseAddress() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, "SO_REUSEADDR") != 0;
    }

    /**
     * {@return the send buffer size the kernel uses ({@code SO_SNDBUF}, twice what was set)}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public int sendBufferSize() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, "SO_SNDBUF");
    }

    /**
     * {@return the receive buffer size the kernel uses ({@code SO_RCVBUF}, twice what was set)}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public int receiveBufferSize() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, "SO_RCVBUF");
    }

    /**
     * {@code TCP_KEEPIDLE}: seconds of idleness before the first keepalive probe.
     *
     * @param seconds 1 to 32,767
     * @return this view, for chaining
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions keepAliveIdle(int seconds) throws LinuxException {
        SocketFds.setInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_KEEPIDLE, seconds, "TCP_KEEPIDLE");
        return this;
    }

    /**
     * {@return the current {@code TCP_KEEPIDLE} in seconds}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public int keepAliveIdle() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_KEEPIDLE, "TCP_KEEPIDLE");
    }

    /**
     * {@code TCP_KEEPINTVL}: seconds between keepalive probes.
     *
     * @param seconds 1 to 32,767
     * @return this view, for chaining
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions keepAliveInterval(int seconds) throws LinuxException {
        SocketFds.setInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_KEEPINTVL, seconds, "TCP_KEEPINTVL");
        return this;
    }

    /**
     * {@return the current {@code TCP_KEEPINTVL} in seconds}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public int keepAliveInterval() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_KEEPINTVL, "TCP_KEEPINTVL");
    }

    /**
     * {@code TCP_KEEPCNT}: unanswered probes before the connection is dropped.
     *
     * @param probes 1 to 127
     * @return this view, for chaining
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions keepAliveCount(int probes) throws LinuxException {
        SocketFds.setInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_KEEPCNT, probes, "TCP_KEEPCNT");
        return this;
    }

    /**
     * {@return the current {@code TCP_KEEPCNT}}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public int keepAliveCount() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_KEEPCNT, "TCP_KEEPCNT");
    }

    /**
     * {@code TCP_QUICKACK}: acknowledge at once instead of delaying the ACK. The kernel clears it again
     * by itself as the connection's state changes (it is a hint, not a mode).
     *
     * @param on true to acknowledge at once
     * @return this view, for chaining
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public SocketOptions quickAck(boolean on) throws LinuxException {
        SocketFds.setInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_QUICKACK, on ? 1 : 0, "TCP_QUICKACK");
        return this;
    }

    /**
     * {@return the current {@code TCP_QUICKACK}}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public boolean quickAck() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.IPPROTO_TCP, Sockets.TCP_QUICKACK, "TCP_QUICKACK") != 0;
    }

    /**
     * {@return {@code SO_INCOMING_NAPI_ID}: the NAPI instance (receive queue of the NIC) the socket's last
     * packet came through, 0 when none (e.g. loopback); read-only}
     *
     * @throws LinuxException when the kernel refuses the option (the message names it)
     */
    public int incomingNapiId() throws LinuxException {
        return SocketFds.getInt(fd(), Sockets.SOL_SOCKET, Sockets.SO_INCOMING_NAPI_ID, "SO_INCOMING_NAPI_ID");
    }
}
