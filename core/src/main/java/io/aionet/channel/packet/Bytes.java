package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Network-byte-order reads; callers have checked the bounds already (the segment checks them again). */
final class Bytes {
    private Bytes() {}

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    static int u8(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_BYTE, off) & 0xff;
    }

    static int u16(MemorySegment s, long off) {
        return s.get(U16, off) & 0xffff;
    }

    static int i32(MemorySegment s, long off) {
        return s.get(U32, off);
    }

    static long i64(MemorySegment s, long off) {
        return s.get(U64, off);
    }
}
