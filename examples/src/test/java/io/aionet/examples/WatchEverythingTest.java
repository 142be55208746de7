package io.aionet.examples;

import io.aionet.linux.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the example briefly, triggers each of its four sources and checks it reported each kind. */
class WatchEverythingTest {
    @TempDir
    Path dir;

    @Test
    void reportsTheSocketTheTimerTheSignalAndTheDirectory() throws Exception {
        PipedInputStream in = new PipedInputStream(1 << 16);
        PrintStream out = new PrintStream(new PipedOutputStream(in), true, StandardCharsets.UTF_8);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            try {
                WatchEverything.run(new String[] {"1.0", dir.toString(), "0"}, out);
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                out.close();
            }
        }, "watch-everything");
        watcher.start();

        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String first = r.readLine();
        assertNotNull(first, "the example printed nothing: " + failure.get());
        Matcher m = Pattern.compile("watching pid=(\\d+) port=(\\d+) dir=.*").matcher(first);
        assertTrue(m.matches(), first);
        assertEquals(Signals.getpid(), Integer.parseInt(m.group(1)));

        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(2))), 2000);
        }
        // process-directed, as `kill -USR1 <pid>` from a shell: the channel must catch it or this JVM dies
        assertEquals(0, Signals.kill(Signals.getpid(), Signals.SIGUSR1));
        Files.writeString(dir.resolve("touched"), "x");

        List<String> lines = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
        }
        watcher.join(5000);
        assertNull(failure.get(), () -> "the example failed: " + failure.get());
        assertTrue(lines.contains("socket: connection accepted"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("timer: tick")), lines.toString());
        assertTrue(lines.contains("signal: 10 (SIGUSR1)"), lines.toString());
        assertTrue(lines.contains("file: CREATE touched"), lines.toString());
        assertTrue(lines.getLast().startsWith("done: "), lines.toString());
    }
}
