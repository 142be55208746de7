package io.aionet.net;

import io.aionet.Errno;
import io.aionet.backend.Backend;
import io.aionet.dma.Buffer;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.internal.RingArrays;
import io.aionet.linux.Fds;
import io.aionet.linux.Iovec;
import io.aionet.linux.Msghdr;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A stream socket's one send queue: every send of the socket, in call order, one entry in the kernel at
 * a time, so the bytes leave in the order of the calls whatever mix of kinds the program uses. Entries
 * live in preallocated parallel arrays (grown, never allocated per send):
 * <ul>
 *   <li>single — Drepper's {@code sio_send}, Polyakov's {@code aio_send}: one range,
 *       {@code IORING_OP_SEND} (or {@code SEND_ZC});</li>
 *   <li>vector — {@code sio_sendmsg} with several buffers: {@code IORING_OP_SENDMSG} (or
 *       {@code SENDMSG_ZC}) over an iovec array this queue owns;</li>
 *   <li>file — Polyakov's lazy {@code aio_sendfile}: the backend's file send, chunk after chunk
 *       (io_uring: readahead advice, then splices file → pipe → socket), from a file opened from a path
 *       (closed when done) or a descriptor of the program (left open); a {@code FileChannel}'s range is a
 *       single entry from a mapping of it, unmapped when done.</li>
 * </ul>
 * A short send is continued from where the kernel stopped, so the program sees one completion for the
 * total, or an error with the bytes sent before it in the event's flags; a zero-copy entry completes
 * only after its last notification. Each request of the head entry carries its own sub-request id.
 */
final class SendQueue extends SocketOp {
    /** {@code UIO_MAXIOV}: the most iovecs one {@code sendmsg} takes. */
    static final int MAX_PARTS = 1024;

    private static final int SINGLE = 0;
    private static final int VECTOR = 1;
    private static final int FILE = 2;

    private final int fd;
    private final Arena arena = Arena.ofAuto();
    private MemorySegment msg;
    private int iovRoom;

    // the queue: a ring of entries
    private int[] kinds = new int[8];
    private MemorySegment[][] parts = new MemorySegment[8][];
    private MemorySegment[] singles = new MemorySegment[8];
    private long[] offs = new long[8];
    private long[] lens = new long[8];
    private long[] tags = new long[8];
    private Buffer[] bufs = new Buffer[8];
    private boolean[] zcs = new boolean[8];
    private int[] fileFds = new int[8];
    /** A file entry's descriptor is the queue's to close (opened from a path), not the program's. */
    private boolean[] ownsFd = new boolean[8];
    /** A single entry sent from a mapping of a {@code FileChannel}: unmapped (its arena closed) when done. */
    private Arena[] mappings = new Arena[8];
    /** Each entry's slow-operation event: null unless a JFR recording enables {@code io.aionet.SlowOperation}. */
    private io.aionet.internal.jfr.SlowOperationEvent[] slow = new io.aionet.internal.jfr.SlowOperationEvent[8];
    private int head;
    private int size;

    // the head entry's progress
    private boolean busy;
    private final SendProgress progress = new SendProgress();
    /** Sub-request id of the head entry's next request. */
    private int sub;
    /** The program cancelled: the entry in the kernel ends at its next completion instead of going on. */
    private boolean cancelled;

    SendQueue(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    /**
     * The program cancelled its pending requests: the entry in the kernel stops at its next completion
     * (a file send may be interrupted with a short count instead of {@code -ECANCELED}), and the entries
     * behind it stay queued.
     */
    void cancelRequested() {
        if (busy) {
            cancelled = true;
        }
    }

    /**
     * Cancels the head entry's request in the kernel: the entry ends at that request's completion with
     * {@code -ECANCELED} (or the bytes sent, when the request had finished first), carrying the bytes sent
     * before it in the event's flags; the entries behind it stay queued.
     */
    void cancelInFlight() {
        if (busy && progress.inFlight) {
            cancelled = true;
            backend().cancel(untracked(), userData((sub - 1) & 0xff));
        }
    }

    boolean isIdle() {
        return size == 0;
    }

    /** Queues a gathering send of {@code parts} (their total is at most 2 GiB). */
    void enqueueParts(MemorySegment[] p, long total, long tag, boolean zc) {
        int i = slot();
        kinds[i] = VECTOR;
        parts[i] = p;
        singles[i] = null;
        bufs[i] = null;
        lens[i] = total;
        tags[i] = tag;
        zcs[i] = zc;
        slow[i] = io.aionet.internal.jfr.Jfr.startSlow();
        push();
    }

    /** Queues a send of one range; {@code buf}: a DMA buffer lent to the kernel, released when sent. */
    void enqueueSingle(MemorySegment seg, long off, int len, long tag, Buffer buf, boolean zc) {
        enqueueSingle(seg, off, len, tag, buf, zc, null);
    }

    /** As above; {@code mapping}: the arena of a file mapping {@code seg} lies in, closed once the kernel is done. */
    void enqueueSingle(MemorySegment seg, long off, int len, long tag, Buffer buf, boolean zc, Arena mapping) {
        int i = slot();
        mappings[i] = mapping;
        kinds[i] = SINGLE;
        parts[i] = null;
        singles[i] = seg;
        offs[i] = off;
        lens[i] = len;
        tags[i] = tag;
        bufs[i] = buf;
        zcs[i] = zc;
        slow[i] = io.aionet.internal.jfr.Jfr.startSlow();
        push();
    }

    /**
     * Queues a file send of {@code length} bytes at {@code offset} of {@code fileFd}, which this queue closes
     * when done if {@code owned} (else it is the program's, left open).
     */
    void enqueueFile(int fileFd, boolean owned, long offset, long length, long tag) {
        int i = slot();
        kinds[i] = FILE;
        ownsFd[i] = owned;
        mappings[i] = null;
        parts[i] = null;
        singles[i] = null;
        bufs[i] = null;
        fileFds[i] = fileFd;
        offs[i] = offset;
        lens[i] = length;
        tags[i] = tag;
        slow[i] = io.aionet.internal.jfr.Jfr.startSlow();
        push();
    }

    private int slot() {
        if (size == kinds.length) {
            grow();
        }
        return (head + size) & (kinds.length - 1);
    }

    private void push() {
        size++;
        if (!busy) {
            startHead();
        }
    }

    private void startHead() {
        if (size == 0 || isDetached()) {
            busy = false;
            return;
        }
        busy = true;
        progress.reset();
        int i = head;
        if (kinds[i] != FILE) {
            if (lens[i] == 0) {
                finish();
                return;
            }
            submitSend();
        } else {
            startFile(i);
        }
    }

    private long nextPart() {
        return request(sub++ & 0xff);
    }

    // ---------------------------------------------------------------- plain and gathering sends

    private void submitSend() {
        int i = head;
        if (kinds[i] == SINGLE) {
            long sent = progress.sent;
            int remaining = (int) (lens[i] - sent);
            Backend b = backend();
            if (zcs[i]) {
                b.sendZc(nextPart(), fd, singles[i], offs[i] + sent, remaining, Sockets.MSG_NOSIGNAL);
            } else {
                b.send(nextPart(), fd, singles[i], offs[i] + sent, remaining, Sockets.MSG_NOSIGNAL);
            }
            progress.inFlight = true;
            return;
        }
        MemorySegment[] p = parts[i];
        int n = p == null ? 1 : p.length;
        ensureIovRoom(n);
        long skip = progress.sent;
        int k = 0;
        long iov = Msghdr.SIZEOF;
        for (int j = 0; j < n; j++) {
            long base;
            long len;
            if (p == null) {
                base = singles[i].address() + offs[i];
                len = lens[i];
            } else {
                base = p[j].address();
                len = p[j].byteSize();
            }
            if (skip >= len) {
                skip -= len; // sent already (a short send stopped after it)
                continue;
            }
            msg.set(ValueLayout.JAVA_LONG, iov + k * Iovec.SIZEOF + Iovec.OFFSETOF_iov_base, base + skip);
            msg.set(ValueLayout.JAVA_LONG, iov + k * Iovec.SIZEOF + Iovec.OFFSETOF_iov_len, len - skip);
            skip = 0;
            k++;
        }
        msg.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, msg.address() + iov);
        msg.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen, k);
        // plain stores; the submit's store-release publishes them (the kernel copies the msghdr and
        // iovecs when it takes the request, before this queue may rewrite them)
        if (zcs[i]) {
            backend().sendmsgZc(nextPart(), fd, msg, Sockets.MSG_NOSIGNAL);
        } else {
            backend().sendmsg(nextPart(), fd, msg, Sockets.MSG_NOSIGNAL);
        }
        progress.inFlight = true;
    }

    private void ensureIovRoom(int n) {
        if (n > iovRoom) {
            int room = Math.max(8, Integer.highestOneBit(n - 1) << 1);
            msg = arena.allocate(Msghdr.SIZEOF + room * Iovec.SIZEOF, 8);
            iovRoom = room;
        }
    }

    private void sendCompleted(int res, int flags, boolean more) {
        if ((flags & Backend.CQE_F_NOTIF) != 0) {
            progress.notified(res);
        } else if (progress.partCompleted(res, more, lens[head], isDetached() || cancelled)) {
            submitSend(); // a short send: the library sends the rest
        }
        finishSendIfDone();
    }

    private void finishSendIfDone() {
        if (!progress.settled()) {
            return;
        }
        Buffer b = bufs[head];
        if (b != null) {
            DmaSpi.giveBack(b, true);
        }
        finish();
    }

    // ---------------------------------------------------------------- file sends

    private void startFile(int i) {
        if (lens[i] == 0) {
            closeFile(i);
            finish(); // nothing to move: complete at once with 0
            return;
        }
        stepFile();
    }

    private void stepFile() {
        int i = head;
        long left = lens[i] - progress.sent;
        backend().sendFile(nextPart(), fileFds[i], offs[i] + progress.sent, (int) Math.min(left, Integer.MAX_VALUE), fd);
        progress.inFlight = true;
    }

    private void fileCompleted(int res) {
        progress.inFlight = false;
        int i = head;
        if (res > 0) {
            progress.sent += res;
        } else if (progress.error == 0) {
            // 0: the file ended before the range did (it shrank since the call)
            progress.error = res == 0 ? -Errno.EIO : res;
        }
        if (progress.error != 0 || progress.sent == lens[i] || isDetached() || cancelled) {
            if (progress.error == 0 && progress.sent < lens[i]) {
                progress.error = -Errno.ECANCELED;
            }
            closeFile(i);
            finish();
        } else {
            stepFile();
        }
    }

    // ---------------------------------------------------------------- completions

    @Override
    protected void completed(int sub, int res, int flags, boolean more) {
        if (kinds[head] != FILE) {
            sendCompleted(res, flags, more);
        } else {
            fileCompleted(res);
        }
    }

    private void finish() {
        int i = head;
        emit(EventKind.COMPLETION, tags[i], progress.result(), progress.eventFlags(), null);
        if (slow[i] != null) {
            io.aionet.internal.jfr.Jfr.endSlow(slow[i], kinds[i] == FILE ? "sendFile" : zcs[i] ? "sendZeroCopy" : "send",
                    fd, tags[i], progress.result());
            slow[i] = null;
        }
        parts[i] = null;
        singles[i] = null;
        bufs[i] = null;
        unmap(i);
        head = (head + 1) & (kinds.length - 1);
        size--;
        busy = false;
        cancelled = false;
        if (!isDetached()) {
            startHead();
        } else {
            dropQueued();
        }
    }

    /** The socket closed: entries that never reached the kernel hand back their buffers and files. */
    void dropQueued() {
        int first = busy ? 1 : 0;
        while (size > first) {
            int i = (head + size - 1) & (kinds.length - 1);
            if (bufs[i] != null) {
                DmaSpi.giveBack(bufs[i], true);
            }
            if (kinds[i] == FILE) {
                closeFile(i);
            }
            unmap(i);
            parts[i] = null;
            singles[i] = null;
            bufs[i] = null;
            slow[i] = null;
            size--;
        }
    }

    void close() {
        dropQueued();
        detach();
    }

    private void closeFile(int i) {
        if (fileFds[i] >= 0 && ownsFd[i]) {
            Fds.close(fileFds[i]);
        }
        fileFds[i] = -1;
    }

    /** The kernel is done with a file mapping's pages (the send completed, or never started): unmap it. */
    private void unmap(int i) {
        Arena a = mappings[i];
        if (a != null) {
            mappings[i] = null;
            a.close();
        }
    }

    private void grow() {
        kinds = RingArrays.grown(kinds, head, size);
        parts = RingArrays.grown(parts, head, size);
        singles = RingArrays.grown(singles, head, size);
        offs = RingArrays.grown(offs, head, size);
        lens = RingArrays.grown(lens, head, size);
        tags = RingArrays.grown(tags, head, size);
        bufs = RingArrays.grown(bufs, head, size);
        zcs = RingArrays.grown(zcs, head, size);
        fileFds = RingArrays.grown(fileFds, head, size);
        ownsFd = RingArrays.grown(ownsFd, head, size);
        mappings = RingArrays.grown(mappings, head, size);
        slow = RingArrays.grown(slow, head, size);
        head = 0;
    }
}
