package io.aionet.bench.channel;

import org.openjdk.jmh.infra.Blackhole;

/**
 * One single-producer, single-consumer channel under test, carrying packet descriptors (buffer id,
 * handle, offset, length, flow id, timestamp). Every implementation moves the same six fields, and every
 * consumer reads all six; only the channel differs.
 */
interface Transport extends AutoCloseable {
    /** Value {@link #poll()} returns when the channel is empty. */
    long EMPTY = Long.MIN_VALUE;

    /** Producer: one descriptor derived from {@code seq}; false when full. */
    boolean offer(long seq);

    /** Consumer: one descriptor, returned as the sum of its fields; {@link #EMPTY} when empty. */
    long poll();

    /** Consumer: up to {@code limit} descriptors, each sum fed to {@code bh}; returns how many. */
    int drain(Blackhole bh, int limit);

    @Override
    void close();

    /** The six fields of the descriptor for {@code seq}. */
    static int bufferId(long seq) {
        return (int) seq & 0xfff;
    }

    static int offset(long seq) {
        return (int) seq & 0x3f;
    }

    static int length(long seq) {
        return 64 + ((int) seq & 0x3ff);
    }

    static int flowId(long seq) {
        return (int) seq & 7;
    }

    /** Creates the named implementation with room for about {@code capacity} descriptors. */
    static Transport create(String impl, int capacity) {
        return switch (impl) {
            case "SpscRing" -> new SpscRingTransport(capacity);
            case "JCTools" -> new JcToolsTransport(capacity);
            case "Agrona" -> new AgronaTransport(capacity);
            case "Disruptor" -> new DisruptorTransport(capacity);
            case "ABQ" -> new AbqTransport(capacity);
            default -> throw new IllegalArgumentException("unknown transport " + impl);
        };
    }
}
