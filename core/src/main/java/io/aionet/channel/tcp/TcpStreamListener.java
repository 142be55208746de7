package io.aionet.channel.tcp;

import java.lang.foreign.MemorySegment;

/**
 * Where a {@link TcpReceiveEngine} (Van Jacobson's user-space TCP receive engine) yields each
 * direction's byte stream: in order, without duplicates, with every hole reported as a gap.
 * Callbacks run on the thread that feeds the engine.
 */
public interface TcpStreamListener {
    /**
     * A flow was first seen.
     *
     * @param flow the new flow; the same object is passed to every later callback for it
     */
    default void onOpen(TcpFlow flow) {
    }

    /**
     * The next {@code length} bytes of one direction: {@code [offset, offset + length)} of {@code data}.
     * The memory (often a frame inside the mmap'd ring) is valid only during the call.
     *
     * @param flow the flow the bytes belong to
     * @param direction which side sent them
     * @param data the memory holding them, valid only during the call
     * @param offset where they start in {@code data}, in bytes
     * @param length how many bytes, at least 1
     */
    void onData(TcpFlow flow, TcpDirection direction, MemorySegment data, long offset, long length);

    /**
     * {@code length} bytes at stream offset {@code streamOffset} were never captured (or were given up
     * because a buffer limit was reached); the stream continues after them.
     *
     * @param flow the flow with the gap
     * @param direction which side's stream has it
     * @param streamOffset the stream offset (bytes since the SYN) where the missing bytes start
     * @param length how many bytes are missing
     */
    default void onGap(TcpFlow flow, TcpDirection direction, long streamOffset, long length) {
    }

    /**
     * The flow ended; no more callbacks for it follow.
     *
     * @param flow the flow that ended
     * @param reason why it ended
     */
    default void onClose(TcpFlow flow, TcpFlow.CloseReason reason) {
    }
}
