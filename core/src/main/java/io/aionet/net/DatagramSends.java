package io.aionet.net;

import io.aionet.event.EventChannel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The pool of {@link DatagramSendSlot}s of one datagram socket: a free stack that grows (by
 * {@link #CHUNK} slots at a time) only when more sends are in flight than ever before. The slots'
 * memory comes from an automatic arena: it is freed once no slot — and so no kernel request — refers
 * to it.
 */
final class DatagramSends {
    static final int CHUNK = 16;

    private final EventChannel channel;
    private final int fd;
    private final Arena arena = Arena.ofAuto();
    private DatagramSendSlot[] free = new DatagramSendSlot[CHUNK];
    private int top;
    private DatagramSendSlot[] all = new DatagramSendSlot[CHUNK];
    private int count;

    DatagramSends(EventChannel channel, int fd) {
        this.channel = channel;
        this.fd = fd;
        grow();
    }

    /** A free slot (the pool grows when none is left). */
    DatagramSendSlot take() {
        if (top == 0) {
            grow();
        }
        return free[--top];
    }

    void free(DatagramSendSlot s) {
        free[top++] = s;
    }

    /** Slots in the kernel now. */
    int inFlight() {
        return count - top;
    }

    private void grow() {
        MemorySegment block = arena.allocate(DatagramSendSlot.SIZE * CHUNK, 64);
        if (count + CHUNK > all.length) {
            all = java.util.Arrays.copyOf(all, all.length * 2);
            free = java.util.Arrays.copyOf(free, free.length * 2);
        }
        for (int i = 0; i < CHUNK; i++) {
            DatagramSendSlot s = new DatagramSendSlot(channel, this, fd,
                    block.asSlice(i * DatagramSendSlot.SIZE, DatagramSendSlot.SIZE));
            all[count++] = s;
            free[top++] = s;
        }
    }

    /** The socket closed: every slot ends; those in flight still hand their buffers back. */
    void close() {
        for (int i = 0; i < count; i++) {
            all[i].close();
        }
    }
}
