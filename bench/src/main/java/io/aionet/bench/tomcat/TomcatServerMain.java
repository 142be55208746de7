package io.aionet.bench.tomcat;

import org.apache.catalina.startup.Tomcat;

import java.io.PrintStream;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.nio.file.Files;

/**
 * The server process of the {@code tomcat} benchmark: {@code java -Djava.nio.channels.spi.AsynchronousChannelProvider=P
 * ... io.aionet.bench.tomcat.TomcatServerMain [PORT]} starts {@link TomcatApp}, prints {@code port N} and
 * {@code setup ...} (naming the provider that runs it), then serves until the process is killed.
 */
public final class TomcatServerMain {
    private TomcatServerMain() {}

    /** Starts Tomcat on port {@code args[0]} (default 0: any free port). */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Tomcat tomcat = TomcatApp.start(Files.createTempDirectory("tomcat-bench"), port);
        PrintStream out = System.out;
        out.println("port " + TomcatApp.port(tomcat));
        out.println("setup embedded Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber()
                + ", Http11Nio2Protocol, default executor, on " + AsynchronousChannelProvider.provider().getClass().getName());
        out.flush();
        tomcat.getServer().await();
    }
}
