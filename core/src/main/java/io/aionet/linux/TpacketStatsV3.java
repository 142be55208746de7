package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct tpacket_stats_v3} (12 bytes), read with {@code getsockopt(SOL_PACKET,
 * PACKET_STATISTICS)}; the kernel resets the counters on every read.
 * <pre>
 * struct tpacket_stats_v3 { unsigned int tp_packets; unsigned int tp_drops; unsigned int tp_freeze_q_cnt; };
 * </pre>
 * {@code tp_packets} counts packets received including the dropped ones.
 */
public final class TpacketStatsV3 {
    private TpacketStatsV3() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_packets"), JAVA_INT.withName("tp_drops"), JAVA_INT.withName("tp_freeze_q_cnt"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_tp_packets = LAYOUT.byteOffset(groupElement("tp_packets"));
    public static final long OFFSETOF_tp_drops = LAYOUT.byteOffset(groupElement("tp_drops"));
    public static final long OFFSETOF_tp_freeze_q_cnt = LAYOUT.byteOffset(groupElement("tp_freeze_q_cnt"));
}
