package io.aionet.faults;

import io.aionet.LinuxException;
import io.aionet.dma.DmaArea;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/** The fault tests' event loop: runs a channel until a condition holds, bounded in time (a hang fails). */
final class Loop {
    private Loop() {}

    /** Hands every event to {@code each} until {@code done} is true; fails after {@code timeoutMillis}. */
    static void run(EventChannel ch, long timeoutMillis, BooleanSupplier done, Consumer<Event> each) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Event e = new Event();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("no progress within " + timeoutMillis + " ms (a hang)");
            }
            ch.await(1, 20_000_000L);
            while (ch.next(e)) {
                each.accept(e);
            }
        }
    }

    /** What a completion said. */
    record Result(int result, int flags) {}

    /** The first completion tagged {@code tag}, other events to {@code others}. */
    static Result completion(EventChannel ch, long tag, long timeoutMillis, Consumer<Event> others) {
        Result[] got = {null};
        run(ch, timeoutMillis, () -> got[0] != null, e -> {
            if (e.kind() == EventKind.COMPLETION && e.tag() == tag) {
                got[0] = new Result(e.result(), e.flags());
            } else {
                others.accept(e);
            }
        });
        return got[0];
    }

    /** A receive pool of {@code buffers} slots of {@code area} on {@code ch}'s ring. */
    static ReceivePool pool(EventChannel ch, DmaArea area, int bgid, int buffers) throws LinuxException {
        return area.receivePool(ch.ring(), bgid, buffers);
    }
}
