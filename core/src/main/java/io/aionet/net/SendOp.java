package io.aionet.net;

import io.aionet.internal.RingArrays;
import io.aionet.dma.Buffer;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventKind;
import io.aionet.linux.Sockets;

import java.lang.foreign.MemorySegment;

import static io.aionet.uring.IoUringConstants.IORING_CQE_F_NOTIF;
import static io.aionet.uring.IoUringConstants.IORING_SEND_ZC_REPORT_USAGE;

/**
 * A socket's sends, in order, one request at a time: Drepper's {@code sio_send} / Polyakov's
 * {@code aio_send}. A short send is continued by the library, so the program sees one completion for
 * all N bytes — or an error, with the bytes sent before it in the event's flags. A zero-copy send
 * completes only after its notification(s): until then the kernel may still read the memory.
 */
final class SendOp extends SocketOp {
    private final int fd;
    private MemorySegment[] segs = new MemorySegment[8];
    private long[] offs = new long[8];
    private int[] lens = new int[8];
    private long[] tags = new long[8];
    private Buffer[] bufs = new Buffer[8];
    private boolean[] zcs = new boolean[8];
    private int head;
    private int size;
    /** The head entry is in the kernel. */
    private boolean busy;
    private final SendProgress progress = new SendProgress();

    SendOp(io.aionet.event.EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    void enqueue(MemorySegment seg, long off, int len, long tag, Buffer buf, boolean zc) {
        if (size == segs.length) {
            grow();
        }
        int i = (head + size) & (segs.length - 1);
        segs[i] = seg;
        offs[i] = off;
        lens[i] = len;
        tags[i] = tag;
        bufs[i] = buf;
        zcs[i] = zc;
        size++;
        if (!busy) {
            startHead();
        }
    }

    private void startHead() {
        if (size == 0) {
            busy = false;
            return;
        }
        busy = true;
        progress.reset();
        submitPart();
    }

    private void submitPart() {
        int i = head;
        int sent = (int) progress.sent;
        int remaining = lens[i] - sent;
        if (zcs[i]) {
            track(sqe().prepSendZc(fd, segs[i], offs[i] + sent, remaining, Sockets.MSG_NOSIGNAL,
                    IORING_SEND_ZC_REPORT_USAGE));
        } else {
            track(sqe().prepSend(fd, segs[i], offs[i] + sent, remaining, Sockets.MSG_NOSIGNAL));
        }
        progress.inFlight = true;
    }

    @Override
    protected void completed(int res, int flags, boolean more) {
        if ((flags & IORING_CQE_F_NOTIF) != 0) {
            progress.notified(res);
        } else if (progress.partCompleted(res, more, lens[head], isDetached())) {
            submitPart(); // a short send: the library sends the rest
        }
        finishIfDone();
    }

    private void finishIfDone() {
        if (!progress.settled()) {
            return;
        }
        int i = head;
        Buffer b = bufs[i];
        if (b != null) {
            DmaSpi.giveBack(b, true); // the kernel is done with it: back to the area
        }
        emit(EventKind.COMPLETION, tags[i], progress.result(), progress.eventFlags(), null);
        segs[i] = null;
        bufs[i] = null;
        head = (head + 1) & (segs.length - 1);
        size--;
        busy = false;
        if (!isDetached()) {
            startHead();
        } else {
            dropQueued();
        }
    }

    /** The socket closed: sends that never reached the kernel hand their buffers back. */
    void dropQueued() {
        int first = busy ? 1 : 0;
        while (size > first) {
            int i = (head + size - 1) & (segs.length - 1);
            if (bufs[i] != null) {
                DmaSpi.giveBack(bufs[i], true);
            }
            segs[i] = null;
            bufs[i] = null;
            size--;
        }
    }

    boolean isIdle() {
        return size == 0;
    }

    private void grow() {
        segs = RingArrays.grown(segs, head, size);
        offs = RingArrays.grown(offs, head, size);
        lens = RingArrays.grown(lens, head, size);
        tags = RingArrays.grown(tags, head, size);
        bufs = RingArrays.grown(bufs, head, size);
        zcs = RingArrays.grown(zcs, head, size);
        head = 0;
    }
}
