package io.aionet.bench.channel;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Net channel round trip: the benchmark thread sends one descriptor on {@code ping}, an echo thread
 * returns it on {@code pong}, the benchmark thread busy-polls for it. Both sides busy-spin (no pause, no
 * park), the same for every implementation. Score: ns per round trip.
 *
 * <p>Run: {@code java -cp 'bench/target/classes:bench/target/lib/*' org.openjdk.jmh.Main SpscPingPong}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dagrona.disable.bounds.checks=true", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SpscPingPongBenchmark {
    @Param({"SpscRing", "JCTools", "Agrona", "Disruptor", "ABQ"})
    public String impl;

    @Param({"1024"})
    public int capacity;

    private Transport ping;
    private Transport pong;
    private Thread echo;
    private volatile boolean running;
    private long seq;

    /** Creates both channels and starts the echo thread. */
    @Setup(Level.Trial)
    public void setup() {
        ping = Transport.create(impl, capacity);
        pong = Transport.create(impl, capacity);
        running = true;
        Transport in = ping;
        Transport out = pong;
        echo = new Thread(() -> {
            while (running) {
                long s = in.poll();
                if (s != Transport.EMPTY) {
                    while (!out.offer(s) && running) {
                        // busy
                    }
                }
            }
        }, "spsc-echo");
        echo.setDaemon(true);
        echo.start();
    }

    /** Stops the echo thread, frees the channels. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        echo.join(5000);
        ping.close();
        pong.close();
    }

    /** One round trip. */
    @Benchmark
    public long roundTrip() {
        long s = seq++;
        while (!ping.offer(s)) {
            // busy: cannot happen with one message in flight
        }
        long r;
        while ((r = pong.poll()) == Transport.EMPTY) {
            // busy
        }
        return r;
    }
}
