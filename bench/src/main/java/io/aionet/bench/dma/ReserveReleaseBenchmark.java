package io.aionet.bench.dma;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.LinuxException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Drepper's {@code sio_reserve} + {@code sio_release}: one 1 KiB buffer taken, one byte written, given
 * back — against the JDK's {@code ByteBuffer.allocateDirect}, a pool of direct ByteBuffers in an
 * {@link ArrayDeque}, and Netty's {@link PooledByteBufAllocator} (direct, thread-local caches, leak
 * detection off as Netty advises for production speed).
 *
 * <ul>
 *   <li>{@code aionetReserveRelease}: the checked accessor path (ownership checked on every access);</li>
 *   <li>{@code aionetReserveViewRelease}: the same through a revocable {@link MemorySegment} view
 *       ({@link Buffer#segment()}: one confined {@code Arena} per lease, made and closed);</li>
 *   <li>{@code aionetReserveSharedViewRelease}: through {@link Buffer#sharedSegment()} (a shared arena:
 *       its close is a handshake with every thread).</li>
 * </ul>
 * Netty 4.2 keeps its thread caches and recycler for its own threads ({@code FastThreadLocalThread});
 * on the plain JMH thread measured here it runs without them. {@link ReserveReleaseOnLoopThreadBenchmark}
 * measures it on its own kind of thread.
 *
 * {@snippet lang=sh :
 * java -cp 'bench/target/aionet-bench.jar:bench/target/lib/*' org.openjdk.jmh.Main 'dma.ReserveRelease' \
 *     -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc
 * }
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dio.netty.leakDetection.level=disabled",
        "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReserveReleaseBenchmark {
    static final int SIZE = 1024;

    private DmaArea area;
    private final ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();
    private PooledByteBufAllocator netty;

    /** A 1 MiB area of 4 KiB slots; 256 pooled direct buffers; Netty's default pooled allocator. */
    @Setup(Level.Trial)
    public void open() throws LinuxException {
        area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withSlotSize(4096));
        for (int i = 0; i < 256; i++) {
            pool.add(ByteBuffer.allocateDirect(SIZE));
        }
        netty = PooledByteBufAllocator.DEFAULT;
    }

    /** Frees the area. */
    @TearDown(Level.Trial)
    public void close() {
        area.close();
    }

    /** aionet: reserve, write through the checked accessor, release. */
    @Benchmark
    public Buffer aionetReserveRelease() {
        Buffer b = area.reserve(SIZE);
        b.put(0, (byte) 1);
        b.release();
        return b;
    }

    /** aionet: reserve, write through a revocable segment view, release (closes the view's arena). */
    @Benchmark
    public MemorySegment aionetReserveViewRelease() {
        Buffer b = area.reserve(SIZE);
        MemorySegment s = b.segment();
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        b.release();
        return s;
    }

    /** aionet: reserve, write through a shared (any-thread) view, release. */
    @Benchmark
    public MemorySegment aionetReserveSharedViewRelease() {
        Buffer b = area.reserve(SIZE);
        MemorySegment s = b.sharedSegment();
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        b.release();
        return s;
    }

    /** JDK: a fresh direct buffer per use; freed later by its Cleaner. */
    @Benchmark
    public ByteBuffer directAllocate() {
        ByteBuffer b = ByteBuffer.allocateDirect(SIZE);
        b.put(0, (byte) 1);
        return b;
    }

    /** A simple pool of direct buffers. */
    @Benchmark
    public ByteBuffer directPooled() {
        ByteBuffer b = pool.poll();
        b.put(0, (byte) 1);
        b.clear();
        pool.offer(b);
        return b;
    }

    /** Netty 4.2: pooled direct buffer, thread-local cache. */
    @Benchmark
    public ByteBuf nettyPooledDirect() {
        ByteBuf b = netty.directBuffer(SIZE);
        b.setByte(0, 1);
        b.release();
        return b;
    }
}
