package io.aionet.aio;

import io.aionet.LinuxException;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Loops and pairs for the AIO tests. */
final class AioTestSupport {
    private AioTestSupport() {}

    /** A connected TCP pair on {@code ch}: [client, accepted]. */
    static AsyncSocket[] pair(EventChannel ch) throws LinuxException {
        AsyncServerSocket server = AsyncServerSocket.open(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, false);
        try {
            server.accept(-1);
            AsyncSocket client = AsyncSocket.connect(ch, server.localAddress(), 2_000_000_000L, -2);
            int fd = -1;
            boolean connected = false;
            long deadline = System.nanoTime() + 5_000_000_000L;
            Event e = new Event();
            while (fd < 0 || !connected) {
                if (System.nanoTime() > deadline) {
                    fail("no connection within 5 s");
                }
                ch.await(1, 50_000_000L);
                while (ch.next(e)) {
                    if (e.tag() == -1 && e.result() >= 0) {
                        fd = e.result();
                    } else if (e.tag() == -2) {
                        assertEquals(0, e.result(), "connect: " + e);
                        connected = true;
                    }
                }
            }
            return new AsyncSocket[] {client, AsyncSocket.adopt(ch, fd)};
        } finally {
            server.close();
        }
    }

    /** Events taken while waiting for another tag, per channel, handed out first by the next wait. */
    private static final java.util.Map<EventChannel, List<Event>> STASH = new java.util.IdentityHashMap<>();

    /** Waits (at most five seconds) for the event tagged {@code tag}; events with other tags are kept for later waits. */
    static Event completion(EventChannel ch, long tag, List<Event> ignored) {
        List<Event> stash = STASH.computeIfAbsent(ch, c -> new ArrayList<>());
        for (int i = 0; i < stash.size(); i++) {
            if (stash.get(i).tag() == tag) {
                return stash.remove(i);
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            Event e = new Event();
            while (ch.next(e)) {
                if (e.tag() == tag) {
                    return e;
                }
                stash.add(e);
                e = new Event();
            }
            ch.await(1, 50_000_000L);
        }
        fail("no event tagged " + tag + " within 5 s; others: " + stash);
        return null;
    }

    /** Forgets what was kept for {@code ch} (its test is over). */
    static void forget(EventChannel ch) {
        STASH.remove(ch);
    }

    /** Every event kept for {@code ch} and every one it has now or within {@code millis}. */
    static List<Event> drain(EventChannel ch, long millis) {
        List<Event> out = new ArrayList<>(STASH.getOrDefault(ch, List.of()));
        STASH.remove(ch);
        long deadline = System.nanoTime() + millis * 1_000_000L;
        do {
            Event e = new Event();
            while (ch.next(e)) {
                out.add(e);
                e = new Event();
            }
            ch.await(1, 10_000_000L);
        } while (System.nanoTime() < deadline);
        Event e = new Event();
        while (ch.next(e)) {
            out.add(e);
            e = new Event();
        }
        return out;
    }

    static String text(MemorySegment m, long offset, int n) {
        return new String(m.asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
    }

    static void put(MemorySegment m, long offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, offset, b.length);
    }
}
