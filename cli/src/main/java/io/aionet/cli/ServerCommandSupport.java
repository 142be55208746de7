package io.aionet.cli;

import io.aionet.examples.ServerConfig;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the server commands ({@code echo}, {@code serve}, {@code sink}) share: their common options
 * ({@code --port P}, {@code --bind ADDR} (loopback unless widened), {@code --threads N},
 * {@code --max-connections N}, {@code --sqpoll MS}, {@code --seconds S}), a picocli mixin,
 * and waiting until SIGINT/SIGTERM or the time is up.
 */
final class ServerCommandSupport {
    @Option(names = "--port", paramLabel = "P", required = true,
            description = "the TCP port to listen on, 0..65535 (0: any free port)")
    int port = -1;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE}, this machine only; "
                    + "--bind 0.0.0.0 or :: accepts connections from other machines)")
    String bind = "127.0.0.1";

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "event channels, one thread each, 1..256 (default: ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "10000",
            description = "connections each thread keeps open, 1..1000000; at the cap one it can spare is shed,"
                    + " or the new one refused (default: ${DEFAULT-VALUE})")
    int maxConnections = 10_000;

    @Option(names = "--sqpoll", paramLabel = "MS", defaultValue = "-1",
            description = "give each thread's event channel a kernel thread polling its submission queue"
                    + " (IORING_SETUP_SQPOLL, io_uring only) that sleeps after MS idle milliseconds; it costs a core"
                    + " while it spins (docs/sqpoll.md) (default: none)")
    int sqPollMillis = -1;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "0",
            description = "stop after S seconds (default: run until SIGINT or SIGTERM)")
    double seconds = 0;

    /**
     * The server layout the options describe.
     *
     * @throws IllegalArgumentException for a value out of range or an unknown address
     */
    ServerConfig config() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1..256: " + threads);
        }
        if (!(seconds >= 0) || seconds > 31_536_000) {
            throw new IllegalArgumentException("seconds must be in [0, 31536000]: " + seconds);
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind: unknown address " + bind);
        }
        if (maxConnections < 1 || maxConnections > 1_000_000) {
            throw new IllegalArgumentException("max-connections must be 1..1000000: " + maxConnections);
        }
        if (sqPollMillis < -1) {
            throw new IllegalArgumentException("sqpoll must be 0 or more milliseconds: " + sqPollMillis);
        }
        return ServerConfig.of(0).withAddress(new InetSocketAddress(a, port)).withThreads(threads)
                .withMaxConnections(maxConnections).withSqPoll(sqPollMillis);
    }

    /**
     * Blocks until SIGINT or SIGTERM arrives, or {@link #seconds} passed (when positive); the signals'
     * previous handlers are restored afterwards.
     */
    void awaitStop() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        String[] names = {"INT", "TERM"};
        sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[names.length];
        for (int i = 0; i < names.length; i++) {
            try {
                previous[i] = sun.misc.Signal.handle(new sun.misc.Signal(names[i]), s -> stop.countDown());
            } catch (IllegalArgumentException e) {
                // the signal is in use (e.g. -Xrs): the default action ends the process instead
            }
        }
        try {
            if (seconds > 0) {
                stop.await((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
            } else {
                stop.await();
            }
        } finally {
            for (int i = 0; i < names.length; i++) {
                if (previous[i] != null) {
                    sun.misc.Signal.handle(new sun.misc.Signal(names[i]), previous[i]);
                }
            }
        }
    }
}
