package io.aionet.channel.ring;

/**
 * A caller-owned, reusable copy of one net-channel record: what {@link SpscRing#poll(PacketDescriptor)}
 * fills. It is a plain mutable holder (no allocation per packet); its in-ring layout is documented by
 * {@link SpscRingDescriptor}.
 *
 * <p>The fields are what Van Jacobson's channel carries instead of packet bytes: a buffer reference
 * ({@link #bufferId} and/or an opaque {@link #handle}, never a raw address), {@link #offset} and
 * {@link #length} inside that buffer, the {@link #flowId} the classifier chose, and a {@link #timestamp}.
 */
public final class PacketDescriptor {
    /** The buffer's id. */
    public int bufferId;
    /** An opaque buffer handle. */
    public long handle;
    /** Where the packet starts in the buffer. */
    public int offset;
    /** Packet length in bytes. */
    public int length;
    /** The flow the classifier assigned. */
    public int flowId;
    /** When the packet arrived (the producer's clock). */
    public long timestamp;

    /** An all-zero descriptor. */
    public PacketDescriptor() {}

    /**
     * Sets every field; returns this.
     *
     * @param bufferId the buffer's id
     * @param handle an opaque buffer handle
     * @param offset where the packet starts in the buffer, in bytes
     * @param length the packet's length in bytes
     * @param flowId the flow the classifier assigned
     * @param timestamp when the packet arrived, on the producer's clock
     * @return this descriptor
     */
    public PacketDescriptor set(int bufferId, long handle, int offset, int length, int flowId, long timestamp) {
        this.bufferId = bufferId;
        this.handle = handle;
        this.offset = offset;
        this.length = length;
        this.flowId = flowId;
        this.timestamp = timestamp;
        return this;
    }

    @Override
    public String toString() {
        return "PacketDescriptor[bufferId=" + bufferId + ", handle=" + handle + ", offset=" + offset
                + ", length=" + length + ", flowId=" + flowId + ", timestamp=" + timestamp + "]";
    }
}
