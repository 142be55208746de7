package io.aionet.channel.tcp;

import java.lang.foreign.MemorySegment;

/**
 * Where a {@link TcpReceiveEngine} (Van Jacobson's user-space TCP receive engine) yields each
 * direction's byte stream: in order, without duplicates, with every hole reported as a gap.
 * Callbacks run on the thread that feeds the engine.
 */
public interface TcpStreamListener {
    /** A flow was first seen. */
    default void onOpen(TcpFlow flow) {
    }

    /**
     * The next {@code length} bytes of one direction: {@code [offset, offset + length)} of {@code data}.
     * The memory (often a frame inside the mmap'd ring) is valid only during the call.
     */
    void onData(TcpFlow flow, TcpDirection direction, MemorySegment data, long offset, long length);

    /**
     * {@code length} bytes at stream offset {@code streamOffset} were never captured (or were given up
     * because a buffer limit was reached); the stream continues after them.
     */
    default void onGap(TcpFlow flow, TcpDirection direction, long streamOffset, long length) {
    }

    /** The flow ended; no more callbacks for it follow. */
    default void onClose(TcpFlow flow, TcpFlow.CloseReason reason) {
    }
}
