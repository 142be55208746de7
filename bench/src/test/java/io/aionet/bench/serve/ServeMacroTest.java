package io.aionet.bench.serve;

import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.ServerProcess;
import io.aionet.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code serve} benchmark's servers, started as the benchmark starts them, serve every file byte
 * for byte, and the load generator measures them without a bad response; nginx is skipped with a
 * reason when it is not installed.
 */
@Timeout(120)
class ServeMacroTest {
    @TempDir
    Path tmp;

    @Test
    void everyServerServesTheFilesAndIsMeasured() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ServeMacro m = new ServeMacro(100, 500)) {
            Map<String, String> skipped = m.prepare(new HarnessContext(tmp.resolve("build"), tmp.resolve("out"),
                    new PrintStream(log, true, StandardCharsets.UTF_8), 1));
            assumeTrue(!skipped.containsKey(ServeImpls.JDK_HTTPSERVER), "cannot run: " + skipped);
            if (ServeMacro.findNginx() == null) {
                assertTrue(skipped.get(ServeImpls.NGINX).contains("nginx is not installed"), skipped.toString());
            }
            assertEquals(!IoUring.isAvailable(), skipped.containsKey(ServeImpls.AIONET), skipped.toString());
            for (String impl : ServeImpls.ALL) {
                if (skipped.containsKey(impl)) {
                    continue;
                }
                ServerProcess s = m.serverOf(impl);
                for (String label : ServeMacro.FILES.keySet()) {
                    byte[] want = Files.readAllBytes(m.file(label));
                    assertArrayEquals(want, get(s.port(), "/" + m.file(label).getFileName()), impl + " " + label);
                }
                List<Measurement> ms = m.run(impl);
                // run() already failed on any bad response; on a busy machine a short window may see no
                // large file complete, but the small one always does
                double rate = value(ms, "4 KiB throughput");
                double cpu = value(ms, "4 KiB" + ServeMacro.CPU_SUFFIX);
                assertTrue(rate > 0, impl + " 4 KiB rate " + rate);
                assertTrue(cpu > 0, impl + " 4 KiB cpu " + cpu);
                for (String label : ServeMacro.FILES.keySet()) {
                    assertTrue(value(ms, label + " throughput") >= 0, impl + " " + label);
                }
            }
            List<String> notes = m.notes();
            assertTrue(notes.stream().anyMatch(n -> n.startsWith("jdk-httpserver: ")), notes.toString());
        }
    }

    private static double value(List<Measurement> ms, String metric) {
        return ms.stream().filter(x -> x.metric().equals(metric)).findFirst().orElseThrow().value();
    }

    /** One GET on a connection of its own; the body. */
    private static byte[] get(int port, String path) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            int i = 0;
            while (!(all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n')) {
                i++;
            }
            String head = new String(all, 0, i, StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            return java.util.Arrays.copyOfRange(all, i + 4, all.length);
        }
    }
}
