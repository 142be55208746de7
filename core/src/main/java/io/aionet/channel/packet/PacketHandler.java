package io.aionet.channel.packet;

import java.lang.foreign.MemorySegment;

/**
 * Receives the frames a {@link io.aionet.channel.capture.PacketRing} walks: Van Jacobson's "mapped channel just tosses the packet
 * data into that mmap()'d area and wakes up the process" — the frame is handed over in place, inside
 * the mmap'd ring, with no copy and no allocation.
 *
 * <p>The frame is {@code [offset, offset + captureLength)} of {@code ring} and is valid only during the
 * call: its block goes back to the kernel when the walk of the block ends (an AF_XDP channel's chunk
 * goes back to the fill ring). Copy what must outlive it, or hold it where the ring allows
 * ({@code PacketRing.retainFrame()}).
 */
@FunctionalInterface
public interface PacketHandler {
    /**
     * One captured frame.
     *
     * @param ring            the mapped ring (the whole mapping)
     * @param offset          where the frame (its link-layer header) starts in {@code ring}
     * @param captureLength   bytes captured ({@code tp_snaplen})
     * @param wireLength      the packet's length on the wire ({@code tp_len}); larger when truncated
     * @param timestampNanos  capture time, nanoseconds since the epoch
     * @param packetType      {@code sll_pkttype}: {@code PACKET_HOST} 0 ... {@code PACKET_OUTGOING} 4
     */
    void onPacket(MemorySegment ring, long offset, int captureLength, int wireLength, long timestampNanos, int packetType);
}
