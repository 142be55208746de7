package io.aionet.bench.channel;

import io.aionet.channel.ring.PacketDescriptor;
import io.aionet.channel.ring.SpscRing;
import io.aionet.channel.ring.SpscRingHandler;
import org.openjdk.jmh.infra.Blackhole;

/** aionet's net channel: descriptors written into off-heap 32-byte records. */
final class SpscRingTransport implements Transport {
    private final SpscRing ring;
    private final PacketDescriptor polled = new PacketDescriptor();
    private final Sink sink = new Sink();

    /** Consumer-side handler feeding a blackhole. */
    private static final class Sink implements SpscRingHandler {
        Blackhole bh;

        @Override
        public void onPacket(int bufferId, long handle, int offset, int length, int flowId, long timestamp) {
            bh.consume(bufferId + handle + offset + length + flowId + timestamp);
        }
    }

    SpscRingTransport(int capacity) {
        ring = SpscRing.allocate(capacity);
    }

    @Override
    public boolean offer(long seq) {
        return ring.offer(Transport.bufferId(seq), seq, Transport.offset(seq), Transport.length(seq),
                Transport.flowId(seq), seq);
    }

    @Override
    public long poll() {
        PacketDescriptor d = polled;
        if (!ring.poll(d)) {
            return EMPTY;
        }
        return d.bufferId + d.handle + d.offset + d.length + d.flowId + d.timestamp;
    }

    @Override
    public int drain(Blackhole bh, int limit) {
        sink.bh = bh;
        return ring.drain(sink, limit);
    }

    @Override
    public void close() {
        ring.close();
    }
}
