package io.aionet.channel.capture;

import io.aionet.channel.packet.ParsedPacket;
import io.aionet.channel.ring.SpscRing;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The pieces of Van Jacobson's receive path connected: frames of a {@link PacketRing}, classified by a
 * {@link PacketDispatcher}, go down one net channel ({@link SpscRing}) per flow or channel to a
 * consumer on another thread — in place, as descriptors; the bytes stay in the mapped ring. Each frame
 * is {@linkplain PacketRing#retainFrame() held} when its descriptor is offered, so it stays valid
 * until the consumer {@linkplain PacketRing#releaseFrame(int) releases} it; a full channel drops the
 * frame (released at once, counted in {@link #dropped()}).
 *
 * <p>Descriptor fields: {@code bufferId} = the frame's release handle, {@code handle} = the frame's
 * offset in {@link PacketRing#mapping()}, {@code offset} = where its L3 header starts in the frame,
 * {@code length} = bytes captured, {@code flowId} = source port &lt;&lt; 16 | destination port,
 * {@code timestamp} = capture time.
 * {@snippet :
 * SpscDelivery delivery = new SpscDelivery(packetRing);
 * PacketDispatcher<SpscRing> d = new PacketDispatcher<>(classifier, delivery);
 * packetRing.poll(d, 100);                                  // the ring's thread
 * // the consumer's thread, per channel:
 * PacketDescriptor p = new PacketDescriptor();
 * while (channel.poll(p)) {
 *     MemorySegment frame = packetRing.mapping().asSlice(p.handle, p.length);
 *     use(frame);
 *     packetRing.releaseFrame(p.bufferId);                  // the block goes back to the kernel when all its frames are
 * }
 * }
 */
public final class SpscDelivery implements PacketDispatcher.Delivery<SpscRing> {
    private final PacketRing ring;
    private long delivered, dropped;

    /**
     * Delivers frames of {@code ring}.
     *
     * @param ring the packet ring whose frames are delivered (and retained until each consumer releases them)
     */
    public SpscDelivery(PacketRing ring) {
        this.ring = Objects.requireNonNull(ring, "ring");
    }

    @Override
    public void deliver(SpscRing channel, MemorySegment mem, long offset, int length, ParsedPacket parsed, long timestampNanos) {
        if (channel == null) {
            dropped++; // no channel for it (a null default channel): dropped
            return;
        }
        int handle = ring.retainFrame();
        int l3 = parsed.status() == ParsedPacket.MALFORMED ? 0 : (int) Math.max(0, parsed.l3Offset() - offset);
        int flow = parsed.ok() ? parsed.srcPort() << 16 | parsed.dstPort() : 0;
        if (channel.offer(handle, offset, l3, length, flow, timestampNanos)) {
            delivered++;
        } else {
            ring.releaseFrame(handle);
            dropped++;
        }
    }

    /** {@return frames offered to a channel} */
    public long delivered() { return delivered; }

    /** {@return frames dropped because their channel was full} */
    public long dropped() { return dropped; }
}
