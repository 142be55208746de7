package io.aionet.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static io.aionet.examples.HttpClient.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * When accept runs out of descriptors (EMFILE) the server says so in its log (the finding: nothing was
 * logged) and sheds an idle connection for the ones waiting; once descriptors are back it accepts again.
 */
@Timeout(60)
class AcceptOutOfDescriptorsTest {
    @TempDir
    Path tmp;

    @Test
    void emfileIsLoggedAnIdleConnectionShedAndAcceptResumes() throws Exception {
        Files.writeString(tmp.resolve("a.txt"), "hello");
        long[] limits = FdLimit.get();
        assumeTrue(limits != null, "cannot read RLIMIT_NOFILE");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(ServerWorker.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        List<FileChannel> fillers = new ArrayList<>();
        List<SocketChannel> waiting = new ArrayList<>();
        long highest;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            highest = fds.mapToLong(p -> Long.parseLong(p.getFileName().toString())).max().orElse(0);
        }
        // the kernel reads the limit when an accept is prepared: lower it before the server starts
        assumeTrue(FdLimit.setSoft(highest + 64), "cannot lower RLIMIT_NOFILE");
        HttpFileServer http = null;
        Socket idle = null;
        try {
            http = HttpFileServer.start(tmp, ServerConfig.of(0));
            idle = connect(http.port());
            write(idle, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream idleIn = idle.getInputStream();
            assertEquals("hello", read(idleIn, false).text());
            for (int i = 0; i < 3; i++) {
                waiting.add(SocketChannel.open()); // their descriptors exist before the table is full
            }
            String warmup = java.text.MessageFormat.format("{0}", 1) + records.size(); // classes loaded before
            assertNotNull(warmup);
            try {
                try {
                    while (true) { // fill the table up to the limit: the next descriptor cannot be had
                        fillers.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
                    }
                } catch (IOException full) {
                    // EMFILE: as wanted
                }
                InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), http.port());
                for (SocketChannel c : waiting) {
                    c.connect(to); // queued by the kernel; the server's accept finds no descriptor for them
                }
                long end = System.nanoTime() + 10_000_000_000L;
                while (records.stream().noneMatch(r -> String.valueOf(r.getParameters()[1]).equals("EMFILE"))
                        && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
            } finally {
                for (FileChannel f : fillers) {
                    f.close();
                }
            }
            LogRecord r = records.stream().filter(x -> String.valueOf(x.getParameters()[1]).equals("EMFILE"))
                    .findFirst().orElse(null);
            assertNotNull(r, "accept's EMFILE was logged; got " + records.stream().map(LogRecord::getMessage).toList());
            assertEquals(java.util.logging.Level.WARNING, r.getLevel());
            assertTrue(http.shed() >= 1, "the idle keep-alive connection was shed for the waiting ones");
            assertEquals(-1, idleIn.read(), "the shed connection was closed");
            // descriptors are back: the waiting connections are served (accept resumed by itself)
            for (SocketChannel c : waiting) {
                Socket s = c.socket();
                s.setSoTimeout(10_000);
                write(s, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("hello", read(s.getInputStream(), false).text());
            }
            assertEquals("hello", get(http.port(), "/a.txt", "").text());
        } finally {
            FdLimit.setSoft(limits[0]);
            for (SocketChannel c : waiting) {
                c.close();
            }
            if (idle != null) {
                idle.close();
            }
            if (http != null) {
                http.close();
            }
            log.removeHandler(h);
        }
    }
}
