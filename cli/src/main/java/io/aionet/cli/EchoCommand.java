package io.aionet.cli;

import io.aionet.examples.EchoServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code aionet echo --port P [--threads N] [--seconds S]}: the echo server of {@link EchoServer} — one
 * event channel, listening socket ({@code SO_REUSEPORT}) and receive pool per thread; every received
 * buffer is sent back as it is. Runs until SIGINT/SIGTERM (or S seconds), then prints the connections
 * and messages.
 */
@Command(name = "echo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An echo server: every received buffer is sent back as it is. Prints the connections, "
                + "messages and bytes when it stops.")
final class EchoCommand implements Callable<Integer> {
    @Mixin
    ServerCommandSupport server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(Main.root(spec).out);
    }

    int run(PrintStream out) throws Exception {
        try (EchoServer echo = EchoServer.start(server.config())) {
            out.println("echo: listening on port " + echo.port() + " with " + server.threads + " thread(s)");
            out.println("echo: " + io.aionet.event.EventChannel.backendSelection());
            out.flush();
            server.awaitStop();
            echo.close();
            out.println("echo: " + echo.connections() + " connections, " + echo.messages() + " messages, "
                    + echo.bytes() + " bytes");
            return echo.failure() == null ? 0 : 1;
        }
    }
}
