package io.aionet.net;

import io.aionet.internal.RingArrays;
import io.aionet.dma.Buffer;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.linux.FileFds;
import io.aionet.linux.Iovec;
import io.aionet.linux.Msghdr;
import io.aionet.linux.Sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.aionet.uring.IoUringConstants.IORING_CQE_F_NOTIF;
import static io.aionet.uring.IoUringConstants.IORING_SEND_ZC_REPORT_USAGE;
import static io.aionet.uring.IoUringConstants.IOSQE_IO_LINK;
import static io.aionet.uring.IoUringConstants.POSIX_FADV_WILLNEED;

/**
 * The ordered queue of a stream socket's gathering sends and file sends, one at a time:
 * <ul>
 *   <li>gathering sends — Drepper's {@code sio_sendmsg} with several buffers, Polyakov's {@code aio_send}
 *       of a vector: {@code IORING_OP_SENDMSG} (or {@code SENDMSG_ZC}) over an iovec array this queue
 *       owns. A short send is continued from where the kernel stopped, so the program sees one
 *       completion for the total, or an error with the bytes sent before it in the event's flags;</li>
 *   <li>file sends — Polyakov's lazy {@code aio_sendfile}: {@code IORING_OP_FADVISE}
 *       ({@code POSIX_FADV_WILLNEED}) over the range starts readahead, then per chunk two linked
 *       {@code IORING_OP_SPLICE}s move file → pipe → socket, until all bytes went out. The pipe is this
 *       socket's, made on first use and sized with {@code F_SETPIPE_SZ}; a chunk is the pipe's size.</li>
 * </ul>
 * Every request of an entry carries this operation's one {@code user_data}; they are told apart by
 * order, which is safe because only one entry (one send, or one linked splice pair) is in the kernel
 * at a time and linked requests complete in order.
 */
final class StreamSends extends SocketOp {
    /** {@code UIO_MAXIOV}: the most iovecs one {@code sendmsg} takes. */
    static final int MAX_PARTS = 1024;
    /**
     * The pipe sizes tried, largest first; the size got is the chunk of one splice pair, and fewer,
     * larger chunks cost fewer trips through the kernel's workers. Each socket that sends files keeps
     * one pipe, and an unprivileged user's pipes share a quota ({@code /proc/sys/fs/pipe-user-pages-soft},
     * 64 MiB by default; {@code pipe-max-size} caps one pipe at 1 MiB): past it the kernel refuses to
     * grow a pipe ({@code EPERM}), and the next smaller size is tried.
     */
    static final int[] PIPE_SIZES = {1 << 20, 256 * 1024, 64 * 1024};

    private static final int IOV = 0;
    private static final int FILE = 1;

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
    private int head;
    private int size;

    // the head entry's progress
    private boolean busy;
    private final SendProgress progress = new SendProgress();
    // file sends
    private int pipeRead = -1;
    private int pipeWrite = -1;
    private int pipeSize;
    private long fileSpliced;
    private long inPipe;
    private boolean expectFill;
    private boolean expectDrain;
    /** The fill moved fewer bytes than asked, which breaks its link: the drain's -ECANCELED is expected then. */
    private boolean fillShort;
    private int fillAsked;
    /** The program cancelled: the entry in the kernel ends at its next completion instead of going on. */
    private boolean cancelled;

    StreamSends(EventChannel channel, int fd) {
        super(channel);
        this.fd = fd;
    }

    /**
     * The program cancelled its pending requests: the entry in the kernel stops at its next completion
     * (a splice blocked in the kernel's worker may be interrupted with a short count instead of
     * {@code -ECANCELED}), and the entries behind it stay queued.
     */
    void cancelRequested() {
        if (busy) {
            cancelled = true;
        }
    }

    boolean isIdle() {
        return size == 0;
    }

    /** Queues a gathering send of {@code parts} (their total is at most 2 GiB). */
    void enqueueParts(MemorySegment[] p, long total, long tag, boolean zc) {
        int i = slot();
        kinds[i] = IOV;
        parts[i] = p;
        singles[i] = null;
        bufs[i] = null;
        lens[i] = total;
        tags[i] = tag;
        zcs[i] = zc;
        push();
    }

    /** Queues a send of one range (a plain send that must wait behind this queue to keep the byte order). */
    void enqueueSingle(MemorySegment seg, long off, int len, long tag, Buffer buf, boolean zc) {
        int i = slot();
        kinds[i] = IOV;
        parts[i] = null;
        singles[i] = seg;
        offs[i] = off;
        lens[i] = len;
        tags[i] = tag;
        bufs[i] = buf;
        zcs[i] = zc;
        push();
    }

    /** Queues a file send of {@code length} bytes at {@code offset} of {@code fileFd}, which this queue closes when done. */
    void enqueueFile(int fileFd, long offset, long length, long tag) {
        int i = slot();
        kinds[i] = FILE;
        parts[i] = null;
        singles[i] = null;
        bufs[i] = null;
        fileFds[i] = fileFd;
        offs[i] = offset;
        lens[i] = length;
        tags[i] = tag;
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
        if (kinds[i] == IOV) {
            if (lens[i] == 0) {
                finish();
                return;
            }
            submitSend();
        } else {
            startFile(i);
        }
    }

    // ---------------------------------------------------------------- gathering sends

    private void submitSend() {
        int i = head;
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
        // plain stores; the SQ tail's store-release at submit publishes them (the kernel copies the
        // msghdr and iovecs when it takes the request, before this queue may rewrite them)
        if (zcs[i]) {
            track(sqe().prepSendmsgZc(fd, msg, Sockets.MSG_NOSIGNAL, IORING_SEND_ZC_REPORT_USAGE));
        } else {
            track(sqe().prepSendmsg(fd, msg, Sockets.MSG_NOSIGNAL));
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
        if ((flags & IORING_CQE_F_NOTIF) != 0) {
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
        fileSpliced = 0;
        inPipe = 0;
        if (lens[i] == 0) {
            Fds.close(fileFds[i]);
            fileFds[i] = -1;
            finish(); // nothing to move: complete at once with 0
            return;
        }
        if (pipeRead < 0) {
            int[] p = new int[2];
            int r = Fds.pipe2(p, Fds.O_CLOEXEC);
            if (r < 0) {
                progress.error = r;
                Fds.close(fileFds[i]);
                fileFds[i] = -1;
                finish();
                return;
            }
            pipeRead = p[0];
            pipeWrite = p[1];
            int got = -1;
            for (int k = 0; k < PIPE_SIZES.length && got <= 0; k++) {
                got = Fds.fcntl(pipeWrite, FileFds.F_SETPIPE_SZ, PIPE_SIZES[k]);
            }
            pipeSize = got > 0 ? got : Math.max(4096, Fds.fcntl(pipeWrite, FileFds.F_GETPIPE_SZ, 0));
        }
        // Polyakov's lazy sendfile: start reading the range ahead now; the splices then find it cached.
        // Advice only: its completion is channel bookkeeping.
        long len = lens[i];
        untracked(sqe().prepFadvise(fileFds[i], offs[i], len > Integer.MAX_VALUE ? 0 : (int) len, POSIX_FADV_WILLNEED));
        stepFile();
    }

    private void stepFile() {
        int i = head;
        if (inPipe > 0) {
            // left in the pipe by a short fill (which broke the link): move it out alone
            expectDrain = true;
            track(sqe().prepSplice(pipeRead, -1, fd, -1, (int) inPipe, 0));
            return;
        }
        int n = (int) Math.min(pipeSize, lens[i] - fileSpliced);
        expectFill = true;
        expectDrain = true;
        fillShort = false;
        fillAsked = n;
        track(sqe().prepSplice(fileFds[i], offs[i] + fileSpliced, pipeWrite, -1, n, 0)).addFlags(IOSQE_IO_LINK);
        track(sqe().prepSplice(pipeRead, -1, fd, -1, n, 0));
    }

    private void fileCompleted(int res) {
        if (expectFill) {
            expectFill = false;
            if (res > 0) {
                fileSpliced += res;
                inPipe += res;
                fillShort = res < fillAsked;
            } else if (progress.error == 0) {
                progress.error = res == 0 ? -Errno.EIO : res; // 0: the file ended early (shrunk since the call)
            }
            return; // the drain's completion follows (its result, or -ECANCELED after a short fill)
        }
        expectDrain = false;
        if (res > 0) {
            inPipe -= res;
            progress.sent += res;
        } else if (progress.error == 0 && !(res == -Errno.ECANCELED && fillShort)) {
            // (-ECANCELED after a short fill: the fill broke the link; the next step drains the pipe.
            // Any other -ECANCELED is the program's cancel, or the socket's close.)
            progress.error = res == 0 ? -Errno.EPIPE : res;
        }
        fillShort = false;
        int i = head;
        if (progress.error != 0 || progress.sent == lens[i] || isDetached() || cancelled) {
            if (progress.error == 0 && progress.sent < lens[i]) {
                progress.error = -Errno.ECANCELED;
            }
            if (inPipe > 0) {
                closePipe(); // bytes of a failed send would precede the next one's: start afresh
            }
            Fds.close(fileFds[i]);
            fileFds[i] = -1;
            finish();
        } else {
            stepFile();
        }
    }

    private void closePipe() {
        if (pipeRead >= 0) {
            Fds.close(pipeRead);
            Fds.close(pipeWrite);
            pipeRead = -1;
            pipeWrite = -1;
        }
        inPipe = 0;
    }

    // ---------------------------------------------------------------- completions

    @Override
    protected void completed(int res, int flags, boolean more) {
        if (kinds[head] == IOV) {
            sendCompleted(res, flags, more);
        } else {
            fileCompleted(res);
        }
    }

    private void finish() {
        int i = head;
        emit(EventKind.COMPLETION, tags[i], progress.result(), progress.eventFlags(), null);
        parts[i] = null;
        singles[i] = null;
        bufs[i] = null;
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
            if (kinds[i] == FILE && fileFds[i] >= 0) {
                Fds.close(fileFds[i]);
            }
            parts[i] = null;
            singles[i] = null;
            bufs[i] = null;
            size--;
        }
    }

    void close() {
        dropQueued();
        detach();
    }

    @Override
    protected void released() {
        closePipe(); // no splice of this socket is in the kernel any more
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
        head = 0;
    }
}
