package io.aionet.examples;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Jazzer fuzz test of what {@code serve} reads from the network (issue 18 item 4): the request-head
 * parser, the mapping of a request target to a path beneath the root, the byte-range reader and the
 * HTTP date parser. {@code mvn test} runs it in fuzzing mode for a bounded time (examples/pom.xml's
 * "fuzz" execution sets JAZZER_FUZZ=1); with plain JUnit it runs in regression mode over the inputs
 * kept in {@code src/test/resources/io/aionet/examples/HttpRequestFuzzTestInputs}.
 *
 * <p>What must hold for any bytes: no exception; a complete head's length is within the input and no
 * shorter prefix is complete; the same bytes parse the same way twice; the parsed target is visible
 * ASCII; a path mapped from a target never climbs ({@code ..}), never is absolute and never holds a NUL
 * or a backslash; a range lies inside the file; a parsed date formats and parses back to itself.
 */
class HttpRequestFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void requestHeads(FuzzedDataProvider data) {
        long size = data.consumeLong(0, 1L << 40);
        byte[] b = data.consumeRemainingAsBytes();
        if (b.length > 8192) {
            b = Arrays.copyOf(b, 8192);
        }
        HttpRequestHead h = new HttpRequestHead();
        int r = h.parse(b, 0, b.length);
        assertTrue(r == HttpRequestHead.INCOMPLETE || r == HttpRequestHead.MALFORMED
                || r == HttpRequestHead.BAD_VERSION || (r > 0 && r <= b.length), "result " + r);
        // the same head found again when the input starts elsewhere in a larger buffer
        byte[] shifted = new byte[b.length + 3];
        System.arraycopy(b, 0, shifted, 3, b.length);
        HttpRequestHead h2 = new HttpRequestHead();
        assertEquals(r, h2.parse(shifted, 3, shifted.length), "position independent");
        if (r <= 0) {
            return;
        }
        assertEquals(HttpRequestHead.INCOMPLETE, new HttpRequestHead().parse(b, 0, r - 1), "no shorter prefix is complete");
        assertEquals(h.method(), h2.method());
        assertEquals(h.target(), h2.target());
        assertEquals(h.keepAlive(), h2.keepAlive());
        assertTrue(h.contentLength() >= 0);
        assertFalse(h.method().isEmpty());
        for (int i = 0; i < h.target().length(); i++) {
            char c = h.target().charAt(i);
            assertTrue(c > 0x20 && c < 0x7F, "target character " + (int) c);
        }
        String path = StaticFiles.relative(h.target());
        if (path != null && path != StaticFiles.FORBIDDEN) {
            assertFalse(path.startsWith("/"), path);
            assertTrue(path.indexOf('\0') < 0 && path.indexOf('\\') < 0, path);
            for (String seg : path.split("/")) {
                assertNotEquals("..", seg, path);
                assertFalse(seg.isEmpty(), path);
            }
        }
        long[] out = {-1, -1};
        int kind = HttpConditional.range(h.range(), size, out);
        if (kind == HttpConditional.PARTIAL) {
            assertTrue(0 <= out[0] && out[0] <= out[1] && out[1] < size, out[0] + "-" + out[1] + " of " + size);
        }
        for (String d : new String[] {h.ifModifiedSince(), h.ifRange()}) {
            long t = HttpDate.parse(d);
            if (t >= 0) {
                assertEquals(t, HttpDate.parse(HttpDate.format(t)), d);
            }
        }
    }
}
