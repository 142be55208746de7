package io.aionet.cli;

import io.aionet.examples.HttpFileServer;

import java.nio.file.Path;

/**
 * {@code aionet serve DIR --port P [--threads N] [--seconds S]}: the static-file HTTP/1.1 server of
 * {@link HttpFileServer} (GET and HEAD, keep-alive), serving DIR and nothing outside it. Runs until
 * SIGINT/SIGTERM (or S seconds), then prints the connections and responses.
 */
final class ServeCommand {
    private ServeCommand() {}

    static final String USAGE = "usage: aionet serve DIR " + ServerCommandSupport.COMMON_OPTIONS;

    static int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    /** {@link #run(String[])} printing to {@code out}. */
    static int run(String[] args, java.io.PrintStream out) throws Exception {
        ServerCommandSupport o = new ServerCommandSupport();
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            int j = o.take(args, i);
            if (j >= 0) {
                i = j;
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (args[i].startsWith("-") || dir != null) {
                throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            } else {
                dir = args[i];
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("DIR is required\n" + USAGE);
        }
        try (HttpFileServer http = HttpFileServer.start(Path.of(dir), o.config(USAGE))) {
            out.println("serve: " + Path.of(dir).toRealPath() + " on http://" + o.bind + ":" + http.port()
                    + "/ with " + o.threads + " thread(s)");
            out.flush();
            o.awaitStop();
            http.close();
            out.println("serve: " + http.connections() + " connections, " + http.responses() + " responses");
            return http.failure() == null ? 0 : 1;
        }
    }
}
