package io.aionet.cli;

import io.aionet.examples.ServerConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the server commands ({@code echo}, {@code serve}, {@code sink}) share: their common options
 * ({@code --port P}, {@code --bind ADDR}, {@code --threads N}, {@code --seconds S}) and waiting until
 * SIGINT/SIGTERM or the time is up.
 */
final class ServerCommandSupport {
    static final String COMMON_OPTIONS = "--port P [--bind ADDR] [--threads N] [--seconds S]";

    int port = -1;
    String bind = "0.0.0.0";
    int threads = 1;
    double seconds = 0;

    /** Takes a common option at {@code args[i]}; returns the index of its last word, or -1 when it is not one. */
    int take(String[] args, int i) {
        switch (args[i]) {
            case "--port" -> port = Integer.parseInt(value(args, ++i));
            case "--bind" -> bind = value(args, ++i);
            case "--threads" -> threads = Integer.parseInt(value(args, ++i));
            case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
            default -> {
                return -1;
            }
        }
        return i;
    }

    /** The server layout the options describe. */
    ServerConfig config(String usage) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port 0..65535 is required\n" + usage);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be 1..256: " + threads);
        }
        if (!(seconds >= 0) || seconds > 31_536_000) {
            throw new IllegalArgumentException("--seconds must be in [0, 31536000]: " + seconds);
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address " + bind);
        }
        return ServerConfig.of(0).withAddress(new InetSocketAddress(a, port)).withThreads(threads);
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
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
