package io.aionet.channel.tcp;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a flow in the user-space TCP receive engine: turns segments into the byte stream.
 *
 * <p>Sequence numbers are 32-bit and wrap; a segment's place is found by the signed 32-bit difference
 * to the next expected sequence number ({@code seq - nextSeq}), so positions stay right across 2^32,
 * and is kept as a 64-bit stream offset ({@code delivered + difference}) that never wraps. In-order
 * data is yielded in place (no copy); only out-of-order data is copied and held, keyed by offset.
 */
final class TcpHalfStream {
    private final TcpReceiveEngine engine;
    private final TcpFlow flow;
    private final TcpDirection direction;

    boolean started;
    int nextSeq;            // sequence number of the next byte to yield
    long deliveredBytes;    // bytes yielded
    long streamOffset;      // stream offset of nextSeq: bytes yielded + gap bytes
    boolean synSeen;
    int isn;
    boolean finSeen;
    long finOffset = Long.MAX_VALUE;
    long gapBytes, gaps, duplicateBytes;
    long pendingBytes;
    private TreeMap<Long, byte[]> pending;

    TcpHalfStream(TcpReceiveEngine engine, TcpFlow flow, TcpDirection direction) {
        this.engine = engine;
        this.flow = flow;
        this.direction = direction;
    }

    TcpFlow flowRef() {
        return flow;
    }

    /** SYN seen with sequence number {@code seq}: fixes the ISN unless data was already placed. */
    void syn(int seq) {
        if (!started || (streamOffset == 0 && pendingBytes == 0)) {
            isn = seq;
            nextSeq = seq + 1;
            synSeen = true;
            started = true;
        }
    }

    /** Picks the stream up mid-way at {@code seq} (the handshake was not captured). */
    void startAt(int seq) {
        if (!started) {
            nextSeq = seq;
            started = true;
        }
    }

    /** Whether every byte up to the FIN has been yielded (or reported as a gap). */
    boolean ended() {
        return finSeen && streamOffset >= finOffset;
    }

    /** The stream offset of sequence number {@code seq}, or -1 when it lies outside the window. */
    long offsetOf(int seq) {
        int rel = seq - nextSeq;
        int w = engine.limits.maxWindow();
        if (rel > w || rel < -w) {
            return -1;
        }
        return streamOffset + rel;
    }

    /** FIN at sequence number {@code seq} (the sequence number after the last data byte). */
    void fin(int seq) {
        long off = offsetOf(seq);
        if (off < 0) {
            return;
        }
        if (!finSeen || off < finOffset) {
            finSeen = true;
            finOffset = Math.max(off, streamOffset);
        }
    }

    /** A segment carrying {@code [off, off + len)} of {@code mem} at sequence number {@code seq}. */
    void data(int seq, MemorySegment mem, long off, long len) {
        if (len <= 0) {
            return;
        }
        long start = offsetOf(seq);
        if (start < 0) {
            engine.outOfWindow++;
            return;
        }
        long end = start + len;
        if (end > finOffset) { // bytes past the FIN do not exist
            len -= end - finOffset;
            end = finOffset;
            if (len <= 0) {
                return;
            }
        }
        if (end <= streamOffset) {
            duplicateBytes += len;
            return;
        }
        if (start > streamOffset) {
            makeRoom(start, len);
        }
        if (start <= streamOffset) {
            long trim = streamOffset - start;
            duplicateBytes += trim;
            emit(mem, off + trim, len - trim);
            drainPending();
        } else {
            hold(start, mem, off, len);
        }
    }

    /** Gives up holes (oldest first) until {@code len} more bytes may be held, or the segment is next. */
    private void makeRoom(long start, long len) {
        TcpEngineLimits l = engine.limits;
        while (start > streamOffset
                && (pendingBytes + len > l.perFlowBufferBytes() || engine.bufferedBytes + len > l.totalBufferBytes())) {
            long next = pending == null || pending.isEmpty() ? start : Math.min(start, pending.firstKey());
            skipTo(next);
            drainPending();
        }
    }

    private void hold(long start, MemorySegment mem, long off, long len) {
        if (pending == null) {
            pending = new TreeMap<>();
        }
        byte[] old = pending.get(start);
        if (old != null && old.length >= len) {
            duplicateBytes += len;
            return;
        }
        byte[] copy = new byte[(int) len];
        MemorySegment.copy(mem, off, MemorySegment.ofArray(copy), 0, len);
        pending.put(start, copy);
        long added = len - (old == null ? 0 : old.length);
        pendingBytes += added;
        engine.bufferedBytes += added;
    }

    /** Yields every held segment that has become next in line. */
    private void drainPending() {
        if (pending == null) {
            return;
        }
        while (!pending.isEmpty()) {
            Map.Entry<Long, byte[]> e = pending.firstEntry();
            long s = e.getKey();
            if (s > streamOffset) {
                return;
            }
            byte[] d = e.getValue();
            pending.pollFirstEntry();
            pendingBytes -= d.length;
            engine.bufferedBytes -= d.length;
            long end = s + d.length;
            if (end <= streamOffset) {
                duplicateBytes += d.length;
                continue;
            }
            long trim = streamOffset - s;
            duplicateBytes += trim;
            emit(MemorySegment.ofArray(d), trim, d.length - trim);
        }
    }

    /** Reports {@code [streamOffset, target)} as a gap and continues after it. */
    private void skipTo(long target) {
        long gap = target - streamOffset;
        if (gap <= 0) {
            return;
        }
        long at = streamOffset;
        streamOffset = target;
        nextSeq += (int) gap;
        gapBytes += gap;
        gaps++;
        engine.gapBytes += gap;
        engine.listener.onGap(flow, direction, at, gap);
    }

    /** At close: yields what is held, reporting the holes before it as gaps. */
    void flushWithGaps() {
        while (pending != null && !pending.isEmpty()) {
            skipTo(pending.firstKey());
            drainPending();
        }
        if (finSeen && finOffset != Long.MAX_VALUE && streamOffset < finOffset) {
            skipTo(finOffset);
        }
    }

    private void emit(MemorySegment mem, long off, long len) {
        long end = streamOffset + len;
        streamOffset = end;
        deliveredBytes += len;
        nextSeq += (int) len;
        engine.listener.onData(flow, direction, mem, off, len);
    }
}
