package io.aionet.bench.channel;

import io.aionet.channel.ring.PacketDescriptor;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.ArrayBlockingQueue;

/** The JDK's {@code ArrayBlockingQueue} (non-blocking offer/poll), on-heap descriptors from a pool. */
final class AbqTransport implements Transport {
    private final ArrayBlockingQueue<PacketDescriptor> queue;
    private final PacketDescriptor[] pool;
    private final int poolMask;

    AbqTransport(int capacity) {
        queue = new ArrayBlockingQueue<>(capacity);
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
        // drainTo would need a collection per call; poll in a loop holds the lock per element instead
        int n = 0;
        PacketDescriptor d;
        while (n < limit && (d = queue.poll()) != null) {
            bh.consume(d.bufferId + d.handle + d.offset + d.length + d.flowId + d.timestamp);
            n++;
        }
        return n;
    }

    @Override
    public void close() {}
}
