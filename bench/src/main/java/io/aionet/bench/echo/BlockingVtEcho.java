package io.aionet.bench.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The JDK blocking-socket peer of the {@code echo} benchmark (issue 5): {@link ServerSocket#accept()}
 * and one virtual thread per connection doing blocking {@code read} / {@code write} (the JDK parks the
 * virtual thread and polls the socket underneath). The carrier pool has its default size (the CPUs).
 */
final class BlockingVtEcho implements EchoPeer {
    private ServerSocket server;

    @Override
    public int start(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        return server.getLocalPort();
    }

    @Override
    public String setup() {
        return "ServerSocket.accept + one virtual thread per connection, blocking read/write of a 16 KiB array,"
                + " TCP_NODELAY; carriers: " + System.getProperty("jdk.virtualThreadScheduler.parallelism",
                String.valueOf(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public void serve() throws IOException {
        for (;;) {
            Socket s = server.accept();
            s.setTcpNoDelay(true);
            Thread.ofVirtual().start(() -> echo(s));
        }
    }

    private static void echo(Socket s) {
        byte[] buf = new byte[16384];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
