package io.aionet.bench.channel;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.aionet.channel.ring.PacketDescriptor;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The LMAX Disruptor as its docs advise for speed: a single-producer ring of preallocated events,
 * busy-spin wait strategy; the consumer pulls with an {@code EventPoller} (the Disruptor's API for a
 * consumer that runs on its own thread loop, as JMH's does) gating the producer.
 */
final class DisruptorTransport implements Transport {
    private final RingBuffer<PacketDescriptor> ring;
    private final EventPoller<PacketDescriptor> poller;
    private final Sink sink = new Sink();
    private final One one = new One();

    /** Consumer-side handler feeding a blackhole, stopping after {@code limit} events. */
    private static final class Sink implements EventPoller.Handler<PacketDescriptor> {
        Blackhole bh;
        int limit;
        int n;

        @Override
        public boolean onEvent(PacketDescriptor d, long sequence, boolean endOfBatch) {
            bh.consume(d.bufferId + d.handle + d.offset + d.length + d.flowId + d.timestamp);
            return ++n < limit;
        }
    }

    /** Consumer-side handler taking one event. */
    private static final class One implements EventPoller.Handler<PacketDescriptor> {
        long sum;

        @Override
        public boolean onEvent(PacketDescriptor d, long sequence, boolean endOfBatch) {
            sum = d.bufferId + d.handle + d.offset + d.length + d.flowId + d.timestamp;
            return false;
        }
    }

    DisruptorTransport(int capacity) {
        ring = RingBuffer.createSingleProducer(PacketDescriptor::new, capacity, new BusySpinWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
    }

    @Override
    public boolean offer(long seq) {
        long s;
        try {
            s = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return false;
        }
        ring.get(s).set(Transport.bufferId(seq), seq, Transport.offset(seq), Transport.length(seq),
                Transport.flowId(seq), seq);
        ring.publish(s);
        return true;
    }

    @Override
    public long poll() {
        try {
            return poller.poll(one) == EventPoller.PollState.PROCESSING ? one.sum : EMPTY;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int drain(Blackhole bh, int limit) {
        Sink k = sink;
        k.bh = bh;
        k.limit = limit;
        k.n = 0;
        try {
            poller.poll(k);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return k.n;
    }

    @Override
    public void close() {}
}
