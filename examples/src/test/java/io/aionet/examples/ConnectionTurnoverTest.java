package io.aionet.examples;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Thousands of short connections, one request each, in the mixes that end a connection in different
 * ways (keep-alive then the client's close, {@code Connection: close}, HTTP/1.0, a spliced body, an error):
 * each closed descriptor number is soon taken by the next accepted connection. Every response must arrive
 * whole. This caught a closed connection's {@code SHUT_WR}, run late by an io-wq worker that looks the
 * descriptor up by number, shutting down the next connection accepted under that number (its response
 * failed with {@code EPIPE}, about 1 in 300 connections).
 */
@Timeout(120)
class ConnectionTurnoverTest {
    private static final int CONNECTIONS = 3000;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void everyResponseArrivesWholeWhileDescriptorNumbersAreReused(int threads) throws Exception {
        Files.writeString(tmp.resolve("a.txt"), "hello");
        byte[] big = new byte[200_000];
        new Random(3).nextBytes(big);
        Files.write(tmp.resolve("big.bin"), big);
        Files.write(tmp.resolve("empty"), new byte[0]);
        String[] requests = {
            "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            "HEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /empty HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /a.txt HTTP/1.0\r\n\r\n",
            "GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n",
        };
        int[] status = {200, 200, 200, 200, 200, 200, 200, 404};
        List<String> failures = new ArrayList<>();
        try (HttpFileServer http = HttpFileServer.start(tmp, ServerConfig.of(0).withThreads(threads))) {
            for (int i = 0; i < CONNECTIONS; i++) {
                int k = i % requests.length;
                String r = requests[k];
                try {
                    HttpClient.Response got = HttpClient.once(http.port(), r, r.startsWith("HEAD "));
                    assertEquals(status[k], got.status(), r);
                    if (k == 0) {
                        assertEquals("hello", got.text());
                    } else if (k == 2) {
                        assertArrayEquals(big, got.body(), "the spliced body");
                    }
                } catch (IOException e) {
                    failures.add("connection " + i + " (" + r.replace("\r\n", "|") + "): " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())),
                failures.size() + " of " + CONNECTIONS + " connections failed");
    }
}
