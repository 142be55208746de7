package io.aionet.backend.epoll;

import io.aionet.BackendKind;
import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BackendConfig;
import io.aionet.backend.BufferGroup;
import io.aionet.backend.CompletionHandler;
import io.aionet.backend.Feature;
import io.aionet.linux.Epoll;
import io.aionet.linux.Fds;
import io.aionet.linux.FileFds;
import io.aionet.linux.Iovec;
import io.aionet.linux.Msghdr;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import io.aionet.linux.Statx;
import io.aionet.linux.Timerfd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static io.aionet.linux.Epoll.EPOLLERR;
import static io.aionet.linux.Epoll.EPOLLET;
import static io.aionet.linux.Epoll.EPOLLHUP;
import static io.aionet.linux.Epoll.EPOLLIN;
import static io.aionet.linux.Epoll.EPOLLONESHOT;
import static io.aionet.linux.Epoll.EPOLLOUT;
import static io.aionet.linux.Epoll.EPOLLPRI;
import static io.aionet.linux.Epoll.EPOLLRDHUP;
import static io.aionet.uring.IoUringConstants.IORING_ASYNC_CANCEL_ALL;
import static io.aionet.uring.IoUringConstants.IORING_ASYNC_CANCEL_ANY;
import static io.aionet.uring.IoUringConstants.IORING_CQE_BUFFER_SHIFT;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_BUFFER;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_BUF_MORE;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_MORE;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_NOTIF;
import static io.aionet.uring.IoUringConstants.IORING_NOTIF_USAGE_ZC_COPIED;

/**
 * The epoll backend's proactor: io_uring's request/completion model emulated over {@code epoll_wait} and
 * non-blocking system calls, in pure FFM.
 *
 * <p>Requests are tagged with a 64-bit {@code user_data} and complete with {@code (user_data, res, flags)}
 * exactly as io_uring's CQEs do: {@code res} is a byte count, a descriptor or 0, or {@code -errno};
 * multishot requests set {@code IORING_CQE_F_MORE} on every completion but the last; receives from a
 * {@link BufferGroup} set {@code IORING_CQE_F_BUFFER} with the buffer id in {@code flags >>> 16}; zero-copy
 * sends complete twice, the send ({@code F_MORE}) and then its notification ({@code IORING_CQE_F_NOTIF}).
 * Requests are prepared, issued by {@link #submit()} in order, and their completions collected in user
 * space ({@link Completions}) until {@link #reap} hands them to a handler.
 *
 * <p>How each request is carried out:
 * <ul>
 * <li>I/O requests are tried at once, as io_uring does; one that would block waits in its descriptor's
 *     queue (see {@link Descriptor}) and is retried on the next edge of {@code EPOLLET} readiness.
 *     Short sends are continued by the engine until every byte is sent or an error comes.</li>
 * <li>Polls register the descriptor for their mask: one-shot with {@code EPOLLONESHOT}, multishot (edge)
 *     with {@code EPOLLET}, level-triggered without either.</li>
 * <li>Monotonic timeouts and the deadlines of receives and connects sit in one {@link Deadlines} heap, and
 *     one {@code timerfd} is armed for the earliest; a {@code REALTIME}/{@code BOOTTIME} timeout gets a
 *     timerfd of its own on its clock (so clock changes and suspend count as the kernel counts them).</li>
 * <li>Cancellation completes its target with {@code -ECANCELED} and itself with 0 (or the number
 *     cancelled with {@code IORING_ASYNC_CANCEL_ALL}), or {@code -ENOENT}.</li>
 * <li>Other threads reach the engine through {@link #post} and {@link #wakeup} (a {@link PostBox}: a queue
 *     and an eventfd in the epoll set).</li>
 * <li>Zero-copy sends use {@code SO_ZEROCOPY} + {@code MSG_ZEROCOPY}; their notifications are read from the
 *     socket's error queue when {@code EPOLLERR} shows it ({@link ZeroCopyNotifications}). A socket that
 *     refuses {@code SO_ZEROCOPY} gets copying sends and an immediate notification.</li>
 * </ul>
 *
 * <p>Thread confinement: one thread owns the engine (prepares, submits, waits, reaps); only {@link #post}
 * and {@link #wakeup} may be called from others. Descriptors the engine registered must be forgotten
 * ({@link #cancelFd} or {@link #forget}) before they are closed, since the engine caches their state.
 */
public final class EpollBackend implements Backend {
    /** A deadline or timer request waiting in the heap; no descriptor. */
    private static final int BUDGET = 16;
    private static final int IO_EVENTS = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    private static final int READ_READY = EPOLLIN | EPOLLPRI | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
    private static final int WRITE_READY = EPOLLOUT | EPOLLHUP | EPOLLERR;
    private static final int SO_TYPE = 3;

    // what one attempt at a queued request did: ints, not an enum, so that nothing on the I/O path loads a
    // class lazily (a class loaded while the process is out of descriptors fails for good: EMFILE)
    private static final int DONE = 0;
    private static final int AGAIN = 1;
    private static final int MORE = 2;
    /** A stream read came back short: the socket is empty now, no need to read on to EAGAIN (edge-triggered). */
    private static final int DRAINED = 3;
    /** At most this many buffers, and this many bytes, per receive call of a bundle. */
    private static final int BUNDLE_BUFFERS = 64;
    private static final long BUNDLE_BYTES = 1 << 20;

    static {
        // load the engine's helpers with the engine, not on first use (the same reason)
        Class<?>[] helpers = {Descriptor.class, Request.class, RequestQueue.class, MessageScratch.class,
                Deadlines.class, Completions.class, PostBox.class, ZeroCopyNotifications.class, EpollBufferGroup.class};
        for (Class<?> c : helpers) {
            try {
                java.lang.invoke.MethodHandles.lookup().ensureInitialized(c);
            } catch (IllegalAccessException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final Arena arena;
    private final int epfd;
    private final int wakeFd;
    private final int timerFd;
    private final MemorySegment events;
    private final int maxEvents;
    private final MemorySegment eventScratch;
    private final MemorySegment timerSpec;
    private final MemorySegment word;
    private final MemorySegment sendfileOffset;
    private final MemorySegment peerName;
    private final MemorySegment recvmsgHeader;
    private final MemorySegment recvmsgIov;
    private final MemorySegment fileIov;
    private final MemorySegment bundleHeader;
    private final MemorySegment bundleIov;
    private final Completions cq;
    private final PostBox postBox;
    private final Deadlines deadlines = new Deadlines();
    private final ZeroCopyNotifications zeroCopy;
    private final ZeroCopyNotifications.RangeSink rangeSink = this::zeroCopyCompleted;

    private Descriptor[] table = new Descriptor[1024];
    private final RequestQueue submissions = new RequestQueue();
    private Request free;
    private Request liveHead;
    private Descriptor runAgainHead;
    private long timerArmedFor = Long.MAX_VALUE;
    private final List<EpollBufferGroup> groups = new ArrayList<>();
    private MemorySegment[] fixedBuffers;
    private long liveCount;
    /** Zero-copy completion ranges read from error queues (tests check the kernel's path was taken). */
    long zeroCopyRanges;
    private boolean woken;
    /** {@link #submit} has just collected the ready events: the {@link #reap} after it needs no wait. */
    private boolean justPolled;
    private boolean fdExported;
    private boolean closed;

    private EpollBackend(int completionEntries, int maxEvents) throws LinuxException {
        Arena a = Arena.ofShared();
        int ep = -1;
        int wake = -1;
        int timer = -1;
        try {
            ep = Native.check("epoll_create1", Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC));
            wake = Native.check("eventfd", Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC));
            timer = Native.check("timerfd_create", Timerfd.timerfd_create(Timerfd.CLOCK_MONOTONIC,
                    Timerfd.TFD_NONBLOCK | Timerfd.TFD_CLOEXEC));
            this.arena = a;
            this.epfd = ep;
            this.wakeFd = wake;
            this.timerFd = timer;
            this.maxEvents = maxEvents;
            this.events = a.allocate(Epoll.SIZEOF_epoll_event * maxEvents, 8);
            this.eventScratch = a.allocate(Epoll.SIZEOF_epoll_event, 8);
            this.timerSpec = a.allocate(Timerfd.ITIMERSPEC);
            this.word = a.allocate(ValueLayout.JAVA_LONG);
            this.sendfileOffset = a.allocate(ValueLayout.JAVA_LONG);
            this.peerName = a.allocate(128 + 8, 8);
            this.recvmsgHeader = a.allocate(Msghdr.LAYOUT);
            this.recvmsgIov = a.allocate(16, 8);
            this.fileIov = a.allocate(16, 8);
            this.bundleHeader = a.allocate(Msghdr.LAYOUT);
            this.bundleIov = a.allocate(Iovec.SIZEOF * BUNDLE_BUFFERS, 8);
            bundleHeader.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, bundleIov.address());
            this.cq = new Completions(completionEntries);
            this.postBox = new PostBox(wake, a);
            this.zeroCopy = new ZeroCopyNotifications(a);
            Native.check("epoll_ctl", ctl(Epoll.EPOLL_CTL_ADD, wake, EPOLLIN));
            Native.check("epoll_ctl", ctl(Epoll.EPOLL_CTL_ADD, timer, EPOLLIN));
        } catch (LinuxException | RuntimeException e) {
            for (int fd : new int[] {timer, wake, ep}) {
                if (fd >= 0) {
                    Fds.close(fd);
                }
            }
            a.close();
            throw e;
        }
    }

    /**
     * Opens an epoll backend owned by the calling thread: an epoll set, its wake-up eventfd and its deadline
     * timerfd.
     *
     * @throws LinuxException when the kernel refuses a descriptor (EMFILE, ENFILE, ENOMEM)
     */
    public static EpollBackend open(BackendConfig config) throws LinuxException {
        return new EpollBackend(Math.max(config.completionEntries(), config.submissionEntries()), 256);
    }

    // ------------------------------------------------------------------ identity

    @Override
    public BackendKind kind() {
        return BackendKind.EPOLL;
    }

    /**
     * Everything but {@link Feature#FUTEX_WAIT} and {@link Feature#LINKS}: epoll has no futex readiness, and
     * core's event channel falls back to its eventfd wake counter; chains are ordered by their caller, which
     * makes each request when the one before it completed. Periodic timeouts, incremental buffer groups, zero-copy sends
     * ({@code MSG_ZEROCOPY}), fixed buffers (regions checked, nothing to register) and posts are served.
     */
    @Override
    public boolean supports(Feature feature) {
        return feature != Feature.FUTEX_WAIT && feature != Feature.LINKS;
    }

    /**
     * The epoll set's descriptor: readable while its events wait, and made readable (through the wake-up
     * eventfd it contains) whenever completions are queued and not reaped.
     */
    @Override
    public int fd() {
        fdExported = true;
        return epfd;
    }

    @Override
    public void wakeup() {
        postBox.wakeup();
    }

    // ------------------------------------------------------------------ the vocabulary (prepared, issued by submit)

    @Override
    public void pollAdd(long ud, int fd, int events, int mode) {
        if (mode != POLL_ONESHOT && mode != POLL_EDGE && mode != POLL_LEVEL) {
            throw new IllegalArgumentException("unknown poll mode: " + mode);
        }
        Request r = prepare(Request.POLL, ud, fd);
        r.pollMask = events & 0xffff;
        r.pollMode = (byte) mode;
        r.multishot = mode != POLL_ONESHOT;
    }

    @Override
    public void pollRemove(long ud, long target) {
        prepare(Request.POLL_REMOVE, ud, -1).target = target;
    }

    /**
     * A monotonic timeout waits in the deadline heap behind the one timerfd; a {@code REALTIME} or
     * {@code BOOTTIME} one gets a timerfd of its own on that clock, so clock changes and suspend count as
     * the kernel counts them.
     */
    @Override
    public void timeout(long ud, long nanos, int flags) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a timeout cannot be negative: " + nanos);
        }
        boolean multishot = (flags & TIMEOUT_MULTISHOT) != 0;
        if (multishot && nanos == 0) {
            throw new IllegalArgumentException("a periodic timeout needs a period");
        }
        int clock = (flags & TIMEOUT_REALTIME) != 0 ? Timerfd.CLOCK_REALTIME
                : (flags & TIMEOUT_BOOTTIME) != 0 ? Timerfd.CLOCK_BOOTTIME : Timerfd.CLOCK_MONOTONIC;
        Request r = prepare(clock == Timerfd.CLOCK_MONOTONIC ? Request.TIMEOUT : Request.CLOCK_TIMEOUT, ud, -1);
        r.length = nanos;
        r.inFd = clock;
        r.started = (flags & TIMEOUT_ABS) != 0;
        r.multishot = multishot;
    }

    @Override
    public void timeoutRemove(long ud, long target) {
        prepare(Request.TIMEOUT_REMOVE, ud, -1).target = target;
    }

    @Override
    public void cancel(long ud, long target) {
        prepare(Request.CANCEL, ud, -1).target = target;
    }

    /**
     * Also forgets the descriptor, so call it before closing one. Zero-copy sends still awaiting their
     * notification get it now, flagged copied (the socket is about to close; the kernel keeps the pages
     * it pinned).
     */
    @Override
    public void cancelFd(long ud, int fd) {
        prepare(Request.CANCEL_FD, ud, fd);
    }

    @Override
    public void cancelAll(long ud) {
        Request r = prepare(Request.CANCEL, ud, -1);
        r.cancelFlags = IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL;
    }

    /** Queued in the target's {@link PostBox}, which wakes it through its eventfd; {@code -EBADFD} when it is closed. */
    @Override
    public void post(long ud, Backend target, long targetUd, int res) {
        if (!(target instanceof EpollBackend t)) {
            throw new IllegalArgumentException("an epoll channel posts only to epoll channels, not to "
                    + (target == null ? "null" : target.kind().label()));
        }
        Request r = prepare(Request.MSG, ud, -1);
        r.targetEngine = t;
        r.target = targetUd;
        r.value = res;
        r.cancelFlags = CQE_F_POSTED;
    }

    /** Not on epoll: there is no futex readiness to wait for ({@link #supports} says so). */
    @Override
    public void futexWait(long ud, MemorySegment word, int expected) {
        throw new UnsupportedOperationException("the epoll backend has no futex waits (FUTEX_WAIT needs io_uring, Linux 6.7)");
    }

    @Override
    public void acceptMultishot(long ud, int fd, int flags) {
        Request r = prepare(Request.ACCEPT, ud, fd);
        r.msgFlags = flags;
        r.multishot = true;
    }

    /**
     * {@code connect(2)} on the socket made non-blocking; {@code EINPROGRESS} waits for writability, then
     * {@code SO_ERROR} (and a peer, against stale edges) gives the result.
     */
    @Override
    public void connect(long ud, int fd, MemorySegment addr, int addrLen, long timeoutNanos) {
        Request r = prepare(Request.CONNECT, ud, fd);
        r.memory = Objects.requireNonNull(addr, "addr");
        r.length = addrLen;
        r.deadline = timeoutNanos;
    }

    @Override
    public void recv(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags, long timeoutNanos) {
        Objects.checkFromIndexSize(offset, len, buf.byteSize());
        Request r = prepare(Request.RECV, ud, fd);
        r.memory = buf;
        r.offset = offset;
        r.length = len;
        r.msgFlags = msgFlags;
        r.deadline = timeoutNanos;
    }

    /** The backend takes the group's oldest buffer, reads into it with {@code recv(MSG_DONTWAIT)} and names it. */
    @Override
    public void recvMultishot(long ud, int fd, BufferGroup group, int msgFlags) {
        recvGroup(ud, fd, group, msgFlags);
    }

    private Request recvGroup(long ud, int fd, BufferGroup group, int msgFlags) {
        Request r = prepare(Request.RECV_GROUP, ud, fd);
        r.group = ownGroup(group);
        r.msgFlags = msgFlags;
        r.multishot = true;
        return r;
    }

    /**
     * As {@link #recvMultishot}, where one {@code recvmsg} may fill several of the group's buffers in
     * a row (as many as the last call needed, doubling while calls fill all they were given, up to 64
     * buffers and 1 MiB), one completion for them all.
     */
    @Override
    public void recvBundleMultishot(long ud, int fd, BufferGroup group, int msgFlags) {
        recvGroup(ud, fd, group, msgFlags).bundle = 1;
    }

    /** As {@link #recvMultishot}, once: the group's oldest buffer, at most {@code len} bytes of it. */
    @Override
    public void recvSelect(long ud, int fd, BufferGroup group, int len, int msgFlags) {
        if (len < 0) {
            throw new IllegalArgumentException("negative length: " + len);
        }
        Request r = prepare(Request.RECV_GROUP, ud, fd);
        r.group = ownGroup(group);
        r.length = len;
        r.msgFlags = msgFlags;
    }

    /** Not on epoll ({@link #supports} says so): a chain's caller makes each request when the one before completed. */
    @Override
    public void link() {
        throw new UnsupportedOperationException("the epoll backend has no linked requests (IOSQE_IO_LINK needs io_uring)");
    }

    /** Nothing to do: requests wait in a queue of the backend's own, which never fills. */
    @Override
    public void reserve(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("reserve at least one entry: " + n);
        }
    }

    @Override
    public void recvmsgMultishot(long ud, int fd, MemorySegment msghdr, BufferGroup group, int msgFlags) {
        Request r = prepare(Request.RECVMSG_GROUP, ud, fd);
        r.group = ownGroup(group);
        r.nameRoom = msghdr.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen);
        r.controlRoom = (int) msghdr.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_controllen);
        r.msgFlags = msgFlags;
        r.multishot = true;
    }

    @Override
    public void recvmsg(long ud, int fd, MemorySegment msghdr, int msgFlags, long timeoutNanos) {
        Request r = prepare(Request.RECVMSG, ud, fd);
        r.memory = Objects.requireNonNull(msghdr, "msghdr");
        r.msgFlags = msgFlags;
        r.deadline = timeoutNanos;
    }

    /** Short sends are continued by the backend: the result is every byte, or those sent before an error. */
    @Override
    public void send(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags) {
        prepareSend(ud, fd, buf, offset, len, msgFlags, false);
    }

    /**
     * {@code send(MSG_ZEROCOPY)} on a socket with {@code SO_ZEROCOPY}; the notification comes when the
     * socket's error queue reports every call of the send done. A socket that refuses {@code SO_ZEROCOPY}
     * (Unix sockets) is sent to by copying, notified at once, flagged copied.
     */
    @Override
    public void sendZc(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags) {
        prepareSend(ud, fd, buf, offset, len, msgFlags, true);
    }

    /** {@link #sendZc}, after checking the bytes lie in registered region {@code bufIndex}. */
    @Override
    public void sendZcFixed(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags, int bufIndex) {
        checkFixed(buf, offset, len, bufIndex);
        prepareSend(ud, fd, buf, offset, len, msgFlags, true);
    }

    @Override
    public void sendmsg(long ud, int fd, MemorySegment msghdr, int msgFlags) {
        Request r = prepare(Request.SENDMSG, ud, fd);
        r.memory = Objects.requireNonNull(msghdr, "msghdr");
        r.msgFlags = msgFlags;
    }

    @Override
    public void sendmsgZc(long ud, int fd, MemorySegment msghdr, int msgFlags) {
        Request r = prepare(Request.SENDMSG, ud, fd);
        r.memory = Objects.requireNonNull(msghdr, "msghdr");
        r.msgFlags = msgFlags;
        r.zeroCopy = true;
        r.reportUsage = true;
    }

    @Override
    public void shutdown(long ud, int fd, int how) {
        prepare(Request.SHUTDOWN, ud, fd).cancelFlags = how;
    }

    /** {@code sendfile(2)} from {@code offset} whenever the socket is writable, until {@code len} bytes or the end of the file. */
    @Override
    public void sendFile(long ud, int fileFd, long offset, int len, int sockFd) {
        if (len < 0 || offset < 0) {
            throw new IllegalArgumentException("bad file range: offset " + offset + ", length " + len);
        }
        Request r = prepare(Request.SENDFILE, ud, sockFd);
        r.inFd = fileFd;
        r.fileOffset = offset;
        r.length = len;
    }

    // ------------------------------------------------------------------ files

    /**
     * A regular file (which epoll refuses, and which is always ready) is read at once with {@code pread}
     * or {@code read}; a descriptor that can wait (pipe, socket) is read when epoll reports it readable, with
     * {@code preadv2(RWF_NOWAIT)}, which leaves a blocking descriptor's mode alone.
     */
    @Override
    public void read(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset) {
        prepareFileIo(Request.READ, ud, fd, buf, offset, len, fileOffset);
    }

    /** As {@link #read}, writing: at once to a regular file, when writable to a pipe or socket. */
    @Override
    public void write(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset) {
        prepareFileIo(Request.WRITE, ud, fd, buf, offset, len, fileOffset);
    }

    /** {@link #read}, after checking the bytes lie in registered region {@code bufIndex}. */
    @Override
    public void readFixed(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset, int bufIndex) {
        checkFixed(buf, offset, len, bufIndex);
        prepareFileIo(Request.READ, ud, fd, buf, offset, len, fileOffset);
    }

    /** {@link #write}, after checking the bytes lie in registered region {@code bufIndex}. */
    @Override
    public void writeFixed(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset, int bufIndex) {
        checkFixed(buf, offset, len, bufIndex);
        prepareFileIo(Request.WRITE, ud, fd, buf, offset, len, fileOffset);
    }

    /**
     * {@code fsync(2)} or {@code fdatasync(2)} when submitted, in order with the requests around it, of the
     * file {@code fd} names now: a duplicate made here pins it (as on io_uring) and is closed after the call.
     */
    @Override
    public void fsync(long ud, int fd, boolean dataOnly) {
        checkOpen();
        int dup = Fds.fcntl(fd, Fds.F_DUPFD_CLOEXEC, 0);
        Request r = prepare(Request.FSYNC, ud, fd);
        r.cancelFlags = dataOnly ? 1 : 0;
        r.inFd = dup; // -1 when fd names nothing (EBADF is reported for the number as given)
    }

    /**
     * {@code openat(2)} when submitted; relative to a directory descriptor, at once, as on io_uring (where a
     * worker would look the number up late): the directory is the one {@code dirFd} names now.
     */
    @Override
    public void openat(long ud, int dirFd, MemorySegment path, int flags, int mode) {
        Objects.requireNonNull(path, "path");
        if (dirFd != AT_FDCWD) {
            checkOpen();
            cq.add(ud, FileFds.openat(dirFd, path, flags, mode), 0);
            return;
        }
        Request r = prepare(Request.OPENAT, ud, dirFd);
        r.memory = Objects.requireNonNull(path, "path");
        r.msgFlags = flags;
        r.value = mode;
    }

    /** {@code statx(2)} when submitted; of a descriptor or relative to one, at once (see {@link #openat}). */
    @Override
    public void statx(long ud, int dirFd, MemorySegment path, int atFlags, int mask, MemorySegment statxBuf) {
        Objects.requireNonNull(path, "path");
        if (statxBuf.byteSize() < Statx.SIZEOF) {
            throw new IllegalArgumentException("a struct statx takes " + Statx.SIZEOF + " bytes, not " + statxBuf.byteSize());
        }
        if (dirFd != AT_FDCWD) {
            checkOpen();
            cq.add(ud, Statx.statx(dirFd, path, atFlags, mask, statxBuf), 0);
            return;
        }
        Request r = prepare(Request.STATX, ud, dirFd);
        r.memory = Objects.requireNonNull(path, "path");
        r.memory2 = statxBuf;
        r.msgFlags = atFlags;
        r.value = mask;
    }

    /** When submitted: the descriptor's requests end with {@code -ECANCELED}, the backend forgets it, {@code close(2)}. */
    @Override
    public void closeFd(long ud, int fd) {
        prepare(Request.CLOSE, ud, fd);
    }

    private void prepareFileIo(byte op, long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset) {
        Objects.checkFromIndexSize(offset, len, buf.byteSize());
        if (!buf.isNative()) {
            throw new IllegalArgumentException("the kernel reads and writes native memory only: " + buf);
        }
        Request r = prepare(op, ud, fd);
        r.memory = buf;
        r.offset = offset;
        r.length = len;
        r.fileOffset = fileOffset < 0 ? -1 : fileOffset;
    }

    private void checkFixed(MemorySegment buf, long offset, int len, int bufIndex) {
        MemorySegment[] regions = fixedBuffers;
        if (regions == null || bufIndex < 0 || bufIndex >= regions.length) {
            throw new IllegalArgumentException("no registered buffer " + bufIndex);
        }
        Objects.checkFromIndexSize(offset, len, buf.byteSize());
        MemorySegment region = regions[bufIndex];
        long at = buf.address() + offset;
        if (at < region.address() || at + len > region.address() + region.byteSize()) {
            throw new IllegalArgumentException("the bytes lie outside registered buffer " + bufIndex);
        }
    }

    /**
     * True for a descriptor epoll refuses ({@code EPERM}: a regular file or directory, always ready), whose
     * reads and writes are made at once. A descriptor the backend already watches is not; one it does not
     * know yet is tried (added and removed again) without making its state.
     */
    private boolean isPlainFile(int fd) {
        Descriptor d = fd >= 0 && fd < table.length ? table[fd] : null;
        if (d != null && (d.ioMode || d.registered)) {
            return false;
        }
        int rc = ctl(Epoll.EPOLL_CTL_ADD, fd, IO_EVENTS);
        if (rc == 0) {
            ctl(Epoll.EPOLL_CTL_DEL, fd, 0);
        }
        return rc == -Errno.EPERM;
    }

    /** The file call of a READ or WRITE on a regular file, made at once. */
    private static int fileIoNow(Request r) {
        long n = r.op == Request.READ ? FileFds.read(r.fd, r.memory, r.offset, r.length, r.fileOffset)
                : FileFds.write(r.fd, r.memory, r.offset, r.length, r.fileOffset);
        return (int) n;
    }

    /** One non-blocking attempt at a READ or WRITE on a descriptor epoll watches; {@code -EAGAIN} when it would wait. */
    private long fileIoAttempt(Request r) {
        fileIov.set(ValueLayout.JAVA_LONG, 0, r.memory.address() + r.offset);
        fileIov.set(ValueLayout.JAVA_LONG, 8, r.length);
        long n = r.op == Request.READ ? FileFds.preadv2(r.fd, fileIov, 1, r.fileOffset, FileFds.RWF_NOWAIT)
                : FileFds.pwritev2(r.fd, fileIov, 1, r.fileOffset, FileFds.RWF_NOWAIT);
        java.lang.ref.Reference.reachabilityFence(r.memory);
        if (n == -Errno.EOPNOTSUPP) {
            // a file type without RWF_NOWAIT (a tty, an eventfd): the plain call, once poll(0) says it will
            // not wait (the first attempt is made before epoll said anything)
            short want = r.op == Request.READ ? Fds.POLLIN : Fds.POLLOUT;
            int ready = Fds.poll(r.fd, want, 0);
            if (ready == 0) {
                return -Errno.EAGAIN;
            }
            n = fileIoNow(r);
        }
        return n;
    }

    private void prepareSend(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags, boolean zc) {
        Objects.checkFromIndexSize(offset, len, buf.byteSize());
        Request r = prepare(Request.SEND, ud, fd);
        r.memory = buf;
        r.offset = offset;
        r.length = len;
        r.msgFlags = msgFlags;
        r.zeroCopy = zc;
        r.reportUsage = zc;
    }

    // ------------------------------------------------------------------ memory

    /** A group in user space ({@link EpollBufferGroup}); {@code EEXIST} when {@code bgid} is taken. */
    @Override
    public BufferGroup bufferGroup(int bgid, int entries, boolean incremental) throws LinuxException {
        checkOpen();
        if (entries < 1 || entries > 32768 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("a buffer group has a power of two entries, 1..32768: " + entries);
        }
        if (bgid < 0 || bgid > 0xffff) {
            throw new IllegalArgumentException("bgid must fit 16 bits: " + bgid);
        }
        for (EpollBufferGroup g : groups) {
            if (g.bgid() == bgid) {
                throw new LinuxException("buffer group " + bgid, Errno.EEXIST);
            }
        }
        EpollBufferGroup g = new EpollBufferGroup(this, bgid, entries, incremental);
        groups.add(g);
        return g;
    }

    /** A completion posted by another backend's {@link #post}; any thread. False when this backend is closed. */
    boolean receivePost(long ud, int res, int flags) {
        return postBox.post(ud, res, flags);
    }

    void groupClosed(EpollBufferGroup g) {
        groups.remove(g);
    }

    private EpollBufferGroup ownGroup(BufferGroup group) {
        if (!(group instanceof EpollBufferGroup g) || !groups.contains(g)) {
            throw new IllegalArgumentException("not a buffer group of this backend: " + group);
        }
        return g;
    }

    /** Forgets the regions {@link #registerBuffers} kept. */
    @Override
    public void unregisterBuffers() {
        fixedBuffers = null;
    }

    /** Nothing to register with the kernel: the regions are kept so {@link #sendZcFixed} can check its bytes. */
    @Override
    public void registerBuffers(MemorySegment... regions) throws LinuxException {
        checkOpen();
        if (fixedBuffers != null) {
            throw new LinuxException("register buffers", Errno.EBUSY);
        }
        for (MemorySegment m : regions) {
            if (!Objects.requireNonNull(m, "region").isNative()) {
                throw new IllegalArgumentException("a registered buffer is native memory: " + m);
            }
        }
        fixedBuffers = regions.clone();
    }

    // ------------------------------------------------------------------ submit, wait, reap

    /**
     * Issues every prepared request, in order, then collects what the kernel has ready (one
     * {@code epoll_wait(0)}), as io_uring's kernel posts completions without being waited for; a
     * {@link #reap} right after makes no second system call.
     */
    @Override
    public int submit() throws LinuxException {
        int n = issueQueued();
        await(0, 0);
        justPolled = true;
        signalIfExported();
        return n;
    }

    private int issueQueued() {
        checkOpen();
        int n = 0;
        Request r;
        while ((r = submissions.head) != null) {
            submissions.remove(r);
            issue(r);
            n++;
        }
        signalIfExported();
        return n;
    }

    /**
     * Submits, then runs the epoll loop until {@code min} completions are queued, {@code timeoutNanos}
     * passed ({@code -ETIME}) or a {@link #wakeup()} came. The wait's own timeout has epoll_wait's
     * millisecond resolution; deadlines and timers have the timerfd's.
     */
    @Override
    public int submitAndWait(int min, long timeoutNanos) throws LinuxException {
        int submitted = issueQueued();
        justPolled = false;
        int r = await(min, timeoutNanos);
        return r == -Errno.ETIME ? r : submitted;
    }

    /**
     * No system call while completions are in the ring; when none is, the overflow list moves in, or
     * (none either) one {@code epoll_wait(0)} collects what is ready — unless {@link #submit} just did.
     */
    @Override
    public int reap(CompletionHandler handler, int max) throws LinuxException {
        checkOpen();
        if (cq.ringEmpty()) {
            if (cq.overflowing()) {
                cq.flush();
            } else if (!justPolled) {
                await(0, 0);
            }
        }
        justPolled = false;
        int n = cq.drain(handler, max);
        signalIfExported();
        return n;
    }

    /**
     * True while more completions wait than the configured completion ring holds, as io_uring's overflow
     * list would: the queue grows instead, so none is lost ({@link #overflowed()} counts them).
     */
    @Override
    public boolean overflowPending() {
        return cq.overflowing();
    }

    @Override
    public long inFlight() {
        return liveCount + submissions.size + cq.terminal();
    }

    /** Completions that arrived while the queue held its first capacity (kept: overflow is never a loss). */
    public long overflowed() {
        return cq.overflowed();
    }

    /** Completions waiting to be reaped. */
    public int ready() {
        return cq.size();
    }

    /** Drops what the backend knows of {@code fd} without completions (prefer {@link #cancelFd}). */
    public void forget(int fd) {
        Descriptor d = fd >= 0 && fd < table.length ? table[fd] : null;
        if (d == null) {
            return;
        }
        dropAll(d);
        release(d);
    }

    /**
     * Waits for {@code min} completions ({@code 0}: looks once without blocking); {@code -ETIME} when the
     * time ran out first, else the number queued.
     */
    private int await(int min, long timeoutNanos) throws LinuxException {
        cq.flush(); // entering the kernel moves the overflow list into the ring, as io_uring_enter does
        if (min > 0 && cq.size() >= min) {
            return cq.size();
        }
        long start = System.nanoTime();
        boolean unlimited = timeoutNanos < 0;
        for (;;) {
            if (postBox.pending()) {
                postBox.drain(cq);
            }
            runRunAgain();
            if (min > 0 && cq.size() >= min) {
                return cq.size();
            }
            int waitMillis;
            if (min == 0 || runAgainHead != null) {
                waitMillis = 0;
            } else if (unlimited) {
                waitMillis = -1;
            } else {
                long left = timeoutNanos - (System.nanoTime() - start);
                waitMillis = left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
            }
            int n = Epoll.epoll_wait(epfd, events, maxEvents, waitMillis);
            if (n == -Errno.EINTR) {
                continue;
            }
            Native.check("epoll_wait", n);
            woken = false;
            for (int i = 0; i < n; i++) {
                dispatch((int) Epoll.eventData(events, i), Epoll.eventMask(events, i));
            }
            if (min == 0) {
                runRunAgain();
                return cq.size();
            }
            if (cq.size() >= min) {
                return cq.size();
            }
            if (woken) {
                return cq.size(); // a wakeup() ends the wait, completions or not
            }
            if (n == 0 && waitMillis == 0 && runAgainHead == null && !unlimited
                    && System.nanoTime() - start >= timeoutNanos) {
                return -Errno.ETIME;
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Ends every request (nothing in flight outlives the epoll set: the kernel holds no reference to
     * caller memory between system calls, except pages pinned by zero-copy sends, which stay pinned by
     * the kernel until it is done), releases the buffer groups, closes the timerfds, the eventfd and the
     * epoll set. Descriptors of the caller stay open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        postBox.close();
        for (Request r = submissions.head; r != null; r = r.next) {
            if (r.op == Request.FSYNC && r.inFd >= 0) {
                Fds.close(r.inFd); // an fsync never submitted: its pinning duplicate
            }
        }
        for (Descriptor d : table) {
            if (d != null && d.clockTimer != null) {
                Fds.close(d.fd);
            }
        }
        for (EpollBufferGroup g : new ArrayList<>(groups)) {
            g.close(); // runs each group's close action: its memory may go
        }
        groups.clear();
        Fds.close(timerFd);
        Fds.close(wakeFd);
        Fds.close(epfd);
        arena.close();
    }

    // ------------------------------------------------------------------ issuing

    private Request prepare(byte op, long userData, int fd) {
        checkOpen();
        Request r = free;
        if (r != null) {
            free = r.next;
            r.next = null;
        } else {
            r = new Request();
        }
        r.reset();
        r.op = op;
        r.userData = userData;
        r.fd = fd;
        submissions.add(r);
        return r;
    }

    private void issue(Request r) {
        switch (r.op) {
            case Request.NOP -> instant(r, 0);
            case Request.POLL -> issuePoll(r);
            case Request.TIMEOUT -> {
                live(r);
                long now = System.nanoTime();
                r.deadline = r.started ? r.length : now + r.length;
                r.period = r.multishot ? r.length : 0;
                if (r.started && r.multishot) {
                    r.deadline = now + r.length;
                }
                deadlines.add(r);
                armTimer();
            }
            case Request.CLOCK_TIMEOUT -> issueClockTimeout(r);
            case Request.CANCEL -> instant(r, cancel(r.target, r.cancelFlags, (byte) 0));
            case Request.POLL_REMOVE -> instant(r, cancel(r.target, 0, Request.POLL));
            case Request.TIMEOUT_REMOVE -> instant(r, cancel(r.target, 0, Request.TIMEOUT));
            case Request.CANCEL_FD -> instant(r, cancelFdNow(r.fd));
            case Request.MSG -> instant(r, r.targetEngine.receivePost(r.target, r.value, r.cancelFlags) ? 0 : -Errno.EBADFD);
            case Request.SHUTDOWN -> instant(r, Sockets.shutdown(r.fd, r.cancelFlags));
            case Request.FSYNC -> {
                int res = FileFds.fsync(r.inFd >= 0 ? r.inFd : r.fd, r.cancelFlags != 0);
                if (r.inFd >= 0) {
                    Fds.close(r.inFd); // the duplicate that pinned the file
                    r.inFd = -1;
                }
                instant(r, res);
            }
            case Request.OPENAT -> instant(r, FileFds.openat(r.fd, r.memory, r.msgFlags, r.value));
            case Request.STATX -> instant(r, Statx.statx(r.fd, r.memory, r.msgFlags, r.value, r.memory2));
            case Request.CLOSE -> {
                int fd = r.fd;
                cancelFdNow(fd); // its requests end first, and the backend forgets the number before it is reused
                instant(r, Fds.close(fd));
            }
            default -> issueIo(r);
        }
    }

    private void instant(Request r, int res) {
        cq.add(r.userData, res, 0);
        recycle(r);
    }

    private void issueIo(Request r) {
        if ((r.op == Request.READ || r.op == Request.WRITE) && isPlainFile(r.fd)) {
            instant(r, fileIoNow(r));
            return;
        }
        Descriptor d = descriptor(r.fd);
        if (d == null) {
            instant(r, -Errno.EBADF);
            return;
        }
        boolean wasIdle = d.ioMode && !d.hasRequests() && d.zeroCopies.isEmpty();
        int rc = enterIoMode(d);
        if (rc < 0) {
            instant(r, rc);
            return;
        }
        if (wasIdle) {
            // an idle descriptor may have been closed and its number reused by a new socket, which the
            // epoll set no longer holds: make sure before anything depends on the registration
            d.verify = true;
            if (r.op == Request.ACCEPT || r.op == Request.CONNECT || r.op == Request.SENDFILE || r.zeroCopy) {
                rc = verifyRegistration(d);
                if (rc < 0) {
                    instant(r, rc);
                    return;
                }
            }
        }
        if (r.op == Request.ACCEPT || r.op == Request.CONNECT || r.op == Request.SENDFILE) {
            rc = ensureNonBlocking(d);
            if (rc < 0) {
                instant(r, rc);
                return;
            }
        }
        if (r.op == Request.SENDMSG || r.op == Request.RECVMSG) {
            r.length = messageLength(r.memory);
        }
        if ((r.op == Request.SEND || r.op == Request.SENDMSG) && r.zeroCopy && d.zeroCopyState == 0) {
            d.zeroCopyState = Sockets.setsockopt(d.fd, Sockets.SOL_SOCKET, Sockets.SO_ZEROCOPY, 1) == 0 ? 1 : -1;
        }
        live(r);
        if (r.op == Request.CONNECT) {
            int c = Sockets.connect(r.fd, r.memory, (int) r.length);
            if (c != -Errno.EINPROGRESS) {
                finish(r, c, 0);
                return;
            }
            r.started = true;
            d.writable = false;
        }
        if (r.deadline > 0 && (r.op == Request.CONNECT || r.op == Request.RECV || r.op == Request.RECVMSG)) {
            r.deadline = System.nanoTime() + r.deadline;
            r.expiredResult = -Errno.ECANCELED;
            deadlines.add(r);
            armTimer();
        }
        boolean read = r.op == Request.ACCEPT || r.op == Request.RECV || r.op == Request.RECV_GROUP
                || r.op == Request.RECVMSG || r.op == Request.RECVMSG_GROUP || r.op == Request.READ;
        (read ? d.reads : d.writes).add(r);
        run(d);
    }

    private void issuePoll(Request r) {
        Descriptor d = descriptor(r.fd);
        if (d == null) {
            instant(r, -Errno.EBADF);
            return;
        }
        live(r);
        d.polls.add(r);
        if (d.ioMode) {
            // polls on a descriptor the engine does I/O on see its edges; a one-shot poll whose readiness is
            // already known completes at once
            int ready = (d.readable ? EPOLLIN : 0) | (d.writable ? EPOLLOUT : 0);
            if (r.pollMode != Request.EDGE && (ready & r.pollMask) != 0) {
                deliverPolls(d, ready);
            }
            return;
        }
        int rc = updatePollRegistration(d);
        if (rc < 0) {
            finish(r, rc, 0);
        }
    }

    private void issueClockTimeout(Request r) {
        int tfd = Timerfd.timerfd_create(r.inFd, Timerfd.TFD_NONBLOCK | Timerfd.TFD_CLOEXEC);
        if (tfd < 0) {
            instant(r, tfd);
            return;
        }
        long value = r.length == 0 ? 1 : r.length; // it_value 0 would disarm
        Timerfd.setItimerspec(timerSpec, value, r.multishot ? r.length : 0);
        int rc = Timerfd.timerfd_settime(tfd, r.started && !r.multishot ? Timerfd.TFD_TIMER_ABSTIME : 0, timerSpec);
        if (rc == 0) {
            rc = ctl(Epoll.EPOLL_CTL_ADD, tfd, EPOLLIN);
        }
        if (rc < 0) {
            Fds.close(tfd);
            instant(r, rc);
            return;
        }
        Descriptor d = fresh(tfd);
        d.clockTimer = r;
        d.registered = true;
        r.fd = tfd;
        live(r);
    }

    // ------------------------------------------------------------------ readiness

    private void dispatch(int fd, int mask) {
        if (fd == wakeFd) {
            Fds.read(wakeFd, word); // first the eventfd, then the queue: see PostBox
            woken = true;
            postBox.drain(cq);
            return;
        }
        if (fd == timerFd) {
            Fds.read(timerFd, word);
            timerArmedFor = Long.MAX_VALUE;
            runDeadlines();
            armTimer();
            return;
        }
        Descriptor d = fd >= 0 && fd < table.length ? table[fd] : null;
        if (d == null) {
            return;
        }
        if (d.clockTimer != null) {
            clockTimerFired(d);
            return;
        }
        if (d.ioMode) {
            if ((mask & READ_READY) != 0) {
                d.readable = true;
                if ((mask & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
                    d.hungUp = true;
                }
            }
            if ((mask & WRITE_READY) != 0) {
                d.writable = true;
            }
            if ((mask & EPOLLERR) != 0 && (!d.zeroCopies.isEmpty() || zeroCopySending(d))) {
                zeroCopyRanges += zeroCopy.drain(d, rangeSink);
            }
            run(d);
        } else if ((d.registeredEvents & EPOLLONESHOT) != 0) {
            d.disarmed = true;
        }
        if (!d.polls.isEmpty()) {
            deliverPolls(d, mask);
            if (!d.ioMode && table[fd] == d) {
                updatePollRegistration(d);
            }
        }
    }

    private void deliverPolls(Descriptor d, int mask) {
        Request p = d.polls.head;
        while (p != null) {
            Request next = p.next;
            int ev = mask & (p.pollMask | EPOLLERR | EPOLLHUP);
            if (ev != 0) {
                if (p.pollMode == Request.ONE_SHOT) {
                    finish(p, ev, 0);
                } else {
                    cq.add(p.userData, ev, IORING_CQE_F_MORE);
                }
            }
            p = next;
        }
    }

    private int updatePollRegistration(Descriptor d) {
        if (d.polls.isEmpty()) {
            if (d.registered && !d.disarmed) {
                ctl(Epoll.EPOLL_CTL_DEL, d.fd, 0);
                d.registered = false;
            }
            return 0;
        }
        int mask = 0;
        boolean level = false;
        boolean edge = false;
        for (Request p = d.polls.head; p != null; p = p.next) {
            mask |= p.pollMask;
            level |= p.pollMode == Request.LEVEL;
            edge |= p.pollMode == Request.EDGE;
        }
        int wanted = mask | (level ? 0 : edge ? EPOLLET : EPOLLONESHOT);
        if (d.registered && !d.disarmed && wanted == d.registeredEvents) {
            return 0;
        }
        int rc = register(d, wanted);
        if (rc == 0) {
            d.disarmed = false;
        }
        return rc;
    }

    private int enterIoMode(Descriptor d) {
        if (d.ioMode) {
            return 0;
        }
        int rc = register(d, IO_EVENTS);
        if (rc < 0) {
            return rc;
        }
        d.ioMode = true;
        d.disarmed = false;
        d.readable = true; // optimistic, as io_uring: the first attempt is made at once
        d.writable = true;
        d.hungUp = false;
        return 0;
    }

    /**
     * Checks that an I/O-mode descriptor is still in the epoll set ({@code EPOLL_CTL_MOD}); when the kernel
     * no longer has it (closed, the number reused) it is a new socket: registered again, its cached state
     * reset. Returns 1 when it was re-registered, 0 when it was there, or {@code -errno}.
     */
    private int verifyRegistration(Descriptor d) {
        d.verify = false;
        int rc = ctl(Epoll.EPOLL_CTL_MOD, d.fd, IO_EVENTS);
        if (rc != -Errno.ENOENT) {
            return rc;
        }
        rc = ctl(Epoll.EPOLL_CTL_ADD, d.fd, IO_EVENTS);
        if (rc < 0) {
            return rc;
        }
        d.readable = true;
        d.writable = true;
        d.hungUp = false;
        d.nonBlocking = false;
        d.zeroCopyState = 0;
        d.zeroCopyNext = 0;
        d.socketType = 0;
        return 1;
    }

    private int register(Descriptor d, int wanted) {
        int rc;
        if (d.registered) {
            rc = ctl(Epoll.EPOLL_CTL_MOD, d.fd, wanted);
            if (rc == -Errno.ENOENT) {
                rc = ctl(Epoll.EPOLL_CTL_ADD, d.fd, wanted);
            }
        } else {
            rc = ctl(Epoll.EPOLL_CTL_ADD, d.fd, wanted);
            if (rc == -Errno.EEXIST) {
                rc = ctl(Epoll.EPOLL_CTL_MOD, d.fd, wanted);
            }
        }
        if (rc == 0) {
            d.registered = true;
            d.registeredEvents = wanted;
        }
        return rc;
    }

    private int ctl(int op, int fd, int mask) {
        Epoll.setEvent(eventScratch, 0, mask, fd);
        return Epoll.epoll_ctl(epfd, op, fd, eventScratch);
    }

    private int ensureNonBlocking(Descriptor d) {
        if (d.nonBlocking) {
            return 0;
        }
        int fl = Fds.fcntl(d.fd, Fds.F_GETFL, 0);
        if (fl < 0) {
            return fl;
        }
        if ((fl & Fds.O_NONBLOCK) == 0) {
            int rc = Fds.fcntl(d.fd, Fds.F_SETFL, fl | Fds.O_NONBLOCK);
            if (rc < 0) {
                return rc;
            }
        }
        d.nonBlocking = true;
        return 0;
    }

    // ------------------------------------------------------------------ running the queues

    private void run(Descriptor d) {
        int budget = BUDGET;
        while (d.readable && d.reads.head != null) {
            int a = attemptRead(d, d.reads.head);
            if (a == DRAINED && !d.hungUp) {
                // a short read emptied the socket: new data raises a new edge, so stop without an
                // EAGAIN call — unless the registration is still to be checked (a reused number); once
                // the peer hung up, the end of stream may wait behind the data with no edge to come
                if (d.verify && verifyRegistration(d) > 0) {
                    continue;
                }
                d.readable = false;
                break;
            }
            if (a == AGAIN) {
                d.readable = false;
                if (d.verify && verifyRegistration(d) > 0) {
                    continue; // it was a new socket: registered now, try again
                }
                break;
            }
            if (--budget == 0) {
                scheduleRunAgain(d);
                break;
            }
        }
        budget = BUDGET;
        while (d.writable && d.writes.head != null) {
            int a = attemptWrite(d, d.writes.head);
            if (a == AGAIN) {
                d.writable = false;
                if (d.verify && verifyRegistration(d) > 0) {
                    continue;
                }
                break;
            }
            if (--budget == 0) {
                scheduleRunAgain(d);
                break;
            }
        }
    }

    private void scheduleRunAgain(Descriptor d) {
        if (!d.runAgain) {
            d.runAgain = true;
            d.nextRunAgain = runAgainHead;
            runAgainHead = d;
        }
    }

    private void runRunAgain() {
        Descriptor d = runAgainHead;
        runAgainHead = null;
        while (d != null) {
            Descriptor next = d.nextRunAgain;
            d.nextRunAgain = null;
            d.runAgain = false;
            if (table[d.fd] == d) {
                run(d);
            }
            d = next;
        }
    }

    private int attemptRead(Descriptor d, Request r) {
        int dontwait = Sockets.MSG_DONTWAIT | r.msgFlags;
        switch (r.op) {
            case Request.RECV -> {
                // MSG_WAITALL on a stream socket: io_uring's receive retries until the whole length came
                boolean all = (r.msgFlags & Sockets.MSG_WAITALL) != 0 && socketType(d) == Sockets.SOCK_STREAM;
                for (;;) {
                    long n = Sockets.recv(r.fd, r.memory, r.offset + r.done, r.length - r.done, dontwait & ~Sockets.MSG_WAITALL);
                    if (n == -Errno.EAGAIN) {
                        return AGAIN;
                    }
                    if (n > 0) {
                        r.done += n;
                        if (all && r.done < r.length) {
                            continue;
                        }
                    }
                    finish(r, n > 0 || r.done > 0 ? (int) r.done : (int) n, 0);
                    return DONE;
                }
            }
            case Request.RECVMSG -> {
                boolean all = (r.msgFlags & Sockets.MSG_WAITALL) != 0 && socketType(d) == Sockets.SOCK_STREAM;
                for (;;) {
                    long n = Sockets.recvmsg(r.fd, r.scratchInUse ? r.scratch : r.memory, dontwait & ~Sockets.MSG_WAITALL);
                    if (n == -Errno.EAGAIN) {
                        return AGAIN;
                    }
                    if (n > 0) {
                        r.done += n;
                        if (all && r.done < r.length) {
                            MessageScratch.advance(r, n); // the rest of the iovecs, in the request's copy
                            continue;
                        }
                    }
                    finish(r, n > 0 || r.done > 0 ? (int) r.done : (int) n, 0);
                    return DONE;
                }
            }
            case Request.RECV_GROUP -> {
                EpollBufferGroup g = r.group;
                if (g.isEmpty()) {
                    return starved(r);
                }
                if (r.bundle > 1 && g.available() > 1) {
                    return attemptRecvBundle(d, r, g, dontwait);
                }
                int room = g.headLength();
                if (r.length > 0 && r.length < room) {
                    room = (int) r.length;
                }
                long n = Sockets.recv(r.fd, g.headSegment(), g.headOffset(), room, dontwait);
                if (n == -Errno.EAGAIN) {
                    return AGAIN; // the buffer stays the group's, untouched
                }
                if (n <= 0) {
                    finish(r, (int) n, 0);
                    return DONE;
                }
                int flags = IORING_CQE_F_BUFFER | (g.headBid() << IORING_CQE_BUFFER_SHIFT);
                if (g.consume((int) n)) {
                    flags |= IORING_CQE_F_BUF_MORE;
                }
                if (!r.multishot) {
                    finish(r, (int) n, flags);
                    return DONE;
                }
                if (r.bundle > 0 && n == room) {
                    r.bundle = 2; // it filled what it had: give the next call more
                }
                cq.add(r.userData, (int) n, flags | IORING_CQE_F_MORE);
                return n < room && socketType(d) == Sockets.SOCK_STREAM ? DRAINED : MORE;
            }
            case Request.RECVMSG_GROUP -> {
                return attemptRecvmsgGroup(d, r);
            }
            case Request.READ -> {
                long n = fileIoAttempt(r);
                if (n == -Errno.EAGAIN) {
                    return AGAIN;
                }
                finish(r, (int) n, 0);
                return DONE;
            }
            case Request.ACCEPT -> {
                MemorySegment addr = r.memory == null ? MemorySegment.NULL : r.memory;
                MemorySegment addrLen = r.memory2 == null ? MemorySegment.NULL : r.memory2;
                int nfd = Sockets.accept4(r.fd, addr, addrLen, r.msgFlags | Sockets.SOCK_NONBLOCK);
                if (nfd == -Errno.EAGAIN) {
                    return AGAIN;
                }
                if (nfd >= 0) {
                    fresh(nfd).nonBlocking = true;
                }
                if (nfd < 0 || !r.multishot) {
                    finish(r, nfd, 0);
                    return DONE;
                }
                cq.add(r.userData, nfd, IORING_CQE_F_MORE);
                return MORE;
            }
            default -> throw new AssertionError(r);
        }
    }

    /**
     * One {@code recvmsg} into the group's buffers from the front on (Backend#recvBundleMultishot): the
     * first from where its previous piece ended, the others whole; one completion names the first.
     */
    private int attemptRecvBundle(Descriptor d, Request r, EpollBufferGroup g, int dontwait) {
        int nb = Math.min(Math.min(r.bundle, g.available()), BUNDLE_BUFFERS);
        long capacity = 0;
        int used = 0;
        while (used < nb && capacity < BUNDLE_BYTES) {
            MemorySegment seg = g.segmentAt(used);
            long off = used == 0 ? g.headOffset() : 0;
            long len = seg.byteSize() - off;
            long at = used * Iovec.SIZEOF;
            bundleIov.set(ValueLayout.JAVA_LONG, at + Iovec.OFFSETOF_iov_base, seg.address() + off);
            bundleIov.set(ValueLayout.JAVA_LONG, at + Iovec.OFFSETOF_iov_len, len);
            capacity += len;
            used++;
        }
        bundleHeader.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen, used);
        long n = Sockets.recvmsg(r.fd, bundleHeader, dontwait);
        if (n == -Errno.EAGAIN) {
            return AGAIN; // the buffers stay the group's, untouched
        }
        if (n <= 0) {
            finish(r, (int) n, 0);
            return DONE;
        }
        int flags = IORING_CQE_F_BUFFER | (g.headBid() << IORING_CQE_BUFFER_SHIFT);
        if (g.consumeAcross(n)) {
            flags |= IORING_CQE_F_BUF_MORE;
        }
        if (n == capacity) {
            r.bundle = Math.min(2 * used, BUNDLE_BUFFERS); // all filled: more next time
        } else {
            int touched = 0; // as many as this call needed next time
            for (long left = n; left > 0; touched++) {
                left -= bundleIov.get(ValueLayout.JAVA_LONG, touched * Iovec.SIZEOF + Iovec.OFFSETOF_iov_len);
            }
            r.bundle = touched;
        }
        cq.add(r.userData, (int) n, flags | IORING_CQE_F_MORE);
        return n < capacity && socketType(d) == Sockets.SOCK_STREAM ? DRAINED : MORE;
    }

    private int attemptRecvmsgGroup(Descriptor d, Request r) {
        EpollBufferGroup g = r.group;
        if (g.isEmpty()) {
            return starved(r);
        }
        long header = Msghdr.SIZEOF_recvmsg_out + r.nameRoom + r.controlRoom;
        int room = g.headLength();
        if (room < header) {
            finish(r, -Errno.EFAULT, 0);
            return DONE;
        }
        MemorySegment seg = g.headSegment();
        long base = seg.address() + g.headOffset();
        MemorySegment h = recvmsgHeader;
        h.fill((byte) 0);
        h.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_name, r.nameRoom > 0 ? base + Msghdr.SIZEOF_recvmsg_out : 0);
        h.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen, r.nameRoom);
        h.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_control,
                r.controlRoom > 0 ? base + Msghdr.SIZEOF_recvmsg_out + r.nameRoom : 0);
        h.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_controllen, r.controlRoom);
        recvmsgIov.set(ValueLayout.JAVA_LONG, 0, base + header);
        recvmsgIov.set(ValueLayout.JAVA_LONG, 8, room - header);
        h.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, recvmsgIov.address());
        h.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen, 1);
        int flags = Sockets.MSG_DONTWAIT | r.msgFlags;
        if (socketType(d) != Sockets.SOCK_STREAM) {
            flags |= Sockets.MSG_TRUNC; // the datagram's real length, as payloadlen reports it
        }
        long n = Sockets.recvmsg(r.fd, h, flags);
        java.lang.ref.Reference.reachabilityFence(seg);
        if (n == -Errno.EAGAIN) {
            return AGAIN;
        }
        if (n < 0) {
            finish(r, (int) n, 0);
            return DONE;
        }
        MemorySegment out = seg;
        long o = g.headOffset();
        out.set(ValueLayout.JAVA_INT_UNALIGNED, o, h.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen));
        out.set(ValueLayout.JAVA_INT_UNALIGNED, o + 4, (int) h.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_controllen));
        out.set(ValueLayout.JAVA_INT_UNALIGNED, o + 8, (int) n);
        out.set(ValueLayout.JAVA_INT_UNALIGNED, o + 12, h.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_flags));
        int res = (int) (header + Math.min(n, room - header));
        int cqeFlags = IORING_CQE_F_BUFFER | (g.headBid() << IORING_CQE_BUFFER_SHIFT) | IORING_CQE_F_MORE;
        g.consumeWhole();
        cq.add(r.userData, res, cqeFlags);
        return MORE;
    }

    /**
     * A receive from an empty group: as with the kernel, {@code -ENOBUFS} only once data is there to be
     * received (a peek tells, and leaves it in the socket), 0 at end of stream; until then it waits.
     */
    private int starved(Request r) {
        long n = Sockets.recv(r.fd, word, 0, 1, Sockets.MSG_DONTWAIT | Sockets.MSG_PEEK);
        if (n == -Errno.EAGAIN) {
            return AGAIN;
        }
        finish(r, n > 0 ? -Errno.ENOBUFS : (int) n, 0);
        return DONE;
    }

    private int socketType(Descriptor d) {
        if (d.socketType == 0) {
            int t = Sockets.getsockoptInt(d.fd, Sockets.SOL_SOCKET, SO_TYPE);
            d.socketType = t > 0 ? t : -1;
        }
        return d.socketType;
    }

    private int attemptWrite(Descriptor d, Request r) {
        switch (r.op) {
            case Request.SEND, Request.SENDMSG -> {
                return attemptSend(d, r);
            }
            case Request.WRITE -> {
                long n = fileIoAttempt(r);
                if (n == -Errno.EAGAIN) {
                    return AGAIN;
                }
                finish(r, (int) n, 0);
                return DONE;
            }
            case Request.CONNECT -> {
                int err = Sockets.getsockoptInt(r.fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR);
                if (err != 0) {
                    finish(r, err < 0 ? err : -err, 0);
                    return DONE;
                }
                // writable and no error can still be a stale edge: connected only when there is a peer
                peerName.set(ValueLayout.JAVA_INT, 128, 128);
                int rc = Sockets.getpeername(r.fd, peerName, peerName.asSlice(128, 4));
                if (rc == -Errno.ENOTCONN) {
                    return AGAIN;
                }
                finish(r, rc < 0 ? rc : 0, 0);
                return DONE;
            }
            case Request.SENDFILE -> {
                for (;;) {
                    MemorySegment off = MemorySegment.NULL;
                    if (r.fileOffset >= 0) {
                        sendfileOffset.set(ValueLayout.JAVA_LONG, 0, r.fileOffset + r.done);
                        off = sendfileOffset;
                    }
                    long left = r.length - r.done;
                    if (left == 0) {
                        finish(r, (int) r.done, 0);
                        return DONE;
                    }
                    long n = Sockets.sendfile(r.fd, r.inFd, off, left);
                    if (n == -Errno.EAGAIN) {
                        return AGAIN;
                    }
                    if (n <= 0) { // 0: end of file
                        finish(r, r.done > 0 || n == 0 ? (int) r.done : (int) n, 0);
                        return DONE;
                    }
                    r.done += n;
                }
            }
            default -> throw new AssertionError(r);
        }
    }

    private int attemptSend(Descriptor d, Request r) {
        int flags = Sockets.MSG_DONTWAIT | Sockets.MSG_NOSIGNAL | (r.msgFlags & ~Sockets.MSG_WAITALL);
        boolean zc = r.zeroCopy && d.zeroCopyState == 1;
        for (;;) {
            int f = zc ? flags | Sockets.MSG_ZEROCOPY : flags;
            long n;
            if (r.op == Request.SEND) {
                n = Sockets.send(r.fd, r.memory, r.offset + r.done, r.length - r.done, f);
            } else {
                n = Sockets.sendmsg(r.fd, r.scratchInUse ? r.scratch : r.memory, f);
            }
            if (n == -Errno.EAGAIN) {
                return AGAIN;
            }
            if (n == -Errno.ENOBUFS && zc) {
                zc = false; // the socket's optmem is spent on pinned pages: copy this piece
                continue;
            }
            if (n < 0) {
                finishSend(r, r.done > 0 ? (int) r.done : (int) n);
                return DONE;
            }
            if (zc && n > 0) {
                // one sequence number per zero-copy call that queued bytes (the kernel's sk_zckey)
                if (r.zcIds == 0) {
                    r.zcFirst = d.zeroCopyNext;
                }
                d.zeroCopyNext++;
                r.zcIds++;
                r.zcOutstanding++;
            } else if (n > 0 && r.zeroCopy) {
                r.zcCopied = true;
            }
            r.done += n;
            if (r.done >= r.length || n == 0) {
                finishSend(r, (int) r.done);
                return DONE;
            }
            if (r.op == Request.SENDMSG) {
                MessageScratch.advance(r, n);
            }
        }
    }

    private void finishSend(Request r, int res) {
        if (!r.zeroCopy) {
            finish(r, res, 0);
            return;
        }
        cq.add(r.userData, res, IORING_CQE_F_MORE);
        if (r.zcOutstanding == 0) {
            if (r.zcIds == 0) {
                r.zcCopied = true;
            }
            finish(r, notificationResult(r), IORING_CQE_F_NOTIF);
            return;
        }
        // the buffer stays the kernel's until the error queue says every call of this send is done
        Descriptor d = table[r.fd];
        unqueue(r);
        deadlines.remove(r);
        r.awaitingNotification = true;
        d.zeroCopies.add(r);
    }

    private static int notificationResult(Request r) {
        return r.reportUsage && r.zcCopied ? IORING_NOTIF_USAGE_ZC_COPIED : 0;
    }

    private boolean zeroCopySending(Descriptor d) {
        Request h = d.writes.head;
        return h != null && h.zcIds > 0;
    }

    private void zeroCopyCompleted(Descriptor d, int lo, int hi, boolean copied) {
        long span = (hi - lo) & 0xffffffffL;
        Request h = d.writes.head;
        if (h != null && h.zcIds > 0) {
            applyRange(h, lo, span, copied);
        }
        Request r = d.zeroCopies.head;
        while (r != null) {
            Request next = r.next;
            applyRange(r, lo, span, copied);
            if (r.zcOutstanding == 0) {
                finish(r, notificationResult(r), IORING_CQE_F_NOTIF);
            }
            r = next;
        }
    }

    /** Subtracts from {@code r} the numbers of {@code [lo, lo + span]} (32-bit wrapping) that are its own. */
    private static void applyRange(Request r, int lo, long span, boolean copied) {
        long startInRange = (r.zcFirst - lo) & 0xffffffffL;
        long overlap;
        if (startInRange <= span) {
            overlap = Math.min(r.zcIds, span - startInRange + 1);
        } else {
            long rangeInRequest = (lo - r.zcFirst) & 0xffffffffL;
            overlap = rangeInRequest < r.zcIds ? Math.min(r.zcIds - rangeInRequest, span + 1) : 0;
        }
        if (overlap > 0) {
            r.zcOutstanding -= (int) overlap;
            if (copied) {
                r.zcCopied = true;
            }
        }
    }

    // ------------------------------------------------------------------ timers and deadlines

    private void armTimer() {
        long e = deadlines.earliest();
        if (e == Long.MAX_VALUE || e - timerArmedFor >= 0 && timerArmedFor != Long.MAX_VALUE) {
            return;
        }
        long target = Math.max(e, 1);
        Timerfd.setItimerspec(timerSpec, target, 0);
        int rc = Timerfd.timerfd_settime(timerFd, Timerfd.TFD_TIMER_ABSTIME, timerSpec);
        if (rc < 0) {
            throw new IllegalStateException("timerfd_settime: " + Errno.name(-rc));
        }
        timerArmedFor = e;
    }

    private void runDeadlines() {
        long now = System.nanoTime();
        Request r;
        while ((r = deadlines.peek()) != null && r.deadline - now <= 0) {
            deadlines.remove(r);
            if (r.op == Request.TIMEOUT) {
                boolean last = !r.multishot || (r.remaining > 0 && --r.remaining == 0);
                if (last) {
                    finish(r, -Errno.ETIME, 0);
                } else {
                    cq.add(r.userData, -Errno.ETIME, IORING_CQE_F_MORE);
                    r.deadline += r.period;
                    if (r.deadline - now <= 0) {
                        r.deadline = now + r.period; // missed periods are not replayed
                    }
                    deadlines.add(r);
                }
            } else {
                finish(r, r.expiredResult, 0);
            }
        }
    }

    private void clockTimerFired(Descriptor d) {
        Request r = d.clockTimer;
        if (Fds.read(d.fd, word) < 0) {
            return;
        }
        boolean last = !r.multishot || (r.remaining > 0 && --r.remaining == 0);
        if (last) {
            finish(r, -Errno.ETIME, 0);
        } else {
            cq.add(r.userData, -Errno.ETIME, IORING_CQE_F_MORE);
        }
    }

    // ------------------------------------------------------------------ cancellation

    private int cancel(long target, int flags, byte onlyOp) {
        boolean all = (flags & (IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY)) != 0;
        boolean any = (flags & IORING_ASYNC_CANCEL_ANY) != 0;
        int n = 0;
        Request r = liveHead;
        while (r != null) {
            Request next = r.liveNext;
            boolean kind = onlyOp == 0 || r.op == onlyOp || (onlyOp == Request.TIMEOUT && r.op == Request.CLOCK_TIMEOUT);
            if (kind && !r.awaitingNotification && (any || r.userData == target)) {
                cancelOne(r);
                n++;
                if (!all) {
                    break;
                }
            }
            r = next;
        }
        return n == 0 ? -Errno.ENOENT : all ? n : 0;
    }

    private void cancelOne(Request r) {
        if (r.zeroCopy && (r.op == Request.SEND || r.op == Request.SENDMSG) && r.zcOutstanding > 0) {
            // part of it is in the kernel's hands: the send ends here, the notification still comes
            finishSend(r, r.done > 0 ? (int) r.done : -Errno.ECANCELED);
            return;
        }
        if (r.zeroCopy && (r.op == Request.SEND || r.op == Request.SENDMSG)) {
            cq.add(r.userData, r.done > 0 ? (int) r.done : -Errno.ECANCELED, IORING_CQE_F_MORE);
            finish(r, notificationResult(r), IORING_CQE_F_NOTIF);
            return;
        }
        if ((r.op == Request.SEND || r.op == Request.SENDMSG) && r.done > 0) {
            finish(r, (int) r.done, 0); // as io_uring: a send cancelled after some bytes went reports them
            return;
        }
        finish(r, -Errno.ECANCELED, 0);
    }

    private int cancelFdNow(int fd) {
        Descriptor d = fd >= 0 && fd < table.length ? table[fd] : null;
        if (d == null) {
            return -Errno.ENOENT;
        }
        int n = cancelQueue(d.reads) + cancelQueue(d.writes) + cancelQueue(d.polls);
        Request z;
        while ((z = d.zeroCopies.head) != null) {
            z.zcCopied |= z.zcOutstanding > 0;
            finish(z, notificationResult(z), IORING_CQE_F_NOTIF);
        }
        release(d);
        return n == 0 ? -Errno.ENOENT : n;
    }

    private int cancelQueue(RequestQueue q) {
        int n = 0;
        Request r;
        while ((r = q.head) != null) {
            cancelOne(r);
            n++;
        }
        return n;
    }

    private void dropAll(Descriptor d) {
        dropQueue(d.reads);
        dropQueue(d.writes);
        dropQueue(d.polls);
        dropQueue(d.zeroCopies);
    }

    private void dropQueue(RequestQueue q) {
        Request r;
        while ((r = q.head) != null) {
            unqueue(r);
            deadlines.remove(r);
            unlive(r);
            recycle(r);
        }
    }

    // ------------------------------------------------------------------ bookkeeping

    private void finish(Request r, int res, int flags) {
        cq.add(r.userData, res, flags);
        unqueue(r);
        deadlines.remove(r);
        unlive(r);
        if (r.op == Request.CLOCK_TIMEOUT && r.fd >= 0) {
            Descriptor d = table[r.fd];
            Fds.close(r.fd); // closing removes it from the epoll set
            if (d != null && d.clockTimer == r) {
                table[r.fd] = null;
            }
        }
        recycle(r);
    }

    private void unqueue(Request r) {
        if (r.queue != null) {
            r.queue.remove(r);
        }
    }

    private void live(Request r) {
        r.live = true;
        liveCount++;
        r.livePrev = null;
        r.liveNext = liveHead;
        if (liveHead != null) {
            liveHead.livePrev = r;
        }
        liveHead = r;
    }

    private void unlive(Request r) {
        if (!r.live) {
            return;
        }
        if (r.livePrev == null) {
            liveHead = r.liveNext;
        } else {
            r.livePrev.liveNext = r.liveNext;
        }
        if (r.liveNext != null) {
            r.liveNext.livePrev = r.livePrev;
        }
        r.livePrev = null;
        r.liveNext = null;
        r.live = false;
        liveCount--;
    }

    private void recycle(Request r) {
        MemorySegment keep = r.scratch;
        r.reset();
        r.scratch = keep;
        r.memory = null;
        r.group = null;
        r.targetEngine = null;
        r.next = free;
        free = r;
    }

    private Descriptor descriptor(int fd) {
        if (fd < 0) {
            return null;
        }
        if (fd >= table.length) {
            table = java.util.Arrays.copyOf(table, Math.max(table.length * 2, fd + 1));
        }
        Descriptor d = table[fd];
        if (d == null) {
            d = new Descriptor(fd);
            table[fd] = d;
        }
        return d;
    }

    /** A descriptor number the kernel just handed out: whatever the engine knew of an older one is stale. */
    private Descriptor fresh(int fd) {
        if (fd >= table.length) {
            table = java.util.Arrays.copyOf(table, Math.max(table.length * 2, fd + 1));
        }
        Descriptor old = table[fd];
        if (old != null) {
            dropAll(old);
        }
        Descriptor d = new Descriptor(fd);
        table[fd] = d;
        return d;
    }

    private void release(Descriptor d) {
        if (d.registered && d.clockTimer == null) {
            ctl(Epoll.EPOLL_CTL_DEL, d.fd, 0);
        }
        if (table[d.fd] == d) {
            table[d.fd] = null;
        }
    }

    private static long messageLength(MemorySegment msghdr) {
        long iov = msghdr.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov);
        long count = msghdr.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen);
        if (count == 0) {
            return 0;
        }
        MemorySegment v = MemorySegment.ofAddress(iov).reinterpret(count * 16);
        long total = 0;
        for (long i = 0; i < count; i++) {
            total += v.get(ValueLayout.JAVA_LONG, i * 16 + 8);
        }
        return total;
    }

    private void signalIfExported() {
        if (fdExported && !cq.isEmpty()) {
            postBox.wakeup();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the epoll engine is closed");
        }
    }

    @Override
    public String toString() {
        return "EpollBackend[epfd " + epfd + ", " + cq.size() + " completions, " + deadlines.size() + " deadlines]";
    }
}
