package io.aionet.channel.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Rings for the jcstress tests: memory from an automatic arena, so the thousands of states jcstress makes are freed by the GC. */
final class StressRings {
    private StressRings() {}

    static SpscRing ring(int capacity, WaitStrategy wait) {
        MemorySegment m = Arena.ofAuto().allocate(SpscRing.byteSize(capacity, 32), 128);
        return SpscRing.create(m, capacity, 32, wait);
    }

    /** 1 when every field is the one the producer wrote for {@code id}, else 0. */
    static int intact(PacketDescriptor d, int id) {
        return d.bufferId == id && d.handle == id * 3L + 1 && d.offset == id + 2 && d.length == id + 3
                && d.flowId == id + 4 && d.timestamp == id * 5L + 6 ? 1 : 0;
    }

    static boolean offer(SpscRing ring, int id) {
        return ring.offer(id, id * 3L + 1, id + 2, id + 3, id + 4, id * 5L + 6);
    }
}
