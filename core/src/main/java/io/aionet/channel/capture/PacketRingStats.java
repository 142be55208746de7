package io.aionet.channel.capture;

/**
 * Drop counters of a {@link PacketRing} ({@code struct tpacket_stats_v3}, summed over every read since
 * the ring was opened): the "signalled out of band" losses of Van Jacobson's mmap'd receive ring.
 *
 * @param packets       packets the kernel saw for this socket, including dropped ones ({@code tp_packets})
 * @param drops         packets dropped because the ring was full or memory ran out ({@code tp_drops})
 * @param freezeQueues  times the ring was full and the queue froze ({@code tp_freeze_q_cnt})
 */
public record PacketRingStats(long packets, long drops, long freezeQueues) {
}
