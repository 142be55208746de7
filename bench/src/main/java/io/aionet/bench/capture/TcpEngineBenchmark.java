package io.aionet.bench.capture;

import io.aionet.channel.tcp.TcpDirection;
import io.aionet.channel.tcp.TcpEngineLimits;
import io.aionet.channel.tcp.TcpFlow;
import io.aionet.channel.tcp.TcpReceiveEngine;
import io.aionet.channel.tcp.TcpStreamListener;
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
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Van Jacobson's user-space TCP receive engine: nanoseconds per 1448-byte segment (parse, flow lookup,
 * sequence placement, yield) in order — data yielded in place from the frame, no copy — and out of order
 * (each pair arrives swapped: the first is copied and held, then yielded after its predecessor).
 *
 * <p>Run: {@code java -cp ... org.openjdk.jmh.Main TcpEngineBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class TcpEngineBenchmark {
    private static final int MSS = 1448;
    private static final int SEQ_OFFSET = 14 + 20 + 4;

    private final byte[] frameA = frame(), frameB = frame();
    private final MemorySegment segA = MemorySegment.ofArray(frameA), segB = MemorySegment.ofArray(frameB);
    private TcpReceiveEngine engine;
    private int seq;
    private long yielded;

    private static byte[] frame() {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + MSS);
        b.put(new byte[12]).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + MSS)).putInt(0).put((byte) 64).put((byte) 6).putShort((short) 0)
                .putInt(0x0a000002).putInt(0x0a000001);
        b.putShort((short) 40000).putShort((short) 443).putInt(0).putInt(0).put((byte) 0x50).put((byte) 0x10)
                .putShort((short) 65535).putInt(0);
        return b.array();
    }

    @Setup
    public void setup() {
        engine = new TcpReceiveEngine(TcpEngineLimits.DEFAULT, new TcpStreamListener() {
            @Override
            public void onData(TcpFlow flow, TcpDirection d, MemorySegment data, long off, long len) {
                yielded += len;
            }
        });
        seq = 1;
        setSeq(frameA, 0);
        frameA[14 + 20 + 13] = 0x02; // SYN with seq 0
        engine.onFrame(segA, 0, 54, 0);
        frameA[14 + 20 + 13] = 0x10;
    }

    private static void setSeq(byte[] f, int s) {
        f[SEQ_OFFSET] = (byte) (s >>> 24);
        f[SEQ_OFFSET + 1] = (byte) (s >>> 16);
        f[SEQ_OFFSET + 2] = (byte) (s >>> 8);
        f[SEQ_OFFSET + 3] = (byte) s;
    }

    @Benchmark
    public long inOrder() {
        setSeq(frameA, seq);
        engine.onFrame(segA, 0, frameA.length, 0);
        seq += MSS;
        return yielded;
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public long outOfOrderPairs() {
        setSeq(frameB, seq + MSS);
        engine.onFrame(segB, 0, frameB.length, 0);
        setSeq(frameA, seq);
        engine.onFrame(segA, 0, frameA.length, 0);
        seq += 2 * MSS;
        return yielded;
    }
}
