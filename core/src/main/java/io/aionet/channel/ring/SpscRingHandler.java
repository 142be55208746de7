package io.aionet.channel.ring;

/**
 * Receives the packet descriptors a consumer takes from a net channel ({@link SpscRing#drain}), one call
 * per record. The values are copied out of the ring before the call, so nothing the handler keeps can
 * change under it; the ring releases the slots once, after the batch.
 *
 * <p>Van Jacobson's net channel carries "pointers to packet data", never the data: a descriptor names a
 * buffer (an id and/or an opaque handle), where the packet lies in it, its flow and when it arrived.
 */
@FunctionalInterface
public interface SpscRingHandler {
    /**
     * Handles one packet descriptor.
     *
     * @param bufferId  the buffer's id (e.g. a provided-buffer id), as the producer wrote it
     * @param handle    an opaque buffer handle, as the producer wrote it
     * @param offset    where the packet starts in the buffer
     * @param length    the packet's length in bytes
     * @param flowId    the flow the classifier assigned
     * @param timestamp when the packet arrived (the producer's clock)
     */
    void onPacket(int bufferId, long handle, int offset, int length, int flowId, long timestamp);
}
