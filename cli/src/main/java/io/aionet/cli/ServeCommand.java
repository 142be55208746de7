package io.aionet.cli;

import io.aionet.examples.HttpFileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code aionet serve DIR --port P [--bind ADDR] [--threads N] [--max-connections N] [--head-timeout S]
 * [--idle-timeout S] [--seconds S]}: the static-file HTTP/1.1 server of {@link HttpFileServer} (GET and
 * HEAD, keep-alive, Range, conditional GETs), serving DIR and nothing outside it, on loopback unless
 * {@code --bind} widens it. Runs until SIGINT/SIGTERM (or S seconds), then prints the connections and
 * responses.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A static-file HTTP/1.1 server (GET and HEAD, keep-alive, Range, If-Modified-Since, ETag)"
                + " for DIR and nothing outside it.")
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the folder to serve")
    Path dir;

    @Mixin
    ServerCommandSupport server;

    @Option(names = "--head-timeout", paramLabel = "S", defaultValue = "10",
            description = "seconds a request head may take from its first byte (slow clients are closed then;"
                    + " default: ${DEFAULT-VALUE})")
    double headTimeout = 10;

    @Option(names = "--idle-timeout", paramLabel = "S", defaultValue = "60",
            description = "seconds a keep-alive connection may wait with nothing asked (default: ${DEFAULT-VALUE})")
    double idleTimeout = 60;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(Main.root(spec).out);
    }

    private static Duration seconds(String name, double s) {
        if (!(s > 0) || s > 31_536_000) {
            throw new IllegalArgumentException(name + " must be in (0, 31536000] seconds: " + s);
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    int run(PrintStream out) throws Exception {
        Duration head = seconds("head-timeout", headTimeout);
        Duration idle = seconds("idle-timeout", idleTimeout);
        try (HttpFileServer http = HttpFileServer.start(dir, server.config(), idle, head)) {
            out.println("serve: " + dir.toRealPath() + " on http://" + server.bind + ":" + http.port()
                    + "/ with " + server.threads + " thread(s)");
            out.println("serve: " + io.aionet.event.EventChannel.backendSelection());
            out.flush();
            server.awaitStop();
            http.close();
            out.println("serve: " + http.connections() + " connections, " + http.responses() + " responses"
                    + (http.headTimeouts() + http.shed() + http.refused() == 0 ? ""
                    : ", " + http.headTimeouts() + " slow heads closed, " + http.shed() + " shed, " + http.refused()
                    + " refused"));
            return http.failure() == null ? 0 : 1;
        }
    }
}
