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
