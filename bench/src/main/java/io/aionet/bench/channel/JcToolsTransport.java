package io.aionet.bench.channel;

import io.aionet.channel.ring.PacketDescriptor;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JCTools {@code SpscArrayQueue} (its fastest bounded SPSC queue) of on-heap descriptors taken from a
 * preallocated pool, so neither side allocates; the pool is larger than twice the queue, so the producer
 * never refills a descriptor the consumer may still be reading.
 */
final class JcToolsTransport implements Transport {
    private final SpscArrayQueue<PacketDescriptor> queue;
    private final PacketDescriptor[] pool;
    private final int poolMask;
    private final Sinks sink = new Sinks();

    /** Consumer-side drain callback feeding a blackhole. */
    private static final class Sinks implements org.jctools.queues.MessagePassingQueue.Consumer<PacketDescriptor> {
        Blackhole bh;

        @Override
        public void accept(PacketDescriptor d) {
            bh.consume(d.bufferId + d.handle + d.offset + d.length + d.flowId + d.timestamp);
        }
    }

    JcToolsTransport(int capacity) {
        queue = new SpscArrayQueue<>(capacity);
        pool = Pools.descriptors(capacity);
        poolMask = pool.length - 1;
    }

    @Override
    public boolean offer(long seq) {
        PacketDescriptor d = pool[(int) seq & poolMask];
        d.set(Transport.bufferId(seq), seq, Transport.offset(seq), Transport.length(seq), Transport.flowId(seq), seq);
        return queue.offer(d);
    }

    @Override
    public long poll() {
        PacketDescriptor d = queue.poll();
        return d == null ? EMPTY : d.bufferId + d.handle + d.offset + d.length + d.flowId + d.timestamp;
    }

    @Override
    public int drain(Blackhole bh, int limit) {
        sink.bh = bh;
        return queue.drain(sink, limit);
    }

    @Override
    public void close() {}
}
