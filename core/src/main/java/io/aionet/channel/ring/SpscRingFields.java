package io.aionet.channel.ring;

/**
 * The on-heap state of an {@link SpscRing}, laid out the way JCTools lays out its queues: the producer's
 * private fields and the consumer's private fields sit in different superclasses separated by 128 bytes
 * of padding, because HotSpot places a superclass's fields before its subclass's. The producer writing
 * its cached copy of the head never invalidates the line that holds the consumer's cached copy of the
 * tail, and the other way round.
 */
final class SpscRingFields {
    private SpscRingFields() {}

    /** 128 bytes between the object header and the producer's fields. */
    @SuppressWarnings("unused")
    abstract static class Pad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
    }

    /** Written and read only by the producer thread. */
    abstract static class Producer extends Pad0 {
        /** The producer's own copy of the tail (plain: only the producer writes it). */
        long producerIndex;
        /** head + capacity as last read: the producer re-reads the head only when it reaches this. */
        long producerLimit;
        /** Slots claimed by {@link SpscRing#claim(int)} and not yet published. */
        long claimed;
    }

    /** 128 bytes between the producer's and the consumer's fields. */
    @SuppressWarnings("unused")
    abstract static class Pad1 extends Producer {
        long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
    }

    /** Written and read only by the consumer thread. */
    abstract static class Consumer extends Pad1 {
        /** The consumer's own copy of the head (plain: only the consumer writes it). */
        long consumerIndex;
        /** The tail as last read: the consumer re-reads the tail only when it reaches this. */
        long consumerLimit;
    }

    /** 128 bytes between the consumer's fields and the read-only fields of {@link SpscRing}. */
    @SuppressWarnings("unused")
    abstract static class Pad2 extends Consumer {
        long p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
    }
}
