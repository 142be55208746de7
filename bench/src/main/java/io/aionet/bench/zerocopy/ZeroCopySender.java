package io.aionet.bench.zerocopy;

import io.aionet.bench.bulk.ProcessCpu;
import io.aionet.bench.bulk.RawTcp;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.net.AsyncSocket;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The sender of the {@code zerocopy} benchmark: {@code streams} loopback connections, each sending one
 * message of {@code size} bytes over and over with {@link AsyncSocket#send(MemorySegment, long)} (copy)
 * or {@link AsyncSocket#sendZeroCopy(MemorySegment, long)} with threshold 0 ({@code SEND_ZC} every
 * time), {@value #WINDOW} sends queued per connection, all on one event channel.
 */
final class ZeroCopySender {
    /** Sends queued per connection (the socket has one in the kernel, the rest wait in its queue). */
    static final int WINDOW = 4;

    private ZeroCopySender() {}

    /**
     * One measured run.
     *
     * @param bytes    bytes sent over all connections
     * @param nanos    wall time from the first send to the last completion
     * @param cpuNanos the sending process's CPU time over the same window
     * @param sends    completed sends
     * @param copied   zero-copy sends the kernel flagged {@link AsyncSocket#SEND_COPIED}
     */
    record Result(long bytes, long nanos, long cpuNanos, long sends, long copied) {}

    /** Sends {@code messagesPerStream} messages of {@code size} bytes on each of {@code streams} connections to {@code port}. */
    static Result run(int port, int streams, int size, long messagesPerStream, boolean zeroCopy) throws Exception {
        if (streams <= 0 || size <= 0 || messagesPerStream <= 0) {
            throw new IllegalArgumentException("streams " + streams + ", size " + size + ", messages " + messagesPerStream);
        }
        AsyncSocket[] s = new AsyncSocket[streams];
        long[] queued = new long[streams];
        long[] done = new long[streams];
        try (Arena arena = Arena.ofConfined(); EventChannel ch = EventChannel.create()) {
            MemorySegment message = arena.allocate(size, 4096).fill((byte) 'z');
            try {
                for (int i = 0; i < streams; i++) {
                    s[i] = AsyncSocket.adopt(ch, RawTcp.connect(port));
                    s[i].zeroCopyThreshold(0); // every sendZeroCopy is a SEND_ZC
                }
                Event e = new Event();
                long sends = 0;
                long copied = 0;
                int finished = 0;
                long t0 = System.nanoTime();
                long c0 = ProcessCpu.nanos();
                for (int i = 0; i < streams; i++) {
                    for (int w = 0; w < WINDOW && queued[i] < messagesPerStream; w++) {
                        submit(s[i], message, i, zeroCopy);
                        queued[i]++;
                    }
                }
                while (finished < streams) {
                    ch.await(1, 1_000_000_000L);
                    while (ch.next(e)) {
                        if (e.kind() != EventKind.COMPLETION) {
                            continue;
                        }
                        int i = (int) e.tag();
                        if (e.result() != size) {
                            throw new IOException("send of " + size + " bytes: "
                                    + (e.result() < 0 ? Errno.describe(e.errno()) : e.result() + " bytes"));
                        }
                        sends++;
                        if ((e.flags() & AsyncSocket.SEND_COPIED) != 0) {
                            copied++;
                        }
                        done[i]++;
                        if (queued[i] < messagesPerStream) {
                            submit(s[i], message, i, zeroCopy);
                            queued[i]++;
                        } else if (done[i] == messagesPerStream) {
                            s[i].close(); // end of stream for the receiver
                            finished++;
                        }
                    }
                }
                long c1 = ProcessCpu.nanos();
                long t1 = System.nanoTime();
                return new Result(sends * size, t1 - t0, c1 - c0, sends, copied);
            } finally {
                for (AsyncSocket x : s) {
                    if (x != null) {
                        x.close();
                    }
                }
            }
        }
    }

    private static void submit(AsyncSocket s, MemorySegment message, int i, boolean zeroCopy) {
        if (zeroCopy) {
            s.sendZeroCopy(message, i); // the same bytes every time: the memory never changes while the kernel holds it
        } else {
            s.send(message, i);
        }
    }
}
