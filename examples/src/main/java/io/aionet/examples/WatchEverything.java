package io.aionet.examples;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.FileChange;
import io.aionet.event.Readiness;
import io.aionet.event.TimerClock;
import io.aionet.event.Trigger;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Native;
import io.aionet.linux.SockaddrIn;
import io.aionet.linux.Signals;
import io.aionet.linux.Sockets;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Drepper's "one interface to rule them all": one event channel watching four kinds of source at once —
 * a listening socket's readiness, a periodic timer, a POSIX signal (SIGUSR1) and a directory — and
 * printing every event until the time is up.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... io.aionet.examples.WatchEverything [seconds] [directory] [port]
 *   seconds    how long to watch (default 30; fractions allowed)
 *   directory  the directory to watch (default: a new temporary one)
 *   port       the loopback port to listen on (default 0: any free port)
 * then, from another shell:  nc 127.0.0.1 PORT;  kill -USR1 PID;  touch DIRECTORY/x
 * </pre>
 */
public final class WatchEverything {
    private static final long SOCKET = 1;
    private static final long TIMER = 2;
    private static final long SIGNAL = 3;
    private static final long DIRECTORY = 4;

    private WatchEverything() {}

    /** Runs with the command-line arguments, printing to standard output. */
    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /**
     * Watches for {@code args[0]} seconds, printing one line per event to {@code out}; the first line
     * says what is watched ({@code watching pid=... port=... dir=...}). Returns the number of events.
     */
    public static long run(String[] args, PrintStream out) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 30;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("watch-everything");
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        if (seconds <= 0 || !Files.isDirectory(dir) || port < 0 || port > 65535) {
            throw new IllegalArgumentException("usage: WatchEverything [seconds > 0] [existing directory] [port 0-65535]");
        }
        long events = 0;
        int server = listen(port);
        try (EventChannel ch = EventChannel.create(); Arena arena = Arena.ofConfined()) {
            ch.addFd(server, Readiness.READ, Trigger.LEVEL, SOCKET);
            ch.addTimer(TIMER, 500_000_000L, 500_000_000L, TimerClock.MONOTONIC, false);
            ch.addSignal(Signals.SIGUSR1, SIGNAL);
            ch.addPath(dir, FileChange.DEFAULT, DIRECTORY);
            out.printf("watching pid=%d port=%d dir=%s for %s s%n", Signals.getpid(), localPort(server, arena), dir, seconds);
            out.flush();

            Event e = new Event();
            long ticks = 0;
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                ch.await(1, left);
                while (ch.next(e)) {
                    events++;
                    if (e.isError()) {
                        out.printf("error: tag %d, errno %d%n", e.tag(), e.errno());
                        continue;
                    }
                    switch (e.kind()) {
                        case FD_READY -> {
                            int conn = Sockets.accept4(server, MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC);
                            out.printf("socket: %s%n", conn >= 0 ? "connection accepted" : "accept failed, errno " + -conn);
                            if (conn >= 0) {
                                Fds.close(conn);
                            }
                        }
                        case TIMER -> out.printf("timer: tick %d%n", ++ticks);
                        case SIGNAL -> out.printf("signal: %d%s%n", e.signal(), e.signal() == Signals.SIGUSR1 ? " (SIGUSR1)" : "");
                        case FILE -> out.printf("file: %s %s%n", describe(e.result()), e.name());
                        default -> out.printf("other: %s%n", e);
                    }
                }
                out.flush();
            }
        } finally {
            Fds.close(server);
        }
        out.printf("done: %d events%n", events);
        out.flush();
        return events;
    }

    private static String describe(int change) {
        StringBuilder b = new StringBuilder();
        if ((change & FileChange.CREATE) != 0) b.append("CREATE ");
        if ((change & FileChange.DELETE) != 0) b.append("DELETE ");
        if ((change & FileChange.MODIFY) != 0) b.append("MODIFY ");
        if ((change & FileChange.MOVED_FROM) != 0) b.append("MOVED_FROM ");
        if ((change & FileChange.MOVED_TO) != 0) b.append("MOVED_TO ");
        if ((change & FileChange.IS_DIRECTORY) != 0) b.append("(directory) ");
        if ((change & FileChange.OVERFLOWED) != 0) b.append("OVERFLOWED ");
        if ((change & FileChange.WATCH_GONE) != 0) b.append("WATCH_GONE ");
        return b.toString().trim();
    }

    /** A non-blocking TCP socket listening on 127.0.0.1:{@code port}. */
    private static int listen(int port) throws LinuxException {
        int fd = Native.check("socket", Sockets.socket(Sockets.AF_INET,
                Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK | Sockets.SOCK_CLOEXEC, 0));
        try (Arena a = Arena.ofConfined()) {
            Native.check("setsockopt", Sockets.setsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1));
            MemorySegment sin = a.allocate(SockaddrIn.LAYOUT);
            sin.set(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_family, (short) Sockets.AF_INET);
            sin.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), SockaddrIn.OFFSETOF_sin_port, (short) port);
            sin.set(ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), SockaddrIn.OFFSETOF_sin_addr, 0x7f000001);
            Native.check("bind", Sockets.bind(fd, sin, (int) SockaddrIn.SIZEOF));
            Native.check("listen", Sockets.listen(fd, 16));
            return fd;
        } catch (LinuxException | RuntimeException ex) {
            Fds.close(fd);
            throw ex;
        }
    }

    private static int localPort(int fd, Arena a) throws LinuxException {
        MemorySegment sin = a.allocate(SockaddrIn.LAYOUT);
        MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
        len.set(ValueLayout.JAVA_INT, 0, (int) SockaddrIn.SIZEOF);
        Native.check("getsockname", Sockets.getsockname(fd, sin, len));
        return Short.toUnsignedInt(sin.get(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), SockaddrIn.OFFSETOF_sin_port));
    }
}
