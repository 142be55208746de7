package io.aionet.net;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.dma.ReceivePoolStats;
import io.aionet.event.ChannelStats;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees: the counters snapshots of a channel and a pool, the library's JFR events in a
 * recording (written to a file and read back), and the log lines of rare events.
 */
@Timeout(60)
class ObservabilityTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final List<String> EVENTS = List.of("io.aionet.ChannelStatistics", "io.aionet.ReceivePoolStatistics",
            "io.aionet.SlowOperation");

    @Test
    void jfrEventsAreOffByDefault() throws Exception {
        try (EventChannel ch = EventChannel.create()) { // registers the events
            for (String name : EVENTS) {
                EventType t = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                        .filter(x -> x.getName().equals(name)).findFirst().orElse(null);
                assertNotNull(t, name + " is registered with the flight recorder");
                SettingDescriptor enabled = t.getSettingDescriptors().stream()
                        .filter(s -> s.getName().equals("enabled")).findFirst().orElseThrow();
                assertEquals("false", enabled.getDefaultValue(), name + " is disabled unless a recording enables it");
            }
        }
    }

    @Test
    void aRecordingHoldsChannelPoolAndSlowOperationEvents() throws Exception {
        Path file = Files.createTempFile("aionet", ".jfr");
        String owner = Thread.currentThread().getName();
        int clientFd;
        try (Recording r = new Recording()) {
            r.enable("io.aionet.ChannelStatistics").withPeriod(Duration.ofMillis(50));
            r.enable("io.aionet.ReceivePoolStatistics").withPeriod(Duration.ofMillis(50));
            r.enable("io.aionet.SlowOperation").withThreshold(Duration.ZERO); // every operation is "slow"
            r.start();
            try (Arena a = Arena.ofConfined();
                 EventChannel ch = EventChannel.create();
                 DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
                ReceivePool pool = ch.receivePool(area, 5, 8);
                AsyncSocket[] p = NetTestLoop.pair(ch, LOOPBACK);
                clientFd = fdOf(p[0]);
                p[1].receive(pool, 10);
                p[0].send(a.allocateFrom("hello").asSlice(0, 5), 11);
                NetTestLoop.completion(ch, 11, 3000, e -> { });
                Buffer b = NetTestLoop.completion(ch, 10, 3000, e -> { }).buffer();
                assertNotNull(b);
                b.release();
                long until = System.nanoTime() + 300_000_000L; // a few periods of the statistics events
                while (System.nanoTime() < until) {
                    ch.await(1, 20_000_000L);
                    for (Event e = new Event(); ch.next(e); ) {
                        // drain
                    }
                }
                p[0].close();
                p[1].close();
                pool.close();
            }
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.delete(file);
        RecordedEvent channel = events.stream().filter(e -> e.getEventType().getName().equals("io.aionet.ChannelStatistics")
                && owner.equals(e.getString("owner"))).reduce((x, y) -> y).orElse(null);
        assertNotNull(channel, "a statistics event of this thread's channel: " + names(events));
        assertTrue(channel.getLong("events") >= 3, "the channel's events (accept, connect, send, receive): " + channel);
        RecordedEvent pool = events.stream().filter(e -> e.getEventType().getName().equals("io.aionet.ReceivePoolStatistics")
                && e.getInt("bgid") == 5).reduce((x, y) -> y).orElse(null);
        assertNotNull(pool, "a statistics event of the pool: " + names(events));
        assertEquals(8, pool.getInt("buffers"));
        assertEquals(1, pool.getLong("received"), pool.toString());
        assertEquals(5, pool.getLong("receivedBytes"), pool.toString());
        List<String> slow = events.stream().filter(e -> e.getEventType().getName().equals("io.aionet.SlowOperation")
                && e.getInt("fd") == clientFd).map(e -> e.getString("operation") + " " + e.getLong("tag") + " "
                + e.getInt("result")).toList();
        assertTrue(slow.contains("connect 2 0"), "the client's connect, timed: " + slow);
        assertTrue(slow.contains("send 11 5"), "the client's send, timed: " + slow);
    }

    @Test
    void snapshotsCountEventsReceivesAndStarvation() throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Logger dmaLog = Logger.getLogger("io.aionet.dma");
        Handler h = handler(logged);
        dmaLog.addHandler(h);
        try (Arena a = Arena.ofConfined();
             EventChannel ch = EventChannel.create();
             DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
            ChannelStats before = ch.stats();
            ReceivePool pool = ch.receivePool(area, 6, 1, false); // one whole buffer: the second message starves
            AsyncSocket[] p = NetTestLoop.pair(ch, LOOPBACK);
            ChannelStats after = ch.stats();
            assertTrue(after.events() >= before.events() + 2, "accept and connect were counted: " + before + " " + after);
            assertEquals(ch.backend(), after.backend());
            p[1].receive(pool, 20);
            MemorySegment msg = a.allocateFrom("abc").asSlice(0, 3);
            p[0].send(msg, 21);
            Buffer first = NetTestLoop.completion(ch, 20, 3000, e -> { }).buffer();
            ReceivePoolStats held = pool.stats();
            assertEquals(new ReceivePoolStats(6, 1, 0, 1, 1, 3, 0, 0), held, "one piece of 3 bytes, held");
            p[0].send(msg, 22); // arrives while the program holds the only buffer: ENOBUFS
            long until = System.nanoTime() + 3_000_000_000L;
            while (pool.stats().starvations() == 0 && System.nanoTime() < until) {
                ch.await(1, 20_000_000L);
                for (Event e = new Event(); ch.next(e); ) {
                    // the sends' completions
                }
            }
            assertEquals(1, pool.stats().starvations(), "the receive starved once: " + pool.stats());
            first.release();
            Buffer second = NetTestLoop.completion(ch, 20, 3000, e -> { }).buffer();
            assertNotNull(second, "the waiting bytes arrive once the buffer is back");
            second.release();
            ReceivePoolStats end = pool.stats();
            assertEquals(2, end.received());
            assertEquals(6, end.receivedBytes());
            assertEquals(0, end.held());
            p[0].close();
            p[1].close();
            pool.close();
        } finally {
            dmaLog.removeHandler(h);
        }
        LogRecord dry = logged.stream().filter(r -> r.getMessage().startsWith("receive pool {0} ran dry")).findFirst()
                .orElse(null);
        assertNotNull(dry, "the starvation was logged: " + logged.stream().map(LogRecord::getMessage).toList());
        assertEquals(Level.WARNING, dry.getLevel());
        assertEquals(6, ((Number) dry.getParameters()[0]).intValue(), "the pool's buffer group is named");
    }

    @Test
    void theBackendChoiceIsLoggedWhenItChanges() throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Logger backendLog = Logger.getLogger("io.aionet.backend");
        Handler h = handler(logged);
        h.setLevel(Level.ALL);
        backendLog.addHandler(h);
        Level level = backendLog.getLevel();
        backendLog.setLevel(Level.ALL); // the expected choices are logged at DEBUG (FINE)
        String was = System.getProperty("aionet.backend");
        try {
            System.setProperty("aionet.backend", "auto"); // a choice of its own first (this run may force epoll)
            EventChannel.create().close();
            logged.clear();
            System.setProperty("aionet.backend", "epoll");
            EventChannel.create().close();
            EventChannel.create().close(); // the same choice again: no second line
            long forced = logged.stream().filter(r -> r.getMessage().contains("forced by -Daionet.backend=epoll")).count();
            assertEquals(1, forced, "the forced choice, logged once: " + logged.stream().map(LogRecord::getMessage).toList());
            assertEquals(Level.FINE, logged.getLast().getLevel(), "a forced choice is what was asked for: DEBUG");
        } finally {
            if (was == null) {
                System.clearProperty("aionet.backend");
            } else {
                System.setProperty("aionet.backend", was);
            }
            EventChannel.create().close(); // back to the process's own choice, logged as such
            backendLog.removeHandler(h);
            backendLog.setLevel(level);
        }
        if (!"epoll".equals(was)) { // a run that forces epoll itself has nothing to change back to
            assertFalse(logged.getLast().getMessage().contains("forced by -Daionet.backend=epoll"),
                    "the change back was logged: " + logged.getLast().getMessage());
        }
    }

    private static Handler handler(List<LogRecord> into) {
        return new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (into) {
                    into.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<String> names(List<RecordedEvent> events) {
        return events.stream().map(e -> e.getEventType().getName()).distinct().toList();
    }

    /** The socket's descriptor, from its toString ({@code AsyncSocket[fd=N]}). */
    private static int fdOf(AsyncSocket s) {
        String t = s.toString();
        return Integer.parseInt(t.substring(t.indexOf("fd=") + 3).replaceAll("[^0-9].*", ""));
    }
}
