package io.aionet.channel.capture;

import io.aionet.channel.classifier.FlowClassifier;
import io.aionet.channel.packet.PacketHandler;
import io.aionet.channel.ring.SpscRing;

import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Joins Van Jacobson's mmap'd receive ring to his flow classifier: every frame a {@link PacketRing}
 * hands over is parsed, classified by a {@link FlowClassifier} and delivered to its channel (the
 * default channel when no flow matches) — "the mapped channel just tosses the packet data into that
 * mmap()'d area and wakes up the process". No allocation per packet. Not thread-safe (the ring's thread).
 *
 * <p>A delivered frame is valid only during {@link Delivery#deliver}: its block goes back to the kernel
 * afterwards. To pass frames on to another thread, a delivery must hold them
 * ({@link PacketRing#retainFrame()}) until the consumer releases them — {@link SpscDelivery} does that
 * for one {@link SpscRing} per channel; offering a bare descriptor would hand on freed memory.
 * {@snippet :
 * PacketDispatcher<SpscRing> d = new PacketDispatcher<>(classifier, new SpscDelivery(packetRing));
 * packetRing.poll(d, 100);
 * }
 *
 * @param <T> the channel type
 */
public final class PacketDispatcher<T> implements PacketHandler {
    /**
     * Puts one classified packet into its channel.
     *
     * @param <T> the channel type, as the classifier maps flows to it
     */
    @FunctionalInterface
    public interface Delivery<T> {
        /**
         * Delivers the frame {@code [offset, offset + length)} of {@code mem} to {@code channel}; the frame
         * is valid only during the call unless the delivery {@linkplain PacketRing#retainFrame() retains} it;
         * {@code parsed} describes it.
         *
         * @param channel the channel the classifier chose (its default channel when no entry matched)
         * @param mem the memory holding the frame (the packet ring's mapping)
         * @param offset where the frame starts in {@code mem}, in bytes
         * @param length the frame's captured length in bytes
         * @param parsed the frame's parsed headers
         * @param timestampNanos when the kernel captured the frame, in nanoseconds since the epoch
         */
        void deliver(T channel, MemorySegment mem, long offset, int length, ParsedPacket parsed, long timestampNanos);
    }

    private final FlowClassifier<T> classifier;
    private final Delivery<T> delivery;
    private final ParsedPacket parsed = new ParsedPacket();
    private long packets, malformed, truncated, unmatched;

    /**
     * A dispatcher through {@code classifier} into {@code delivery}.
     *
     * @param classifier maps each parsed packet's flow to a channel
     * @param delivery puts each packet into its channel, on the thread that drains the ring
     */
    public PacketDispatcher(FlowClassifier<T> classifier, Delivery<T> delivery) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public void onPacket(MemorySegment ring, long offset, int captureLength, int wireLength, long timestampNanos, int packetType) {
        int st = PacketParser.parseEthernet(ring, offset, Integer.toUnsignedLong(captureLength), parsed);
        packets++;
        if (st == ParsedPacket.MALFORMED) {
            malformed++;
        } else if (st == ParsedPacket.TRUNCATED) {
            truncated++;
        }
        T channel = st == ParsedPacket.MALFORMED ? classifier.defaultChannel() : classifier.classify(parsed);
        if (channel == classifier.defaultChannel()) {
            unmatched++;
        }
        delivery.deliver(channel, ring, offset, captureLength, parsed, timestampNanos);
    }

    /** {@return frames dispatched} */
    public long packets() { return packets; }
    /** {@return frames whose headers were malformed (delivered to the default channel)} */
    public long malformed() { return malformed; }
    /** {@return frames cut short by the capture} */
    public long truncated() { return truncated; }
    /** {@return frames that went to the default channel} */
    public long unmatched() { return unmatched; }
}
