package io.aionet.cli;

import io.aionet.examples.EchoServer;

/**
 * {@code aionet echo --port P [--threads N] [--seconds S]}: the echo server of {@link EchoServer} — one
 * event channel, listening socket ({@code SO_REUSEPORT}) and receive pool per thread; every received
 * buffer is sent back as it is. Runs until SIGINT/SIGTERM (or S seconds), then prints the connections
 * and messages.
 */
final class EchoCommand {
    private EchoCommand() {}

    static final String USAGE = "usage: aionet echo " + ServerCommandSupport.COMMON_OPTIONS;

    static int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    /** {@link #run(String[])} printing to {@code out}. */
    static int run(String[] args, java.io.PrintStream out) throws Exception {
        ServerCommandSupport o = new ServerCommandSupport();
        for (int i = 0; i < args.length; i++) {
            int j = o.take(args, i);
            if (j >= 0) {
                i = j;
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println(USAGE);
                return 0;
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        try (EchoServer echo = EchoServer.start(o.config(USAGE))) {
            out.println("echo: listening on port " + echo.port() + " with " + o.threads + " thread(s)");
            out.flush();
            o.awaitStop();
            echo.close();
            out.println("echo: " + echo.connections() + " connections, " + echo.messages() + " messages, "
                    + echo.bytes() + " bytes");
            return echo.failure() == null ? 0 : 1;
        }
    }
}
