package io.aionet.bench.event;

import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.event.Readiness;
import io.aionet.event.Trigger;
import io.aionet.linux.Fds;
import io.aionet.linux.Native;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The {@code ec_next_event} / {@code ec_delay} path of {@link EventChannel} on its owner thread, for
 * the allocation check of issue 4 (run with {@code -prof gc}: every benchmark should show about
 * 0 B/op):
 * <ul>
 *   <li>{@code postNext}: one {@code post} and one {@code next} (queue → pending → caller's Event, no
 *       system call);</li>
 *   <li>{@code postBatchNext}: 64 posts, then {@code next} until it returns false (the last call finds
 *       nothing, so it submits, enters the kernel once and announces sleep);</li>
 *   <li>{@code levelAwaitNext}: a level-triggered readable eventfd: {@code await(1, 0)} re-arms the
 *       poll and collects its completion, then {@code next} hands it out — the kernel round trip of a
 *       descriptor event.</li>
 * </ul>
 * JMH runs the trial setup of a thread-scoped state on the benchmark thread, so that thread owns the
 * channel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class EventChannelNextBenchmark {
    private static final int BATCH = 64;
    private static final long LEVEL_TAG = -7;

    private EventChannel channel;
    private final Event event = new Event();
    private long tag;
    private int eventFd = -1;

    /** Opens the channel (owned by the benchmark thread) and a readable eventfd registered level-triggered. */
    @Setup
    public void setup() throws Exception {
        channel = EventChannel.create(EventChannelOptions.defaults().descriptorCheckMillis(0));
        // counter 1: readable from now on, never read
        eventFd = Native.check("eventfd", Fds.eventfd(1, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC));
    }

    /** Closes the channel, then the descriptor. */
    @TearDown
    public void tearDown() {
        channel.close();
        Fds.close(eventFd);
    }

    /** One post and one next on the owner thread. */
    @Benchmark
    public long postNext() {
        channel.post(tag++);
        channel.next(event);
        return event.tag();
    }

    /** 64 posts, then next until the channel is empty; per event. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long postBatchNext() {
        EventChannel ch = channel;
        for (int i = 0; i < BATCH; i++) {
            ch.post(tag++);
        }
        long sum = 0;
        while (ch.next(event)) {
            sum += event.tag();
        }
        return sum;
    }

    /** A level-triggered readable descriptor: await its readiness, take the event. */
    @Benchmark
    public int levelAwaitNext() {
        EventChannel ch = channel;
        if (!ch.isRegistered(LEVEL_TAG)) {
            ch.addFd(eventFd, Readiness.READ, Trigger.LEVEL, LEVEL_TAG);
        }
        ch.await(1, 1_000_000_000L);
        int r = 0;
        while (ch.next(event)) {
            r |= event.result();
        }
        return r;
    }
}
