package io.aionet.nio;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

/** Kernel results as the exceptions the JDK's channels throw for them, with the same messages. */
final class Errors {
    private Errors() {}

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EPIPE = 32;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETUNREACH = 101;
    static final int ECONNABORTED = 103;
    static final int ECONNRESET = 104;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;
    static final int ECANCELED = 125;
    static final int EMFILE = 24;
    static final int EINVAL = 22;

    /** The exception of a failed read or write with {@code errno}. */
    static IOException io(int errno) {
        return switch (errno) {
            case EPIPE -> new IOException("Broken pipe");
            case ECONNRESET -> new SocketException("Connection reset by peer");
            case ETIMEDOUT -> new IOException("Connection timed out");
            case ECONNABORTED -> new IOException("Software caused connection abort");
            case EMFILE -> new IOException("Too many open files");
            default -> new IOException("errno " + errno);
        };
    }

    /** The exception of a failed connect with {@code errno}. */
    static IOException connect(int errno) {
        return switch (errno) {
            case ECONNREFUSED -> new ConnectException("Connection refused");
            case ETIMEDOUT -> new ConnectException("Connection timed out");
            case ENETUNREACH -> new NoRouteToHostException("Network is unreachable");
            case EHOSTUNREACH -> new NoRouteToHostException("No route to host");
            default -> io(errno);
        };
    }

    /** A failed bind or listen as the JDK reports it. */
    static IOException bind(IOException e) {
        if (e instanceof io.aionet.LinuxException le) {
            if (le.errno() == EADDRINUSE) {
                return new BindException("Address already in use");
            }
            if (le.errno() == EADDRNOTAVAIL) {
                return new BindException("Cannot assign requested address");
            }
        }
        return e;
    }
}
