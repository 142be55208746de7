package io.aionet.channel.packet;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Where a user-space protocol engine writes the frames it transmits — the transmit half of a net
 * channel, beside {@link PacketHandler} for the receive half. A frame is written in place into memory
 * the sender lends ({@link #beginSend()}), queued ({@link #commitSend(int)}) and pushed out in batches
 * ({@link #flush()}); no copy, no allocation, no system call per frame.
 */
public interface FrameSender {
    /**
     * Lends memory for one whole Ethernet frame.
     *
     * @return the frame's memory (at least 1514 bytes), or null when every transmit buffer is in flight
     */
    MemorySegment beginSend();

    /**
     * Queues the first {@code length} bytes of the frame begun with {@link #beginSend()}.
     *
     * @param length bytes of the frame to send, at most the lent segment's size
     */
    void commitSend(int length);

    /**
     * Hands what was queued to the device (one wake-up for the batch).
     *
     * @throws IOException when the device refuses the wake-up (the frames stay queued)
     */
    void flush() throws IOException;
}
