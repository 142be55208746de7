package io.aionet.backend.uring;

import io.aionet.BackendKind;
import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BackendConfig;
import io.aionet.backend.BufferGroup;
import io.aionet.backend.CompletionHandler;
import io.aionet.backend.Feature;
import io.aionet.linux.Fds;
import io.aionet.linux.FileFds;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import io.aionet.linux.Statx;
import io.aionet.uring.BufRing;
import io.aionet.uring.CqeHandler;
import io.aionet.uring.IoUring;
import io.aionet.uring.IoUringConstants;
import io.aionet.uring.Probe;
import io.aionet.uring.Sqe;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.aionet.uring.IoUringConstants.FUTEX2_SIZE_U32;
import static io.aionet.uring.IoUringConstants.FUTEX_BITSET_MATCH_ANY;
import static io.aionet.uring.IoUringConstants.IORING_ASYNC_CANCEL_ALL;
import static io.aionet.uring.IoUringConstants.IORING_ASYNC_CANCEL_ANY;
import static io.aionet.uring.IoUringConstants.IORING_FSYNC_DATASYNC;
import static io.aionet.uring.IoUringConstants.IORING_OP_FUTEX_WAIT;
import static io.aionet.uring.IoUringConstants.IORING_OP_MSG_RING;
import static io.aionet.uring.IoUringConstants.IORING_OP_SEND_ZC;
import static io.aionet.uring.IoUringConstants.IORING_POLL_ADD_LEVEL;
import static io.aionet.uring.IoUringConstants.IORING_POLL_ADD_MULTI;
import static io.aionet.uring.IoUringConstants.IORING_RECVSEND_FIXED_BUF;
import static io.aionet.uring.IoUringConstants.IORING_SEND_ZC_REPORT_USAGE;
import static io.aionet.uring.IoUringConstants.IORING_SETUP_COOP_TASKRUN;
import static io.aionet.uring.IoUringConstants.IORING_SETUP_NO_SQARRAY;
import static io.aionet.uring.IoUringConstants.IORING_SETUP_SINGLE_ISSUER;
import static io.aionet.uring.IoUringConstants.IORING_SETUP_SUBMIT_ALL;
import static io.aionet.uring.IoUringConstants.IOSQE_IO_LINK;
import static io.aionet.uring.IoUringConstants.IOU_PBUF_RING_INC;
import static io.aionet.uring.IoUringConstants.POSIX_FADV_WILLNEED;

/**
 * The {@link Backend} on io_uring: each request is one SQE (two, linked, with a deadline; three for a
 * file send), each completion a CQE passed through unchanged — except the backend's own, tagged with
 * {@link Backend#RESERVED_BIT}: the wake-up poll, linked timeouts and readahead advice (ignored), and
 * the two splices of a file send (folded into the one completion {@link #sendFile} promises).
 *
 * <p>The ring is {@code SINGLE_ISSUER | DEFER_TASKRUN} when a platform thread opens it; a virtual
 * thread gets {@code COOP_TASKRUN | SUBMIT_ALL} instead (the kernel ties single-issuer rings to one OS
 * thread, and a virtual thread moves between carriers).
 */
public final class UringBackend implements Backend {
    // reserved user_data: RESERVED_BIT | kind << 48 | index
    private static final long WAKE = Backend.RESERVED_BIT | 1L << 48;
    private static final long IGNORED = Backend.RESERVED_BIT | 2L << 48;
    private static final long FILL = Backend.RESERVED_BIT | 3L << 48;
    private static final long DRAIN = Backend.RESERVED_BIT | 4L << 48;
    private static final long FSYNC = Backend.RESERVED_BIT | 5L << 48;
    private static final long KIND_MASK = 0x7fffL << 48;

    private static final MemorySegment ONE;

    static {
        ONE = Arena.global().allocate(ValueLayout.JAVA_LONG);
        ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    private final IoUring ring;
    private final Arena arena;
    private final int wakeFd;
    private final MemorySegment wakeScratch;
    private boolean wakeArmed;
    private boolean draining;
    private final boolean futex;
    private final boolean multishotTimeouts;
    private final boolean incrementalBuffers;
    /** The kernel fills several provided buffers in one receive ({@code IORING_FEAT_RECVSEND_BUNDLE}, 6.10). */
    private final boolean recvBundles;
    private final boolean sendZc;
    private final boolean msgRing;
    private final FilePipes pipes = new FilePipes();
    private final PinnedFiles syncs = new PinnedFiles();
    private final CqeHandler onCqe = this::onCqe;
    /** The SQE of the request queued last when {@link #link()} may link it; null otherwise. */
    private Sqe linkTarget;
    /** The SQE queued last carries {@code IOSQE_IO_LINK}: the next request continues its chain. */
    private boolean linkOpen;
    private CompletionHandler handler;
    private int delivered;
    // completions made by the backend itself (a file send that could not start), delivered by the next reap
    private long[] madeUd = new long[8];
    private int[] madeRes = new int[8];
    private int made;

    private UringBackend(IoUring ring) throws LinuxException {
        this.ring = ring;
        this.arena = Arena.ofShared();
        boolean ok = false;
        int fd = -1;
        try {
            Probe probe = ring.probe();
            this.futex = probe.isSupported(IORING_OP_FUTEX_WAIT);
            this.sendZc = probe.isSupported(IORING_OP_SEND_ZC);
            this.msgRing = probe.isSupported(IORING_OP_MSG_RING);
            this.multishotTimeouts = kernelAtLeast(6, 4);
            this.incrementalBuffers = kernelAtLeast(6, 12);
            this.recvBundles = ring.hasFeature(IoUringConstants.IORING_FEAT_RECVSEND_BUNDLE);
            fd = Native.check("eventfd", Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC));
            this.wakeFd = fd;
            this.wakeScratch = arena.allocate(8, 8);
            armWake();
            ok = true;
        } finally {
            if (!ok) {
                ring.close();
                arena.close();
                if (fd >= 0) {
                    Fds.close(fd);
                }
            }
        }
    }

    /**
     * A new io_uring backend owned by the calling thread.
     *
     * @throws LinuxException when the kernel refuses the ring (io_uring unavailable, limits)
     */
    public static UringBackend open(BackendConfig config) throws LinuxException {
        IoUring.Builder b = IoUring.builder().entries(config.submissionEntries())
                .cqEntries(Math.max(config.completionEntries(), config.submissionEntries()));
        if (config.sqPoll()) {
            // the kernel's poller is the ring's one submitter; deferred task work needs the owner to enter
            // the kernel, which is what the poller saves, so it is not asked for (the kernel refuses the pair)
            b.sqPoll(config.sqPollIdleMillis()).flags(IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SUBMIT_ALL
                    | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_NO_SQARRAY).bestEffort(true);
            if (config.sqPollCpu() >= 0) {
                b.sqThreadCpu(config.sqPollCpu());
            }
        } else if (!Thread.currentThread().isVirtual()) {
            b.singleThreaded();
        } else {
            b.flags(IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SUBMIT_ALL).bestEffort(true);
        }
        return new UringBackend(b.open());
    }

    /** {@return true when a kernel thread polls this backend's submission queue ({@code IORING_SETUP_SQPOLL})} */
    public boolean isSqPolling() {
        return ring.isSqPoll();
    }

    static boolean kernelAtLeast(int major, int minor) {
        String[] v = Fds.kernelRelease().split("[.-]");
        try {
            int ma = Integer.parseInt(v[0]);
            int mi = Integer.parseInt(v[1]);
            return ma > major || (ma == major && mi >= minor);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The ring underneath, for code of this module that works at the ring layer (tests, fixed buffers). */
    public IoUring ring() {
        return ring;
    }

    // ================================================================ identity

    @Override
    public BackendKind kind() {
        return BackendKind.IO_URING;
    }

    @Override
    public boolean supports(Feature feature) {
        return switch (feature) {
            case FUTEX_WAIT -> futex;
            case MULTISHOT_TIMEOUT -> multishotTimeouts;
            case INCREMENTAL_BUFFERS -> incrementalBuffers;
            case SEND_ZC -> sendZc;
            case FIXED_BUFFERS -> true;
            case POST -> msgRing;
            case LINKS -> true;
        };
    }

    @Override
    public int fd() {
        return ring.fd(); // readable while CQEs wait; the wake-up poll posts one
    }

    @Override
    public void wakeup() {
        Fds.write(wakeFd, ONE);
    }

    private void armWake() {
        wakeArmed = true;
        sqe(1).prepPollMultishot(wakeFd, Fds.POLLIN).userData(WAKE);
    }

    // ================================================================ entries

    /**
     * A free SQE, with room for {@code need - 1} more behind it (linked requests must not be split by
     * a submit); submits to make room when the queue is that full.
     */
    private Sqe sqe(int need) {
        if (linkOpen) {
            // the previous request carries IOSQE_IO_LINK: this one continues the chain, which a submit
            // in between would cut (the kernel ends a chain at the end of a submitted batch)
            linkOpen = false;
            if (ring.sqSpaceLeft() < need) {
                throw new IllegalStateException("a linked chain does not fit the free submission queue: reserve(n) first");
            }
            linkTarget = null;
            return ring.getSqe();
        }
        linkTarget = null;
        makeRoom(need);
        return ring.getSqe();
    }

    /**
     * Submits when fewer than {@code need} SQEs are free. With SQPOLL the kernel's thread takes entries
     * on its own time, so the owner waits for room ({@code IORING_ENTER_SQ_WAIT}) a bounded number of
     * times instead.
     */
    private void makeRoom(int need) {
        if (ring.sqSpaceLeft() >= need) {
            return;
        }
        try {
            ring.submit();
            for (int i = 0; i < 1000 && ring.sqSpaceLeft() < need && ring.isSqPoll(); i++) {
                ring.sqWait();
            }
        } catch (LinuxException e) {
            throw new UncheckedIOException(e);
        }
        if (ring.sqSpaceLeft() < need) {
            throw new IllegalStateException("submission queue stays full: the kernel is not consuming entries");
        }
    }

    /** Records {@code s}, the one SQE of a one-completion request, as what {@link #link()} links. */
    private void linkable(Sqe s) {
        linkTarget = s;
    }

    /** Refuses a request that cannot continue a chain (several SQEs, or done at once, out of the chain's order). */
    private void notLinked(String what) {
        if (linkOpen) {
            throw new IllegalStateException(what + " cannot follow a linked request");
        }
        linkTarget = null;
    }

    @Override
    public void link() {
        Sqe s = linkTarget;
        if (s == null) {
            throw new IllegalStateException("the request queued last cannot be linked (only one-SQE, one-completion requests can)");
        }
        s.addFlags(IOSQE_IO_LINK);
        linkTarget = null;
        linkOpen = true;
    }

    @Override
    public void reserve(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("reserve at least one entry: " + n);
        }
        if (linkOpen) {
            throw new IllegalStateException("reserve before a chain, not inside it");
        }
        try {
            makeRoom(n);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the submission queue cannot hold " + n + " requests (free: "
                    + ring.sqSpaceLeft() + ")", e);
        }
    }

    private void linkTimeout(Sqe first, long timeoutNanos) {
        first.addFlags(IOSQE_IO_LINK);
        ring.getSqe().prepLinkTimeout(timeoutNanos, 0).userData(IGNORED);
    }

    // ================================================================ readiness and timers

    @Override
    public void pollAdd(long ud, int fd, int events, int mode) {
        Sqe s = sqe(1);
        switch (mode) {
            case POLL_ONESHOT -> s.prepPollAdd(fd, events);
            case POLL_EDGE -> s.prepPollMultishot(fd, events);
            case POLL_LEVEL -> s.prepPollMultishot(fd, events).len(IORING_POLL_ADD_MULTI | IORING_POLL_ADD_LEVEL);
            default -> throw new IllegalArgumentException("unknown poll mode: " + mode);
        }
        s.userData(ud);
    }

    @Override
    public void pollRemove(long ud, long target) {
        sqe(1).prepPollRemove(target).userData(ud);
    }

    @Override
    public void timeout(long ud, long nanos, int flags) {
        if ((flags & TIMEOUT_MULTISHOT) != 0 && !multishotTimeouts) {
            throw new UnsupportedOperationException("io_uring on this kernel has no multishot timeouts (Linux 6.4)");
        }
        sqe(1).prepTimeout(nanos, 0, flags).userData(ud);
    }

    @Override
    public void timeoutRemove(long ud, long target) {
        sqe(1).prepTimeoutRemove(target, 0).userData(ud);
    }

    // ================================================================ cancellation

    @Override
    public void cancel(long ud, long target) {
        for (int p = 0; p < pipes.count(); p++) {
            if (pipes.busy[p] && pipes.userData[p] == target) {
                // a file send is two splices tagged by the backend: cancel the one that waits on the socket
                pipes.cancelled[p] = true;
                sqe(1).prepCancel(FILL | p, 0).userData(IGNORED);
                sqe(1).prepCancel(DRAIN | p, 0).userData(ud);
                return;
            }
        }
        int sync = syncs.slotOf(target);
        sqe(1).prepCancel(sync >= 0 ? FSYNC | sync : target, 0).userData(ud); // an fsync is tagged by the backend
    }

    @Override
    public void cancelFd(long ud, int fd) {
        for (int p = 0; p < pipes.count(); p++) {
            if (pipes.busy[p] && pipes.socketFd[p] == fd) {
                // A splice runs in an io-wq worker, which looks the descriptor up by number when it starts:
                // a cancel by descriptor cannot see it while it is still queued, and once the caller has
                // closed the number, the worker could pick up whatever socket is accepted under it next.
                // Cancel both splices by their own user_data, which reaches queued io-wq work too.
                pipes.cancelled[p] = true;
                sqe(1).prepCancel(FILL | p, 0).userData(IGNORED);
                sqe(1).prepCancel(DRAIN | p, 0).userData(IGNORED);
            }
        }
        sqe(1).prepCancelFd(fd, IORING_ASYNC_CANCEL_ALL).userData(ud);
    }

    @Override
    public void cancelAll(long ud) {
        draining = true; // the wake-up poll is cancelled too and stays so
        for (int p = 0; p < pipes.count(); p++) {
            if (pipes.busy[p]) {
                pipes.cancelled[p] = true;
            }
        }
        sqe(1).prepCancel(0, IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL).userData(ud);
    }

    // ================================================================ messages and futexes

    @Override
    public void post(long ud, Backend target, long targetUd, int res) {
        if (!(target instanceof UringBackend t)) {
            throw new IllegalArgumentException("an io_uring channel posts only to io_uring channels, not to "
                    + (target == null ? "null" : target.kind().label()));
        }
        if (!msgRing) {
            throw new UnsupportedOperationException("io_uring on this kernel has no IORING_OP_MSG_RING");
        }
        sqe(1).prepMsgRingPosted(t.ring.fd(), res, targetUd).userData(ud);
    }

    @Override
    public void futexWait(long ud, MemorySegment word, int expected) {
        if (!futex) {
            throw new UnsupportedOperationException("io_uring on this kernel has no futex operations (Linux 6.7)");
        }
        // futex2 takes the value and mask as unsigned 32-bit quantities for a U32 word
        sqe(1).prepFutexWait(word, expected & 0xffffffffL, FUTEX_BITSET_MATCH_ANY & 0xffffffffL, FUTEX2_SIZE_U32)
                .userData(ud);
    }

    // ================================================================ sockets

    @Override
    public void acceptMultishot(long ud, int fd, int flags) {
        sqe(1).prepMultishotAccept(fd, MemorySegment.NULL, MemorySegment.NULL, flags).userData(ud);
    }

    @Override
    public void connect(long ud, int fd, MemorySegment addr, int addrLen, long timeoutNanos) {
        Sqe s = sqe(timeoutNanos > 0 ? 2 : 1).prepConnect(fd, addr, addrLen).userData(ud);
        if (timeoutNanos > 0) {
            linkTimeout(s, timeoutNanos);
        } else {
            linkable(s);
        }
    }

    @Override
    public void recv(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags, long timeoutNanos) {
        Sqe s = sqe(timeoutNanos > 0 ? 2 : 1).prepRecv(fd, buf, offset, len, msgFlags).userData(ud);
        if (timeoutNanos > 0) {
            linkTimeout(s, timeoutNanos);
        } else {
            linkable(s);
        }
    }

    @Override
    public void recvMultishot(long ud, int fd, BufferGroup group, int msgFlags) {
        sqe(1).prepRecvMultishot(fd, group.bgid(), msgFlags).userData(ud);
    }

    @Override
    public void recvBundleMultishot(long ud, int fd, BufferGroup group, int msgFlags) {
        Sqe s = sqe(1).prepRecvMultishot(fd, group.bgid(), msgFlags).userData(ud);
        if (recvBundles) {
            s.addIoprio(IoUringConstants.IORING_RECVSEND_BUNDLE);
        }
    }

    @Override
    public void recvSelect(long ud, int fd, BufferGroup group, int len, int msgFlags) {
        if (len < 0) {
            throw new IllegalArgumentException("negative length: " + len);
        }
        linkable(sqe(1).prepRecvSelect(fd, group.bgid(), len, msgFlags).userData(ud));
    }

    @Override
    public void recvmsgMultishot(long ud, int fd, MemorySegment msghdr, BufferGroup group, int msgFlags) {
        sqe(1).prepRecvmsgMultishot(fd, msghdr, group.bgid(), msgFlags).userData(ud);
    }

    @Override
    public void recvmsg(long ud, int fd, MemorySegment msghdr, int msgFlags, long timeoutNanos) {
        Sqe s = sqe(timeoutNanos > 0 ? 2 : 1).prepRecvmsg(fd, msghdr, msgFlags).userData(ud);
        if (timeoutNanos > 0) {
            linkTimeout(s, timeoutNanos);
        } else {
            linkable(s);
        }
    }

    @Override
    public void send(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags) {
        linkable(sqe(1).prepSend(fd, buf, offset, len, msgFlags).userData(ud));
    }

    @Override
    public void sendZc(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags) {
        sqe(1).prepSendZc(fd, buf, offset, len, msgFlags, IORING_SEND_ZC_REPORT_USAGE).userData(ud);
    }

    @Override
    public void sendZcFixed(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags, int bufIndex) {
        sqe(1).prepSendZc(fd, buf, offset, len, msgFlags, IORING_SEND_ZC_REPORT_USAGE | IORING_RECVSEND_FIXED_BUF)
                .bufIndex(bufIndex).userData(ud);
    }

    @Override
    public void sendmsg(long ud, int fd, MemorySegment msghdr, int msgFlags) {
        linkable(sqe(1).prepSendmsg(fd, msghdr, msgFlags).userData(ud));
    }

    @Override
    public void sendmsgZc(long ud, int fd, MemorySegment msghdr, int msgFlags) {
        sqe(1).prepSendmsgZc(fd, msghdr, msgFlags, IORING_SEND_ZC_REPORT_USAGE).userData(ud);
    }

    @Override
    public void shutdown(long ud, int fd, int how) {
        // Not IORING_OP_SHUTDOWN: the kernel always runs it in an io-wq worker, which resolves the
        // descriptor by number when it gets to it; a socket closed meanwhile and a new one accepted under
        // the same number would be shut down instead (seen: EPIPE on the next connection's response).
        // shutdown(2) never blocks, so it runs here and its completion is delivered by the next reap.
        notLinked("shutdown (made at once)");
        make(ud, Sockets.shutdown(fd, how));
    }

    // ================================================================ file sends: fadvise + splice file → pipe → socket

    @Override
    public void sendFile(long ud, int fileFd, long offset, int len, int sockFd) {
        if (len < 0 || offset < 0) {
            throw new IllegalArgumentException("bad file range: offset " + offset + ", length " + len);
        }
        notLinked("a file send (a loop of splices)");
        int p = pipes.acquire();
        if (p < 0) {
            make(ud, p); // no pipe: the send fails with the errno pipe2 gave
            return;
        }
        int bound = pipes.bindSocket(p, sockFd); // the splices name the send's own descriptor (FilePipes)
        if (bound < 0) {
            make(ud, bound);
            return;
        }
        int n = Math.min(len, pipes.size[p]);
        pipes.userData[p] = ud;
        pipes.asked[p] = n;
        Sqe first = sqe(len > n ? 3 : 2);
        if (len > n) {
            // Polyakov's lazy sendfile: start reading the rest of the range ahead; advice only
            first.prepFadvise(fileFd, offset, len, POSIX_FADV_WILLNEED).userData(IGNORED);
            first = ring.getSqe();
        }
        first.prepSplice(fileFd, offset, pipes.writeFd[p], -1, n, 0).userData(FILL | p).addFlags(IOSQE_IO_LINK);
        ring.getSqe().prepSplice(pipes.readFd[p], -1, pipes.sockFd[p], -1, n, 0).userData(DRAIN | p);
    }

    private void fillDone(int p, int res) {
        pipes.filled[p] = res; // the linked drain's completion follows (linked requests complete in order)
    }

    private void drainDone(int p, int res) {
        if (res > 0) {
            pipes.drained[p] += res;
        }
        int filled = pipes.filled[p];
        int inPipe = Math.max(filled, 0) - pipes.drained[p];
        boolean stop = pipes.cancelled[p] || draining;
        if (inPipe > 0 && !stop && (res > 0 || (res == -Errno.ECANCELED && filled < pipes.asked[p]))) {
            // a short fill broke the link (the drain was cancelled), or the socket took part: move the rest alone
            sqe(1).prepSplice(pipes.readFd[p], -1, pipes.sockFd[p], -1, inPipe, 0).userData(DRAIN | p);
            return;
        }
        int result;
        if (pipes.drained[p] > 0) {
            result = pipes.drained[p];
        } else if (filled < 0 && filled != FilePipes.UNKNOWN) {
            result = filled; // the file side failed; the drain saw only the broken link
        } else if (res < 0 && (stop || res != -Errno.ECANCELED)) {
            result = res;
        } else {
            result = 0; // the file ends at the offset
        }
        long ud = pipes.userData[p];
        pipes.release(p, inPipe > 0);
        deliver(ud, result, 0);
    }

    // ================================================================ files

    @Override
    public void read(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset) {
        linkable(sqe(1).prepRead(fd, buf, offset, len, fileOffset).userData(ud));
    }

    @Override
    public void write(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset) {
        linkable(sqe(1).prepWrite(fd, buf, offset, len, fileOffset).userData(ud));
    }

    @Override
    public void readFixed(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset, int bufIndex) {
        linkable(sqe(1).prepReadFixed(fd, buf, offset, len, fileOffset, bufIndex).userData(ud));
    }

    @Override
    public void writeFixed(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset, int bufIndex) {
        linkable(sqe(1).prepWriteFixed(fd, buf, offset, len, fileOffset, bufIndex).userData(ud));
    }

    /**
     * {@code IORING_OP_FSYNC} always runs in an io-wq worker ({@code REQ_F_FORCE_ASYNC}), which looks its
     * descriptor up by number only when it starts — when the caller may have closed {@code fd} and another
     * file taken the number. So the file is pinned now: the request syncs a duplicate of {@code fd} made at
     * this call ({@code F_DUPFD_CLOEXEC}), which the backend closes at the completion.
     */
    @Override
    public void fsync(long ud, int fd, boolean dataOnly) {
        int dup = Fds.fcntl(fd, Fds.F_DUPFD_CLOEXEC, 0);
        int flags = dataOnly ? IORING_FSYNC_DATASYNC : 0;
        if (dup < 0) {
            // EBADF: the kernel reports it for the number as given; EMFILE: no number to pin the file with
            linkable(sqe(1).prepFsync(fd, flags).userData(ud));
            return;
        }
        int slot = syncs.take(ud, dup);
        linkable(sqe(1).prepFsync(dup, flags).userData(FSYNC | slot));
    }

    /**
     * {@code IORING_OP_OPENAT} from the working directory; relative to a directory descriptor, {@code openat(2)}
     * at once: the kernel runs an open that may block in an io-wq worker, which would look {@code dirFd} up by
     * number only then, when the caller may have closed it and another file taken the number.
     */
    @Override
    public void openat(long ud, int dirFd, MemorySegment path, int flags, int mode) {
        if (dirFd != AT_FDCWD) {
            notLinked("an openat relative to a directory descriptor");
            make(ud, FileFds.openat(dirFd, path, flags, mode));
            return;
        }
        linkable(sqe(1).prepOpenat(dirFd, path, flags, mode).userData(ud));
    }

    /**
     * {@code IORING_OP_STATX} of a path from the working directory; of a descriptor ({@code AT_EMPTY_PATH})
     * or relative to one, {@code statx(2)} at once: the kernel always runs a statx in an io-wq worker, which
     * would look the descriptor up by number only then (see {@link #shutdown}).
     */
    @Override
    public void statx(long ud, int dirFd, MemorySegment path, int atFlags, int mask, MemorySegment statxBuf) {
        if (dirFd != AT_FDCWD) {
            notLinked("a statx naming a descriptor");
            make(ud, Statx.statx(dirFd, path, atFlags, mask, statxBuf));
            return;
        }
        linkable(sqe(1).prepStatx(dirFd, path, atFlags, mask, statxBuf).userData(ud));
    }

    /**
     * A cancel of everything on {@code fd}, then {@code IORING_OP_CLOSE}: both run inline and in order at the
     * submit. A file whose close must flush (NFS, FUSE) is closed in an io-wq worker, which looks the number up
     * again — still this file's, as nothing else can take the number before the close completes.
     */
    @Override
    public void closeFd(long ud, int fd) {
        notLinked("closeFd (a cancel, then the close)");
        cancelFd(IGNORED, fd);
        sqe(1).prepClose(fd).userData(ud);
    }

    // ================================================================ memory

    @Override
    public BufferGroup bufferGroup(int bgid, int entries, boolean incremental) throws LinuxException {
        if (entries < 1 || entries > 32768 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("a buffer group has a power of two entries, 1..32768: " + entries);
        }
        if (bgid < 0 || bgid > 0xffff) {
            throw new IllegalArgumentException("bgid must fit 16 bits: " + bgid);
        }
        if (incremental) {
            try {
                return new UringBufferGroup(ring.registerBufRing(entries, bgid, IOU_PBUF_RING_INC), true);
            } catch (LinuxException e) {
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
                // kernels before 6.12 reject the unknown flag with EINVAL: whole-buffer consumption then
            }
        }
        BufRing br = ring.registerBufRing(entries, bgid, 0);
        return new UringBufferGroup(br, false);
    }

    @Override
    public void registerBuffers(MemorySegment... regions) throws LinuxException {
        ring.registerBuffers(regions);
    }

    @Override
    public void unregisterBuffers() throws LinuxException {
        ring.unregisterBuffers();
    }

    // ================================================================ driving

    @Override
    public int submit() throws LinuxException {
        return ring.submit();
    }

    @Override
    public int submitAndWait(int min, long timeoutNanos) throws LinuxException {
        if (made > 0) {
            return ring.submit(); // completions of the backend's own wait to be reaped: do not block
        }
        return ring.submitAndWait(min, timeoutNanos);
    }

    @Override
    public int reap(CompletionHandler h, int max) throws LinuxException {
        CompletionHandler outer = handler;
        int outerDelivered = delivered;
        handler = h;
        delivered = 0;
        try {
            while (made > 0 && delivered < max) {
                long ud = madeUd[0];
                int res = madeRes[0];
                made--;
                System.arraycopy(madeUd, 1, madeUd, 0, made);
                System.arraycopy(madeRes, 1, madeRes, 0, made);
                deliver(ud, res, 0);
            }
            if (delivered < max) {
                ring.forEachCqe(onCqe, max - delivered);
            }
            return delivered;
        } finally {
            handler = outer;
            delivered = outerDelivered;
        }
    }

    private void onCqe(long ud, int res, int flags) {
        if ((ud & RESERVED_BIT) == 0 || (flags & CQE_F_POSTED) != 0) {
            deliver(ud, res, flags);
            return;
        }
        long kind = ud & (RESERVED_BIT | KIND_MASK);
        int index = (int) (ud & 0xffff_ffffL);
        if (kind == WAKE) {
            if (res > 0) {
                Fds.read(wakeFd, wakeScratch); // reset the counter; the wake-up itself was the point
            }
            if ((flags & CQE_F_MORE) == 0) {
                wakeArmed = false;
                if (!draining && !ring.isClosed()) {
                    armWake(); // the kernel ended the multishot poll (e.g. on overflow)
                }
            }
        } else if (kind == FILL) {
            fillDone(index, res);
        } else if (kind == DRAIN) {
            drainDone(index, res);
        } else if (kind == FSYNC) {
            long caller = syncs.userData(index);
            Fds.close(syncs.release(index)); // the duplicate that pinned the file
            deliver(caller, res, flags);
        }
        // IGNORED: linked timeouts, readahead advice, the cancels of a file send's fill
    }

    private void deliver(long ud, int res, int flags) {
        CompletionHandler h = handler;
        delivered++;
        if (h != null) {
            h.complete(ud, res, flags);
        } else {
            make(ud, res); // outside a reap (cannot happen today): keep it for the next one
        }
    }

    private void make(long ud, int res) {
        if (made == madeUd.length) {
            madeUd = java.util.Arrays.copyOf(madeUd, made * 2);
            madeRes = java.util.Arrays.copyOf(madeRes, made * 2);
        }
        madeUd[made] = ud;
        madeRes[made] = res;
        made++;
    }

    @Override
    public boolean overflowPending() {
        return ring.cqOverflowPending();
    }

    @Override
    public long inFlight() {
        return Math.max(0, ring.inFlight() - (wakeArmed ? 1 : 0)) + made;
    }

    @Override
    public boolean isClosed() {
        return ring.isClosed();
    }

    @Override
    public void close() {
        if (ring.isClosed()) {
            return;
        }
        draining = true;
        ring.close(); // cancel everything, bounded wait, unregister buffer rings and buffers, unmap, close
        pipes.closeAll();
        syncs.closeAll();
        Fds.close(wakeFd);
        arena.close();
    }

    @Override
    public String toString() {
        return "UringBackend[" + ring + "]";
    }
}
