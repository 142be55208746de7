package io.aionet.net;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs a channel's loop in tests until a condition on the events seen holds (bounded in time). */
final class NetTestLoop {
    private NetTestLoop() {}

    /**
     * A connected stream pair on {@code ch}: [client, server side]. The server socket listens on
     * {@code listenOn} (port 0: ephemeral), accepts one connection (tag 1) and is closed; the client's
     * connect is tag 2.
     */
    static AsyncSocket[] pair(EventChannel ch, java.net.SocketAddress listenOn) throws io.aionet.LinuxException {
        AsyncServerSocket server = AsyncServerSocket.open(ch, listenOn, 16, false);
        server.accept(1);
        AsyncSocket client = AsyncSocket.connect(ch, server.localAddress(), 2_000_000_000L, 2);
        int[] fd = {-1};
        boolean[] connected = {false};
        until(ch, 3000, evs -> {
            for (Event e : evs) {
                if (e.tag() == 1 && e.result() >= 0) {
                    fd[0] = e.result();
                }
                if (e.tag() == 2) {
                    org.junit.jupiter.api.Assertions.assertEquals(0, e.result(), "connect result");
                    connected[0] = true;
                }
            }
            return fd[0] >= 0 && connected[0];
        });
        server.close();
        return new AsyncSocket[] {client, AsyncSocket.adopt(ch, fd[0])};
    }

    /** Waits for the first completion tagged {@code tag}; other events are passed to {@code others}. */
    static Event completion(EventChannel ch, long tag, long timeoutMillis, java.util.function.Consumer<Event> others) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            ch.await(1, 50_000_000L);
            Event e = new Event();
            while (ch.next(e)) {
                if (e.kind() == EventKind.COMPLETION && e.tag() == tag) {
                    return e;
                }
                others.accept(e);
                e = new Event();
            }
        }
        fail("no completion tagged " + tag + " within " + timeoutMillis + " ms");
        return null;
    }

    static Event completion(EventChannel ch, long tag, long timeoutMillis) {
        return completion(ch, tag, timeoutMillis, e -> fail("unexpected event " + e));
    }

    /** Collects events until {@code done} says the list is complete. */
    static List<Event> until(EventChannel ch, long timeoutMillis, Predicate<List<Event>> done) {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!done.test(out)) {
            if (System.nanoTime() > deadline) {
                fail("condition not reached in " + timeoutMillis + " ms; events: " + out.size());
            }
            ch.await(1, 50_000_000L);
            Event e = new Event();
            while (ch.next(e)) {
                out.add(e);
                e = new Event();
            }
        }
        return out;
    }
}
