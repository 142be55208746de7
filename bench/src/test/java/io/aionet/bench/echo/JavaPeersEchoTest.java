package io.aionet.bench.echo;

import io.aionet.bench.harness.ServerProcess;
import io.aionet.uring.IoUring;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Every Java echo server, run as the benchmark runs it (its own process), sends back exactly what it got. */
class JavaPeersEchoTest {
    @ParameterizedTest
    @ValueSource(strings = {"aionet", "netty-io_uring", "netty-epoll", "jdk-nio", "jdk-blocking-vt", "jdk-nio2",
            "aionet-nio2", "aionet-futures", "aionet-vthreads"})
    void echoesEveryByteBack(String impl) throws Exception {
        if (impl.equals("aionet") || impl.equals("netty-io_uring")) {
            Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        }
        Path log = Files.createTempDirectory("echo-peer").resolve(impl + ".log");
        try (ServerProcess server = ServerProcess.start(impl, EchoMacro.javaCommand(impl), log)) {
            Socket[] sockets = new Socket[3];
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = new Socket(InetAddress.getLoopbackAddress(), server.port());
                sockets[i].setSoTimeout(10_000);
            }
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < sockets.length; i++) {
                    byte[] out = new byte[round % 2 == 0 ? 64 : 512];
                    for (int k = 0; k < out.length; k++) {
                        out[k] = (byte) (k * 31 + i * 7 + round);
                    }
                    OutputStream o = sockets[i].getOutputStream();
                    o.write(out);
                    byte[] in = new byte[out.length];
                    new DataInputStream(sockets[i].getInputStream()).readFully(in);
                    assertArrayEquals(out, in, impl + " connection " + i + " round " + round);
                }
            }
            for (Socket s : sockets) {
                s.close();
            }
            server.checkAlive();
        }
    }
}
