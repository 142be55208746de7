package io.aionet.bench.channel;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;

/**
 * Agrona's {@code OneToOneRingBuffer} over direct memory, used the zero-copy way its docs advise:
 * {@code tryClaim} a 32-byte message, write the fields in place, {@code commit}; the consumer reads the
 * fields in place in its {@code MessageHandler}. Run with {@code -Dagrona.disable.bounds.checks=true}.
 */
final class AgronaTransport implements Transport {
    /** Bytes of one message: the same 32-byte descriptor SpscRing stores. */
    static final int MSG = 32;
    private static final int TYPE = 1;
    private final OneToOneRingBuffer ring;
    private final UnsafeBuffer buffer;
    private final Sink sink = new Sink();
    private final One one = new One();

    /** Consumer-side handler feeding a blackhole. */
    private static final class Sink implements MessageHandler {
        Blackhole bh;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer b, int i, int length) {
            bh.consume(b.getInt(i + 16) + b.getLong(i) + b.getInt(i + 20) + b.getInt(i + 24) + b.getInt(i + 28)
                    + b.getLong(i + 8));
        }
    }

    /** Consumer-side handler keeping the last sum. */
    private static final class One implements MessageHandler {
        long sum;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer b, int i, int length) {
            sum = b.getInt(i + 16) + b.getLong(i) + b.getInt(i + 20) + b.getInt(i + 24) + b.getInt(i + 28)
                    + b.getLong(i + 8);
        }
    }

    AgronaTransport(int capacity) {
        // records are header (8) + 32 bytes; round the data area to a power of two >= capacity records
        int bytes = Integer.highestOneBit(capacity * (MSG + 8) - 1) << 1;
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH));
        ring = new OneToOneRingBuffer(buffer);
    }

    @Override
    public boolean offer(long seq) {
        int i = ring.tryClaim(TYPE, MSG);
        if (i < 0) {
            return false;
        }
        UnsafeBuffer b = buffer;
        b.putLong(i, seq);
        b.putLong(i + 8, seq);
        b.putInt(i + 16, Transport.bufferId(seq));
        b.putInt(i + 20, Transport.offset(seq));
        b.putInt(i + 24, Transport.length(seq));
        b.putInt(i + 28, Transport.flowId(seq));
        ring.commit(i);
        return true;
    }

    @Override
    public long poll() {
        // a read that lands on the padding record at the end of the buffer consumes it and returns 0
        // messages; the next read starts at the beginning
        if (ring.read(one, 1) == 0 && ring.read(one, 1) == 0) {
            return EMPTY;
        }
        return one.sum;
    }

    @Override
    public int drain(Blackhole bh, int limit) {
        sink.bh = bh;
        int n = ring.read(sink, limit);
        return n != 0 ? n : ring.read(sink, limit); // past the padding record, as in poll()
    }

    @Override
    public void close() {}

}
