package io.aionet.bench.echo;

import io.aionet.bench.harness.ServerProcess;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.uring.IoUring;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C echo servers echo every byte back, and the C load generator measures them: round trips
 * counted, no wrong echo, the server's CPU time read over the window.
 */
class CPeersEchoTest {
    @ParameterizedTest
    @ValueSource(strings = {"echo_uring.c", "echo_epoll.c"})
    void serverEchoesAndClientMeasures(String source) throws Exception {
        if (source.equals("echo_uring.c")) {
            Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        }
        Path dir = Files.createTempDirectory("echo-native");
        NativeBuild.Result server = NativeBuild.compile(source, dir, source.equals("echo_uring.c") ? new String[] {"-luring"}
                : new String[0]);
        Assumptions.assumeTrue(server.ok(), "cannot build " + source + ": " + server.problem());
        NativeBuild.Result client = NativeBuild.compile("echo_client.c", dir);
        Assumptions.assumeTrue(client.ok(), "cannot build echo_client.c: " + client.problem());
        try (ServerProcess s = ServerProcess.start(source, List.of(server.program().toString(), "0"),
                dir.resolve("server.log"))) {
            try (Socket sock = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
                sock.setSoTimeout(10_000);
                for (int size : new int[] {1, 64, 512, 1500}) {
                    byte[] out = new byte[size];
                    for (int k = 0; k < size; k++) {
                        out[k] = (byte) (k * 13 + size);
                    }
                    sock.getOutputStream().write(out);
                    byte[] in = new byte[size];
                    new DataInputStream(sock.getInputStream()).readFully(in);
                    assertArrayEquals(out, in, source + " echo of " + size + " B");
                }
            }
            Process p = new ProcessBuilder(client.program().toString(), "-p", String.valueOf(s.port()), "-c", "8",
                    "-s", "64", "-w", "50", "-d", "200", "-P", String.valueOf(s.pid())).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the client ends after its window");
            assertEquals(0, p.exitValue(), out);
            ClientResult r = ClientResult.parse(out);
            assertTrue(r.requests() > 0, "round trips were counted: " + out);
            assertEquals(0, r.errors(), "no echo longer than its request");
            assertTrue(r.serverCpuNanos() > 0, "the server's CPU time was read: " + out);
            assertTrue(r.p50Nanos() > 0 && r.p50Nanos() <= r.p99Nanos() && r.p99Nanos() <= r.p999Nanos(), out);
            s.checkAlive();
        }
    }
}
