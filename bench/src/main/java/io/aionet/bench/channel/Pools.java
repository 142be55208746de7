package io.aionet.bench.channel;

import io.aionet.channel.ring.PacketDescriptor;

/** Preallocated descriptor pools for the on-heap peers. */
final class Pools {
    private Pools() {}

    /** A power-of-two pool of at least four times {@code capacity} descriptors. */
    static PacketDescriptor[] descriptors(int capacity) {
        int n = Integer.highestOneBit(Math.max(2, capacity)) * 8;
        PacketDescriptor[] pool = new PacketDescriptor[n];
        for (int i = 0; i < n; i++) {
            pool[i] = new PacketDescriptor();
        }
        return pool;
    }
}
