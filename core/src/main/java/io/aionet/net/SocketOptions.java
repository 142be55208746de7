package io.aionet.net;

import io.aionet.LinuxException;
import io.aionet.linux.Sockets;

/**
 * The socket options of one descriptor: {@code TCP_NODELAY}, {@code SO_REUSEPORT},
 * {@code SO_REUSEADDR}, buffer sizes, keepalive and its timing ({@code TCP_KEEPIDLE},
 * {@code TCP_KEEPINTVL}, {@code TCP_KEEPCNT}), {@code TCP_QUICKACK} and the read-only
 * {@code SO_INCOMING_NAPI_ID} — the options the JDK offers as {@code java.net.StandardSocketOptions}
 * and {@code jdk.net.ExtendedSocketOptions}. A value the kernel refuses is a {@link LinuxException}
 * ({@code EINVAL}).
 */
public final class SocketOptions {
    private final int fd;

    SocketOptions(int fd) {
        this.fd = fd;
    }

    /** {@code TCP_NODELAY}: send small segments at once instead of coalescing them (Nagle off). */
    public SocketOptions noDelay(boolean on) throws LinuxException {
        SocketFds.setInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, on ? 1 : 0, "TCP_NODELAY");
        return this;
    }

    /** {@code SO_REUSEPORT}: several sockets (one per thread) may listen on the same port; set before bind. */
    public SocketOptions reusePort(boolean on) throws LinuxException {
        SocketFds.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEPORT, on ? 1 : 0, "SO_REUSEPORT");
        return this;
    }

    /** {@code SO_REUSEADDR}; set before bind. */
    public SocketOptions reuseAddress(boolean on) throws LinuxException {
        SocketFds.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, on ? 1 : 0, "SO_REUSEADDR");
        return this;
    }

    /** {@code SO_SNDBUF} in bytes (the kernel doubles it for bookkeeping). */
    public SocketOptions sendBufferSize(int bytes) throws LinuxException {
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bytes);
        }
        SocketFds.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, bytes, "SO_SNDBUF");
        return this;
    }

    /** {@code SO_RCVBUF} in bytes (the kernel doubles it for bookkeeping). */
    public SocketOptions receiveBufferSize(int bytes) throws LinuxException {
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bytes);
        }
        SocketFds.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, bytes, "SO_RCVBUF");
        return this;
    }

    /** {@code SO_KEEPALIVE}, and when {@code idleSeconds > 0} also {@code TCP_KEEPIDLE}. */
    public SocketOptions keepAlive(boolean on, int idleSeconds) throws LinuxException {
        SocketFds.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE, on ? 1 : 0, "SO_KEEPALIVE");
        if (on && idleSeconds > 0) {
            SocketFds.setInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_KEEPIDLE, idleSeconds, "TCP_KEEPIDLE");
        }
        return this;
    }

    /** Current {@code TCP_NODELAY}. */
    public boolean noDelay() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, "TCP_NODELAY") != 0;
    }

    /** Current {@code SO_KEEPALIVE}. */
    public boolean keepAlive() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE, "SO_KEEPALIVE") != 0;
    }

    /** Current {@code SO_REUSEPORT}. */
    public boolean reusePort() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEPORT, "SO_REUSEPORT") != 0;
    }

    /** Current {@code SO_REUSEADDR}. */
    public boolean reuseAddress() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, "SO_REUSEADDR") != 0;
    }

    /** Current {@code SO_SNDBUF}. */
    public int sendBufferSize() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, "SO_SNDBUF");
    }

    /** Current {@code SO_RCVBUF}. */
    public int receiveBufferSize() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, "SO_RCVBUF");
    }

    /** {@code TCP_KEEPIDLE}: seconds of idleness before the first keepalive probe (1 to 32,767). */
    public SocketOptions keepAliveIdle(int seconds) throws LinuxException {
        SocketFds.setInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_KEEPIDLE, seconds, "TCP_KEEPIDLE");
        return this;
    }

    /** {@return the current {@code TCP_KEEPIDLE} in seconds} */
    public int keepAliveIdle() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_KEEPIDLE, "TCP_KEEPIDLE");
    }

    /** {@code TCP_KEEPINTVL}: seconds between keepalive probes (1 to 32,767). */
    public SocketOptions keepAliveInterval(int seconds) throws LinuxException {
        SocketFds.setInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_KEEPINTVL, seconds, "TCP_KEEPINTVL");
        return this;
    }

    /** {@return the current {@code TCP_KEEPINTVL} in seconds} */
    public int keepAliveInterval() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_KEEPINTVL, "TCP_KEEPINTVL");
    }

    /** {@code TCP_KEEPCNT}: unanswered probes before the connection is dropped (1 to 127). */
    public SocketOptions keepAliveCount(int probes) throws LinuxException {
        SocketFds.setInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_KEEPCNT, probes, "TCP_KEEPCNT");
        return this;
    }

    /** {@return the current {@code TCP_KEEPCNT}} */
    public int keepAliveCount() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_KEEPCNT, "TCP_KEEPCNT");
    }

    /**
     * {@code TCP_QUICKACK}: acknowledge at once instead of delaying the ACK. The kernel clears it again
     * by itself as the connection's state changes (it is a hint, not a mode).
     */
    public SocketOptions quickAck(boolean on) throws LinuxException {
        SocketFds.setInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_QUICKACK, on ? 1 : 0, "TCP_QUICKACK");
        return this;
    }

    /** {@return the current {@code TCP_QUICKACK}} */
    public boolean quickAck() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_QUICKACK, "TCP_QUICKACK") != 0;
    }

    /**
     * {@return {@code SO_INCOMING_NAPI_ID}: the NAPI instance (receive queue of the NIC) the socket's last
     * packet came through, 0 when none (e.g. loopback); read-only}
     */
    public int incomingNapiId() throws LinuxException {
        return SocketFds.getInt(fd, Sockets.SOL_SOCKET, Sockets.SO_INCOMING_NAPI_ID, "SO_INCOMING_NAPI_ID");
    }
}
