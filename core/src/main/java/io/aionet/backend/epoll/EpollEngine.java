package io.aionet.backend.epoll;

import io.aionet.linux.Epoll;
import io.aionet.linux.Errno;
import io.aionet.linux.Fds;
import io.aionet.linux.LinuxException;
import io.aionet.linux.Msghdr;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import io.aionet.linux.Timerfd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
public final class EpollEngine implements AutoCloseable {
    /** A deadline or timer request waiting in the heap; no descriptor. */
    private static final int BUDGET = 16;
    private static final int IO_EVENTS = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    private static final int READ_READY = EPOLLIN | EPOLLPRI | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
    private static final int WRITE_READY = EPOLLOUT | EPOLLHUP | EPOLLERR;
    private static final int SO_TYPE = 3;

    private enum Attempt { DONE, AGAIN, MORE }

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
    private boolean fdExported;
    private boolean closed;

    private EpollEngine(int completionEntries, int maxEvents) throws LinuxException {
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
     * Opens an engine: an epoll set, its wake-up eventfd and its deadline timerfd.
     *
     * @param completionEntries the completion queue's first capacity (it grows, nothing is dropped)
     * @throws LinuxException when the kernel refuses a descriptor (EMFILE, ENFILE, ENOMEM)
     */
    public static EpollEngine open(int completionEntries) throws LinuxException {
        if (completionEntries <= 0) {
            throw new IllegalArgumentException("completionEntries must be positive: " + completionEntries);
        }
        return new EpollEngine(completionEntries, 256);
    }

    // ------------------------------------------------------------------ the vocabulary (prepared, issued by submit)

    /** A no-op: completes with 0 ({@code IORING_OP_NOP}). */
    public void nop(long userData) {
        prepare(Request.NOP, userData, -1);
    }

    /**
     * Readiness of {@code fd} ({@code IORING_OP_POLL_ADD}): completes with the ready events
     * ({@code POLLIN}... {@code EPOLLERR}/{@code EPOLLHUP} always included) once, or with {@code F_MORE}
     * on every edge ({@code multishot}), or on every wait while the descriptor is ready ({@code level}).
     */
    public void pollAdd(long userData, int fd, int pollMask, boolean multishot, boolean level) {
        Request r = prepare(Request.POLL, userData, fd);
        r.pollMask = pollMask & 0xffff;
        r.pollMode = level ? Request.LEVEL : multishot ? Request.EDGE : Request.ONE_SHOT;
        r.multishot = multishot || level;
    }

    /** Removes the poll tagged {@code target} ({@code IORING_OP_POLL_REMOVE}): 0 or {@code -ENOENT}. */
    public void pollRemove(long userData, long target) {
        prepare(Request.POLL_REMOVE, userData, -1).target = target;
    }

    /**
     * A pure timer ({@code IORING_OP_TIMEOUT} with no completion count): completes with {@code -ETIME}
     * after {@code nanos} ({@code absolute}: at {@code nanos} on {@code clock}). With {@code multishot}
     * it repeats every {@code nanos}, {@code count} times (0: until removed), each completion but the last
     * with {@code F_MORE} ({@code IORING_TIMEOUT_MULTISHOT}).
     *
     * @param clock {@link Timerfd#CLOCK_MONOTONIC}, {@link Timerfd#CLOCK_REALTIME} or {@link Timerfd#CLOCK_BOOTTIME}
     */
    public void timeout(long userData, long nanos, int clock, boolean absolute, boolean multishot, long count) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a timeout cannot be negative: " + nanos);
        }
        if (clock != Timerfd.CLOCK_MONOTONIC && clock != Timerfd.CLOCK_REALTIME && clock != Timerfd.CLOCK_BOOTTIME) {
            throw new IllegalArgumentException("clock must be MONOTONIC, REALTIME or BOOTTIME: " + clock);
        }
        if (multishot && nanos == 0) {
            throw new IllegalArgumentException("a periodic timeout needs a period");
        }
        Request r = prepare(clock == Timerfd.CLOCK_MONOTONIC ? Request.TIMEOUT : Request.CLOCK_TIMEOUT, userData, -1);
        r.length = nanos;
        r.inFd = clock;
        r.started = absolute;
        r.multishot = multishot;
        r.remaining = count;
    }

    /** Removes the timeout tagged {@code target} ({@code IORING_OP_TIMEOUT_REMOVE}): 0 or {@code -ENOENT}. */
    public void timeoutRemove(long userData, long target) {
        prepare(Request.TIMEOUT_REMOVE, userData, -1).target = target;
    }

    /**
     * Cancels the request tagged {@code target} ({@code IORING_OP_ASYNC_CANCEL}); with
     * {@code IORING_ASYNC_CANCEL_ALL} every request so tagged, with {@code IORING_ASYNC_CANCEL_ANY} every
     * request. Completes with 0 (or the number cancelled with ALL/ANY) or {@code -ENOENT}; each target
     * completes with {@code -ECANCELED}.
     */
    public void cancel(long userData, long target, int cancelFlags) {
        Request r = prepare(Request.CANCEL, userData, -1);
        r.target = target;
        r.cancelFlags = cancelFlags;
    }

    /**
     * Cancels every request on {@code fd} ({@code IORING_ASYNC_CANCEL_FD | _ALL}) and forgets the descriptor:
     * completes with the number cancelled or {@code -ENOENT}. Zero-copy sends still awaiting notification
     * get it now (the socket is about to close; the kernel keeps the pages it pinned).
     */
    public void cancelFd(long userData, int fd) {
        prepare(Request.CANCEL_FD, userData, fd);
    }

    /**
     * Posts {@code (targetUserData, res, flags)} to {@code target} ({@code IORING_OP_MSG_RING} with
     * {@code IORING_MSG_DATA}); this request completes with 0, or {@code -EBADFD} when the target is closed.
     */
    public void msgRing(long userData, EpollEngine target, long targetUserData, int res, int flags) {
        Request r = prepare(Request.MSG, userData, -1);
        r.targetEngine = Objects.requireNonNull(target, "target");
        r.target = targetUserData;
        r.value = res;
        r.cancelFlags = flags;
    }

    /**
     * Accepts connections on listening socket {@code fd} ({@code IORING_OP_ACCEPT}): completes with the
     * new descriptor (non-blocking, plus {@code flags}, e.g. {@code SOCK_CLOEXEC}); with {@code multishot}
     * once per connection with {@code F_MORE} until an error ends it. {@code addr}/{@code addrLen} may be
     * {@code NULL}.
     */
    public void accept(long userData, int fd, MemorySegment addr, MemorySegment addrLen, int flags, boolean multishot) {
        Request r = prepare(Request.ACCEPT, userData, fd);
        r.memory = addr;
        r.memory2 = addrLen;
        r.msgFlags = flags;
        r.multishot = multishot;
    }

    /**
     * Connects {@code fd} ({@code IORING_OP_CONNECT}); with {@code timeoutNanos > 0} a deadline that, when
     * it passes first, completes the connect with {@code -ECANCELED} (io_uring's linked-timeout rule).
     */
    public void connect(long userData, int fd, MemorySegment addr, int addrLen, long timeoutNanos) {
        Request r = prepare(Request.CONNECT, userData, fd);
        r.memory = Objects.requireNonNull(addr, "addr");
        r.length = addrLen;
        r.deadline = timeoutNanos;
    }

    /**
     * Receives into caller memory ({@code IORING_OP_RECV}): bytes, 0 at end of stream, or {@code -errno};
     * with {@code timeoutNanos > 0}, {@code -ECANCELED} when the deadline passes first.
     */
    public void recv(long userData, int fd, MemorySegment buf, long offset, int length, int msgFlags, long timeoutNanos) {
        Objects.checkFromIndexSize(offset, length, buf.byteSize());
        Request r = prepare(Request.RECV, userData, fd);
        r.memory = buf;
        r.offset = offset;
        r.length = length;
        r.msgFlags = msgFlags;
        r.deadline = timeoutNanos;
    }

    /**
     * Receives into a buffer the engine takes from {@code group} ({@code IORING_OP_RECV} with
     * {@code IOSQE_BUFFER_SELECT}; {@code multishot}: {@code IORING_RECV_MULTISHOT}). Each completion has
     * {@code F_BUFFER} and the buffer id; {@code -ENOBUFS} when the group is empty, 0 at end of stream,
     * both ending a multishot receive.
     *
     * @param maxLength at most this many bytes per completion (0: the whole buffer)
     */
    public void recvGroup(long userData, int fd, BufferGroup group, int maxLength, int msgFlags, boolean multishot) {
        Request r = prepare(Request.RECV_GROUP, userData, fd);
        r.group = Objects.requireNonNull(group, "group");
        r.length = maxLength;
        r.msgFlags = msgFlags;
        r.multishot = multishot;
    }

    /** Receives a message into the caller's {@code msghdr} ({@code IORING_OP_RECVMSG}); deadline as {@link #recv}. */
    public void recvmsg(long userData, int fd, MemorySegment msghdr, int msgFlags, long timeoutNanos) {
        Request r = prepare(Request.RECVMSG, userData, fd);
        r.memory = Objects.requireNonNull(msghdr, "msghdr");
        r.msgFlags = msgFlags;
        r.deadline = timeoutNanos;
    }

    /**
     * Receives messages into buffers of {@code group} ({@code IORING_OP_RECVMSG}, multishot): each buffer is
     * laid out as the kernel lays it out — {@code struct io_uring_recvmsg_out}, then the template's
     * {@code msg_namelen} bytes of name room, its {@code msg_controllen} bytes of control room, then the
     * payload; {@code res} counts all of it.
     */
    public void recvmsgGroup(long userData, int fd, MemorySegment templateMsghdr, BufferGroup group, int msgFlags) {
        Request r = prepare(Request.RECVMSG_GROUP, userData, fd);
        r.group = Objects.requireNonNull(group, "group");
        r.nameRoom = templateMsghdr.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen);
        r.controlRoom = (int) templateMsghdr.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_controllen);
        r.msgFlags = msgFlags;
        r.multishot = true;
    }

    /**
     * Sends {@code length} bytes at {@code offset} of {@code buf} ({@code IORING_OP_SEND}; {@code zeroCopy}:
     * {@code IORING_OP_SEND_ZC}). Short sends are continued: the result is every byte, or the bytes sent
     * before an error, or {@code -errno}. A zero-copy send completes with {@code F_MORE}, then its
     * notification ({@code F_NOTIF}; with {@code reportUsage}, res has {@code IORING_NOTIF_USAGE_ZC_COPIED}
     * when the kernel copied); {@code buf} is the kernel's until the notification.
     */
    public void send(long userData, int fd, MemorySegment buf, long offset, int length, int msgFlags,
                     boolean zeroCopy, boolean reportUsage) {
        Objects.checkFromIndexSize(offset, length, buf.byteSize());
        Request r = prepare(Request.SEND, userData, fd);
        r.memory = buf;
        r.offset = offset;
        r.length = length;
        r.msgFlags = msgFlags;
        r.zeroCopy = zeroCopy;
        r.reportUsage = reportUsage;
    }

    /** Sends the message of {@code msghdr} ({@code IORING_OP_SENDMSG} / {@code SENDMSG_ZC}), as {@link #send}. */
    public void sendmsg(long userData, int fd, MemorySegment msghdr, int msgFlags, boolean zeroCopy, boolean reportUsage) {
        Request r = prepare(Request.SENDMSG, userData, fd);
        r.memory = Objects.requireNonNull(msghdr, "msghdr");
        r.msgFlags = msgFlags;
        r.zeroCopy = zeroCopy;
        r.reportUsage = reportUsage;
    }

    /** Shuts down a direction of {@code fd} ({@code IORING_OP_SHUTDOWN}): 0 or {@code -errno}. */
    public void shutdown(long userData, int fd, int how) {
        prepare(Request.SHUTDOWN, userData, fd).cancelFlags = how;
    }

    /**
     * Sends {@code count} bytes of file {@code inFd} from {@code fileOffset} ({@code -1}: its current position)
     * to socket {@code fd} with {@code sendfile(2)} — Polyakov's {@code aio_sendfile}. Completes with the
     * bytes sent (fewer at end of file) or {@code -errno}.
     */
    public void sendFile(long userData, int fd, int inFd, long fileOffset, long count) {
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count must be in [0, 2^31): " + count);
        }
        Request r = prepare(Request.SENDFILE, userData, fd);
        r.inFd = inFd;
        r.fileOffset = fileOffset;
        r.length = count;
    }

    // ------------------------------------------------------------------ submit, wait, reap

    /** Issues every prepared request, in order; returns how many. Completions that come at once are queued. */
    public int submit() {
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

    /** Completions waiting to be reaped. */
    public int ready() {
        return cq.size();
    }

    /** Completions that arrived while the queue held its first capacity (kept: overflow is never a loss). */
    public long overflowed() {
        return cq.overflowed();
    }

    /** Prepared requests not yet submitted. */
    public int prepared() {
        return submissions.size;
    }

    /**
     * Waits until at least {@code min} completions are queued or {@code timeoutNanos} passed ({@code < 0}:
     * no limit); returns the completions queued. No system call when {@code min} are already there;
     * {@code min == 0} looks once without blocking. The wait's own timeout has millisecond resolution
     * (epoll_wait's); request deadlines and timers have the timerfd's.
     */
    public int await(int min, long timeoutNanos) throws LinuxException {
        checkOpen();
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
            for (int i = 0; i < n; i++) {
                dispatch((int) Epoll.eventData(events, i), Epoll.eventMask(events, i));
            }
            if (min == 0) {
                runRunAgain();
                return cq.size();
            }
            if (n == 0 && waitMillis == 0 && runAgainHead == null && !unlimited
                    && System.nanoTime() - start >= timeoutNanos) {
                return cq.size();
            }
        }
    }

    /** Hands up to {@code max} completions to {@code handler}, oldest first, allocating nothing; returns how many. */
    public int reap(CompletionHandler handler, int max) {
        checkOpen();
        int n = cq.drain(handler, max);
        signalIfExported();
        return n;
    }

    /**
     * A descriptor that polls readable while completions may be waiting (the epoll set's own; io_uring's
     * ring fd), for use in another poll/epoll/select loop. Once asked for, the engine also signals it when
     * completions are queued outside a wait.
     */
    public int fd() {
        fdExported = true;
        return epfd;
    }

    /** Posts a completion from any thread; false when the engine is closed. */
    public boolean post(long userData, int res, int flags) {
        return postBox.post(userData, res, flags);
    }

    /** Wakes the owner out of {@link #await} from any thread. */
    public void wakeup() {
        postBox.wakeup();
    }

    /** Drops what the engine knows of {@code fd} (call before closing it); its requests are dropped silently. */
    public void forget(int fd) {
        Descriptor d = fd >= 0 && fd < table.length ? table[fd] : null;
        if (d == null) {
            return;
        }
        dropAll(d);
        release(d);
    }

    /** True once {@link #close()} ran. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the epoll set, its eventfd and timerfd and the timerfds of clock timeouts; requests still pending are dropped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        postBox.close();
        for (Descriptor d : table) {
            if (d != null && d.clockTimer != null) {
                Fds.close(d.fd);
            }
        }
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
            case Request.MSG -> instant(r, r.targetEngine.post(r.target, r.value, r.cancelFlags) ? 0 : -Errno.EBADFD);
            case Request.SHUTDOWN -> instant(r, Sockets.shutdown(r.fd, r.cancelFlags));
            default -> issueIo(r);
        }
    }

    private void instant(Request r, int res) {
        cq.add(r.userData, res, 0);
        recycle(r);
    }

    private void issueIo(Request r) {
        Descriptor d = descriptor(r.fd);
        if (d == null) {
            instant(r, -Errno.EBADF);
            return;
        }
        int rc = enterIoMode(d);
        if (rc < 0) {
            instant(r, rc);
            return;
        }
        if (r.op == Request.ACCEPT || r.op == Request.CONNECT || r.op == Request.SENDFILE) {
            rc = ensureNonBlocking(d);
            if (rc < 0) {
                instant(r, rc);
                return;
            }
        }
        if (r.op == Request.SENDMSG) {
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
                || r.op == Request.RECVMSG || r.op == Request.RECVMSG_GROUP;
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
            }
            if ((mask & WRITE_READY) != 0) {
                d.writable = true;
            }
            if ((mask & EPOLLERR) != 0 && (!d.zeroCopies.isEmpty() || zeroCopySending(d))) {
                zeroCopy.drain(d, rangeSink);
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
        return 0;
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
            Attempt a = attemptRead(d, d.reads.head);
            if (a == Attempt.AGAIN) {
                d.readable = false;
                break;
            }
            if (--budget == 0) {
                scheduleRunAgain(d);
                break;
            }
        }
        budget = BUDGET;
        while (d.writable && d.writes.head != null) {
            Attempt a = attemptWrite(d, d.writes.head);
            if (a == Attempt.AGAIN) {
                d.writable = false;
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

    private Attempt attemptRead(Descriptor d, Request r) {
        int dontwait = Sockets.MSG_DONTWAIT | r.msgFlags;
        switch (r.op) {
            case Request.RECV -> {
                long n = Sockets.recv(r.fd, r.memory, r.offset, r.length, dontwait);
                if (n == -Errno.EAGAIN) {
                    return Attempt.AGAIN;
                }
                finish(r, (int) n, 0);
                return Attempt.DONE;
            }
            case Request.RECVMSG -> {
                long n = Sockets.recvmsg(r.fd, r.memory, dontwait);
                if (n == -Errno.EAGAIN) {
                    return Attempt.AGAIN;
                }
                finish(r, (int) n, 0);
                return Attempt.DONE;
            }
            case Request.RECV_GROUP -> {
                BufferGroup g = r.group;
                if (g.isEmpty()) {
                    finish(r, -Errno.ENOBUFS, 0);
                    return Attempt.DONE;
                }
                int room = g.headLength();
                if (r.length > 0 && r.length < room) {
                    room = (int) r.length;
                }
                long n = Sockets.recv(r.fd, g.memory(), g.headOffset(), room, dontwait);
                if (n == -Errno.EAGAIN) {
                    return Attempt.AGAIN; // the buffer stays the group's, untouched
                }
                if (n <= 0) {
                    finish(r, (int) n, 0);
                    return Attempt.DONE;
                }
                int flags = IORING_CQE_F_BUFFER | (g.headBid() << IORING_CQE_BUFFER_SHIFT);
                if (g.consume((int) n)) {
                    flags |= IORING_CQE_F_BUF_MORE;
                }
                if (!r.multishot) {
                    finish(r, (int) n, flags);
                    return Attempt.DONE;
                }
                cq.add(r.userData, (int) n, flags | IORING_CQE_F_MORE);
                return Attempt.MORE;
            }
            case Request.RECVMSG_GROUP -> {
                return attemptRecvmsgGroup(d, r);
            }
            case Request.ACCEPT -> {
                MemorySegment addr = r.memory == null ? MemorySegment.NULL : r.memory;
                MemorySegment addrLen = r.memory2 == null ? MemorySegment.NULL : r.memory2;
                int nfd = Sockets.accept4(r.fd, addr, addrLen, r.msgFlags | Sockets.SOCK_NONBLOCK);
                if (nfd == -Errno.EAGAIN) {
                    return Attempt.AGAIN;
                }
                if (nfd >= 0) {
                    fresh(nfd).nonBlocking = true;
                }
                if (nfd < 0 || !r.multishot) {
                    finish(r, nfd, 0);
                    return Attempt.DONE;
                }
                cq.add(r.userData, nfd, IORING_CQE_F_MORE);
                return Attempt.MORE;
            }
            default -> throw new AssertionError(r);
        }
    }

    private Attempt attemptRecvmsgGroup(Descriptor d, Request r) {
        BufferGroup g = r.group;
        if (g.isEmpty()) {
            finish(r, -Errno.ENOBUFS, 0);
            return Attempt.DONE;
        }
        long header = Msghdr.SIZEOF_recvmsg_out + r.nameRoom + r.controlRoom;
        int room = g.headLength();
        if (room < header) {
            finish(r, -Errno.EFAULT, 0);
            return Attempt.DONE;
        }
        long base = g.memory().address() + g.headOffset();
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
        java.lang.ref.Reference.reachabilityFence(g);
        if (n == -Errno.EAGAIN) {
            return Attempt.AGAIN;
        }
        if (n < 0) {
            finish(r, (int) n, 0);
            return Attempt.DONE;
        }
        MemorySegment out = g.memory();
        long o = g.headOffset();
        out.set(ValueLayout.JAVA_INT_UNALIGNED, o, h.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen));
        out.set(ValueLayout.JAVA_INT_UNALIGNED, o + 4, (int) h.get(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_controllen));
        out.set(ValueLayout.JAVA_INT_UNALIGNED, o + 8, (int) n);
        out.set(ValueLayout.JAVA_INT_UNALIGNED, o + 12, h.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_flags));
        int res = (int) (header + Math.min(n, room - header));
        int cqeFlags = IORING_CQE_F_BUFFER | (g.headBid() << IORING_CQE_BUFFER_SHIFT) | IORING_CQE_F_MORE;
        g.consumeWhole();
        cq.add(r.userData, res, cqeFlags);
        return Attempt.MORE;
    }

    private int socketType(Descriptor d) {
        if (d.socketType == 0) {
            int t = Sockets.getsockoptInt(d.fd, Sockets.SOL_SOCKET, SO_TYPE);
            d.socketType = t > 0 ? t : -1;
        }
        return d.socketType;
    }

    private Attempt attemptWrite(Descriptor d, Request r) {
        switch (r.op) {
            case Request.SEND, Request.SENDMSG -> {
                return attemptSend(d, r);
            }
            case Request.CONNECT -> {
                int err = Sockets.getsockoptInt(r.fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR);
                if (err != 0) {
                    finish(r, err < 0 ? err : -err, 0);
                    return Attempt.DONE;
                }
                // writable and no error can still be a stale edge: connected only when there is a peer
                peerName.set(ValueLayout.JAVA_INT, 128, 128);
                int rc = Sockets.getpeername(r.fd, peerName, peerName.asSlice(128, 4));
                if (rc == -Errno.ENOTCONN) {
                    return Attempt.AGAIN;
                }
                finish(r, rc < 0 ? rc : 0, 0);
                return Attempt.DONE;
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
                        return Attempt.DONE;
                    }
                    long n = Sockets.sendfile(r.fd, r.inFd, off, left);
                    if (n == -Errno.EAGAIN) {
                        return Attempt.AGAIN;
                    }
                    if (n <= 0) { // 0: end of file
                        finish(r, r.done > 0 || n == 0 ? (int) r.done : (int) n, 0);
                        return Attempt.DONE;
                    }
                    r.done += n;
                }
            }
            default -> throw new AssertionError(r);
        }
    }

    private Attempt attemptSend(Descriptor d, Request r) {
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
                return Attempt.AGAIN;
            }
            if (n == -Errno.ENOBUFS && zc) {
                zc = false; // the socket's optmem is spent on pinned pages: copy this piece
                continue;
            }
            if (n < 0) {
                finishSend(r, r.done > 0 ? (int) r.done : (int) n);
                return Attempt.DONE;
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
                return Attempt.DONE;
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
        finish(r, -Errno.ECANCELED, 0);
    }

    private int cancelFdNow(int fd) {
        Descriptor d = fd >= 0 && fd < table.length ? table[fd] : null;
        if (d == null) {
            return -Errno.ENOENT;
        }
        int n = 0;
        RequestQueue[] queues = {d.reads, d.writes, d.polls};
        for (RequestQueue q : queues) {
            Request r;
            while ((r = q.head) != null) {
                cancelOne(r);
                n++;
            }
        }
        Request z;
        while ((z = d.zeroCopies.head) != null) {
            z.zcCopied |= z.zcOutstanding > 0;
            finish(z, notificationResult(z), IORING_CQE_F_NOTIF);
        }
        release(d);
        return n == 0 ? -Errno.ENOENT : n;
    }

    private void dropAll(Descriptor d) {
        RequestQueue[] queues = {d.reads, d.writes, d.polls, d.zeroCopies};
        for (RequestQueue q : queues) {
            Request r;
            while ((r = q.head) != null) {
                unqueue(r);
                deadlines.remove(r);
                unlive(r);
                recycle(r);
            }
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
        return "EpollEngine[epfd " + epfd + ", " + cq.size() + " completions, " + deadlines.size() + " deadlines]";
    }
}
