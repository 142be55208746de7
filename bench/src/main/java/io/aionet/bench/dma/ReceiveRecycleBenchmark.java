package io.aionet.bench.dma;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.LinuxException;
import io.aionet.uring.IoUring;
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

import java.util.concurrent.TimeUnit;

import static io.aionet.uring.IoUringConstants.IORING_CQE_BUFFER_SHIFT;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_BUFFER;

/**
 * The user-space cost of one kernel-chosen receive buffer's round trip: a completion
 * ({@code res}, {@code IORING_CQE_F_BUFFER | bid << 16}) becomes an owned {@link Buffer}, one byte is
 * read, and the release puts the buffer back into the provided buffer ring (entry write + tail
 * store-release). The completions are synthesized in the order the kernel would consume the ring (no
 * receive is armed, so the kernel never touches it): what is measured is aionet's bookkeeping, not the
 * network.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReceiveRecycleBenchmark {
    private static final int BUFFERS = 64;

    private IoUring ring;
    private DmaArea area;
    private ReceivePool pool;
    private int nextBid;

    /** A ring and a pool of 64 × 4 KiB buffers. */
    @Setup(Level.Trial)
    public void open() throws LinuxException {
        ring = IoUring.builder().entries(8).open();
        area = DmaArea.allocate(BUFFERS * 4096, DmaOptions.defaults().withSlotSize(4096));
        pool = area.receivePool(ring, 1, BUFFERS);
    }

    /** Frees pool, area and ring, in that order. */
    @TearDown(Level.Trial)
    public void close() {
        area.close();
        ring.close();
    }

    /** take(res, flags) → read → release (recycle into the ring). */
    @Benchmark
    public byte takeAndRecycle() {
        int bid = nextBid;
        nextBid = (bid + 1) & (BUFFERS - 1);
        Buffer b = pool.take(512, IORING_CQE_F_BUFFER | (bid << IORING_CQE_BUFFER_SHIFT));
        byte v = b.get(0);
        b.release();
        return v;
    }
}
