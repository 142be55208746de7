package io.aionet.cli;

import io.aionet.examples.HttpFileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code aionet serve DIR --port P [--threads N] [--seconds S]}: the static-file HTTP/1.1 server of
 * {@link HttpFileServer} (GET and HEAD, keep-alive), serving DIR and nothing outside it. Runs until
 * SIGINT/SIGTERM (or S seconds), then prints the connections and responses.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A static-file HTTP/1.1 server (GET and HEAD, keep-alive) for DIR and nothing outside it.")
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the folder to serve")
    Path dir;

    @Mixin
    ServerCommandSupport server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(Main.root(spec).out);
    }

    int run(PrintStream out) throws Exception {
        try (HttpFileServer http = HttpFileServer.start(dir, server.config())) {
            out.println("serve: " + dir.toRealPath() + " on http://" + server.bind + ":" + http.port()
                    + "/ with " + server.threads + " thread(s)");
            out.flush();
            server.awaitStop();
            http.close();
            out.println("serve: " + http.connections() + " connections, " + http.responses() + " responses");
            return http.failure() == null ? 0 : 1;
        }
    }
}
