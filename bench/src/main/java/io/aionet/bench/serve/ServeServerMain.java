package io.aionet.bench.serve;

import io.aionet.examples.HttpFileServer;
import io.aionet.examples.ServerConfig;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The entry point of one Java server of the {@code serve} macro benchmark (issue 13 item 3), run by the
 * harness as its own process so that its CPU time can be read from {@code /proc/PID}:
 * {@code java ... io.aionet.bench.serve.ServeServerMain IMPL DIR [PORT]}. It listens on 127.0.0.1,
 * prints {@code port N} and {@code setup ...}, then serves DIR until the process is killed.
 */
public final class ServeServerMain {
    private ServeServerMain() {}

    /** Starts server {@code args[0]} for folder {@code args[1]} on port {@code args[2]} (default 0: any). */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ServeServerMain aionet|jdk-httpserver DIR [PORT]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]).toRealPath();
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        PrintStream out = System.out;
        switch (args[0]) {
            case ServeImpls.AIONET -> {
                ServerConfig config = ServerConfig.of(port); // what ./aionet serve DIR --port P uses
                HttpFileServer http = HttpFileServer.start(dir, config);
                out.println("port " + http.port());
                out.println("setup the shipped ./aionet serve (examples HttpFileServer, " + config.threads()
                        + " ServerWorker thread, one EventChannel; head and bodies up to 64 KiB in one send,"
                        + " larger bodies by splice)");
                out.flush();
                while (http.failure() == null) {
                    Thread.sleep(1_000);
                }
                throw new IllegalStateException("the server's loop failed", http.failure());
            }
            case ServeImpls.JDK_HTTPSERVER -> {
                JdkFileServer s = new JdkFileServer(dir, port);
                out.println("port " + s.start());
                out.println("setup com.sun.net.httpserver.HttpServer, handler on the dispatcher thread,"
                        + " FileChannel.transferTo per response");
                out.flush();
                Thread.currentThread().join();
            }
            default -> throw new IllegalArgumentException("no Java file server named " + args[0]);
        }
    }
}
