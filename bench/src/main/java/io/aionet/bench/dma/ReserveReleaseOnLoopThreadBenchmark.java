package io.aionet.bench.dma;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reserve + write + release on an event-loop thread, the way each allocator is meant to run: Netty's
 * {@link PooledByteBufAllocator} on a {@code FastThreadLocalThread} (so its thread-local cache and
 * object recycler are on, as on Netty's event loops), aionet's {@link DmaArea} on a plain platform
 * thread that owns the area. Each invocation hands a batch of {@value #BATCH} operations to the
 * thread and waits; the score is per operation (the hand-off is amortized over the batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dio.netty.leakDetection.level=disabled",
        "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReserveReleaseOnLoopThreadBenchmark {
    static final int BATCH = 4096;
    static final int SIZE = ReserveReleaseBenchmark.SIZE;

    private ExecutorService nettyLoop;
    private ExecutorService aionetLoop;
    private DmaArea area;
    private Callable<Integer> nettyBatch;
    private Callable<Integer> aionetBatch;

    /** Starts both loop threads; the area is allocated here and bound to its loop on first use. */
    @Setup(Level.Trial)
    public void open() throws Exception {
        nettyLoop = Executors.newSingleThreadExecutor(new DefaultThreadFactory("netty-loop"));
        aionetLoop = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("aionet-loop").factory());
        area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withSlotSize(4096));
        PooledByteBufAllocator netty = PooledByteBufAllocator.DEFAULT;
        nettyBatch = () -> {
            int sink = 0;
            for (int i = 0; i < BATCH; i++) {
                ByteBuf b = netty.directBuffer(SIZE);
                b.setByte(0, i);
                sink += b.getByte(0);
                b.release();
            }
            return sink;
        };
        aionetBatch = () -> {
            int sink = 0;
            for (int i = 0; i < BATCH; i++) {
                Buffer b = area.reserve(SIZE);
                b.put(0, (byte) i);
                sink += b.get(0);
                b.release();
            }
            return sink;
        };
    }

    /** Closes the area on its own thread, then stops both threads. */
    @TearDown(Level.Trial)
    public void close() throws Exception {
        aionetLoop.submit(() -> area.close()).get();
        nettyLoop.shutdown();
        aionetLoop.shutdown();
    }

    /** aionet on its loop thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int aionetOnLoop() throws Exception {
        return aionetLoop.submit(aionetBatch).get();
    }

    /** Netty pooled direct on a FastThreadLocalThread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int nettyOnFastThreadLocalThread() throws Exception {
        return nettyLoop.submit(nettyBatch).get();
    }
}
