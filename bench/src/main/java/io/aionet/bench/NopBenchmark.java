package io.aionet.bench;

import io.aionet.bench.nop.NopLoop;
import io.aionet.LinuxException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Cost of one NOP through the ring — prepare, submit, reap — at batch sizes 1, 16, 64 and 256: the
 * floor under every operation an aionet event channel carries. Each invocation does 256 NOPs in
 * {@code 256 / batch} batches, so the score is nanoseconds per NOP. The C reference
 * ({@code bench/native/nop_bench.c}) does the same loop with liburing; {@code ./aionet bench nop}
 * runs both interleaved.
 *
 * {@snippet lang=sh :
 * java -cp 'cli/target/aionet-cli.jar:cli/target/lib/*' org.openjdk.jmh.Main NopBenchmark \
 *     -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc
 * }
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NopBenchmark {
    /** NOPs per invocation. */
    static final int NOPS = 256;

    /** NOPs per {@code io_uring_enter}. */
    @Param({"1", "16", "64", "256"})
    public int batch;

    private NopLoop loop;
    private int batches;

    /** Opens the ring on the benchmark thread (SINGLE_ISSUER binds it to its creator). */
    @Setup(Level.Trial)
    public void open() throws LinuxException {
        // Open and close a throwaway ring first: the first close loads the classes of the drain path,
        // and that one-time allocation would otherwise land in the last iteration's -prof gc figure.
        new NopLoop().close();
        loop = new NopLoop();
        batches = NOPS / batch;
    }

    /** Closes the ring. */
    @TearDown(Level.Trial)
    public void close() {
        loop.close();
    }

    /** 256 NOPs in batches of {@link #batch}; the checksum returned keeps the reaping observable. */
    @Benchmark
    @OperationsPerInvocation(NOPS)
    public long nop() throws LinuxException {
        NopLoop l = loop;
        int b = batch;
        long sum = 0;
        for (int k = batches; k > 0; k--) {
            sum = l.batch(b);
        }
        return sum;
    }
}
