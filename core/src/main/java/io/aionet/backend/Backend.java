package io.aionet.backend;

import io.aionet.BackendKind;
import io.aionet.LinuxException;

import java.lang.foreign.MemorySegment;

/**
 * The seam under every event channel: a proactor with a fixed vocabulary of requests. Event channels,
 * sockets and receive pools are written against this interface only; io_uring
 * ({@link io.aionet.backend.uring.UringBackend}) is its first implementation, and an epoll backend
 * implements the same contract by emulation.
 *
 * <h2>The contract</h2>
 * Every request method queues one request tagged with a 64-bit {@code user_data} ({@code ud}) and
 * returns at once; nothing is submitted to the kernel until {@link #submit()} or
 * {@link #submitAndWait(int, long)} (an implementation may submit earlier when its queue is full).
 * Each request later yields one or more <em>completions</em>, handed to a {@link CompletionHandler}
 * by {@link #reap}, as {@code (user_data, res, flags)} with io_uring's meaning exactly:
 * <ul>
 *   <li>{@code res}: a byte count, a descriptor, 0, or {@code -errno};</li>
 *   <li>{@code flags}: {@link #CQE_F_MORE} when the same request completes again (multishot
 *       requests; a zero-copy send's result followed by its notification); a completion without it is
 *       the request's last ("terminal"). {@link #CQE_F_BUFFER} with the buffer id in
 *       {@code flags >>> }{@link #CQE_BUFFER_SHIFT} when the request took a buffer from a
 *       {@link BufferGroup}; {@link #CQE_F_BUF_MORE} when that buffer was consumed only in part
 *       (incremental groups) and stays with the backend; {@link #CQE_F_NOTIF} on a zero-copy
 *       notification; {@link #CQE_F_POSTED} on a message {@linkplain #post posted} by another
 *       channel, which is no request of this backend.</li>
 * </ul>
 * A request cancelled ({@link #cancel}, {@link #cancelFd}, {@link #cancelAll}, a remove) completes
 * with {@code -ECANCELED} (terminal); the cancel request itself completes with its own result.
 * Requests with a deadline ({@code timeoutNanos > 0}) complete with {@code -ECANCELED} when the
 * deadline passes first — io_uring's linked timeout. Requests are chained in order with {@link #link()}
 * ({@code IOSQE_IO_LINK}) where the backend has {@link Feature#LINKS}; elsewhere the caller orders them.
 *
 * <h2>Reserved user_data</h2>
 * Values with {@link #RESERVED_BIT} set belong to the backend (its wake-up, the halves of a file
 * send, the timer behind a deadline); callers never use them and never see their completions.
 * Everything else, 0 included, is the caller's and comes back verbatim.
 *
 * <h2>Threads and allocation</h2>
 * A backend belongs to the thread that opened it: every method but {@link #wakeup()} (and
 * {@link #kind()}, {@link #fd()}, {@link #supports}) runs on that thread. Requests allocate nothing;
 * the memory they name (buffers, {@code msghdr}s, socket addresses) must stay valid until the
 * request's terminal completion (addresses and {@code msghdr}s: until the request is submitted).
 *
 * <h2>Capabilities</h2>
 * A request a backend cannot serve is announced by {@link #supports(Feature)} returning false; callers
 * check first and throw {@link UnsupportedOperationException} naming {@link #kind()}. A request made
 * anyway throws that exception itself.
 */
public interface Backend extends AutoCloseable {

    // ------------------------------------------------------------------ completion flags (io_uring's values)

    /** {@code IORING_CQE_F_BUFFER}: the completion took a buffer; its id is {@code flags >>> CQE_BUFFER_SHIFT}. */
    int CQE_F_BUFFER = 1;
    /** {@code IORING_CQE_F_MORE}: the request completes again; absent on its last completion. */
    int CQE_F_MORE = 1 << 1;
    /** {@code IORING_CQE_F_SOCK_NONEMPTY}: more data waits in the socket (advisory). */
    int CQE_F_SOCK_NONEMPTY = 1 << 2;
    /** {@code IORING_CQE_F_NOTIF}: a zero-copy notification: the kernel no longer reads the buffer. */
    int CQE_F_NOTIF = 1 << 3;
    /** {@code IORING_CQE_F_BUF_MORE}: an incremental buffer was consumed in part; the backend keeps it. */
    int CQE_F_BUF_MORE = 1 << 4;
    /** {@code IORING_CQE_BUFFER_SHIFT}: where the buffer id starts in {@code flags}. */
    int CQE_BUFFER_SHIFT = 16;
    /**
     * A message {@linkplain #post posted} by another channel: {@code user_data} and {@code res} are the
     * sender's, and it answers no request of this backend. The value is one no kernel completion uses.
     */
    int CQE_F_POSTED = 1 << 13;
    /** {@code IORING_NOTIF_USAGE_ZC_COPIED}: set in a notification's {@code res} when the kernel copied after all. */
    int NOTIF_USAGE_ZC_COPIED = 1 << 31;

    /** {@code user_data} with this bit set is the backend's own; callers never use it. */
    long RESERVED_BIT = 1L << 63;

    // ------------------------------------------------------------------ request parameters

    /** {@link #pollAdd} mode: one completion, then the poll is gone. */
    int POLL_ONESHOT = 0;
    /** {@link #pollAdd} mode: multishot, edge-triggered: a completion each time readiness arises. */
    int POLL_EDGE = 1;
    /** {@link #pollAdd} mode: multishot, level-triggered: a completion each time the backend looks and it holds. */
    int POLL_LEVEL = 2;

    /** {@link #timeout} flag ({@code IORING_TIMEOUT_ABS}): {@code nanos} is an absolute time on the clock. */
    int TIMEOUT_ABS = 1;
    /** {@link #timeout} flag ({@code IORING_TIMEOUT_BOOTTIME}): {@code CLOCK_BOOTTIME} (default: {@code CLOCK_MONOTONIC}). */
    int TIMEOUT_BOOTTIME = 1 << 2;
    /** {@link #timeout} flag ({@code IORING_TIMEOUT_REALTIME}): {@code CLOCK_REALTIME}. */
    int TIMEOUT_REALTIME = 1 << 3;
    /** {@link #timeout} flag ({@code IORING_TIMEOUT_MULTISHOT}): periodic; needs {@link Feature#MULTISHOT_TIMEOUT}. */
    int TIMEOUT_MULTISHOT = 1 << 6;

    // ------------------------------------------------------------------ identity

    /** Which backend this is. */
    BackendKind kind();

    /** True when this backend can serve {@code feature}'s requests. */
    boolean supports(Feature feature);

    /**
     * A descriptor that polls readable while completions wait to be reaped ({@code ec_to_fd}); a
     * {@link #wakeup()} makes it readable too. Any thread.
     */
    int fd();

    /**
     * Makes a {@link #submitAndWait} in progress (or the next one) return, and {@link #fd()} readable.
     * It yields no completion of its own. Any thread; no allocation; coalesces.
     */
    void wakeup();

    // ------------------------------------------------------------------ readiness and timers

    /**
     * {@code IORING_OP_POLL_ADD}: completes with the ready {@code POLL*} bits of {@code fd} among
     * {@code events} (as {@code res}), or {@code -errno}. {@code mode} {@link #POLL_ONESHOT}: one
     * completion. {@link #POLL_EDGE} and {@link #POLL_LEVEL}: multishot, each completion but the last
     * with {@link #CQE_F_MORE}; the backend may end it at any time (a completion without
     * {@code F_MORE}, e.g. on overflow), and the caller re-arms.
     */
    void pollAdd(long ud, int fd, int events, int mode);

    /**
     * {@code IORING_OP_POLL_REMOVE}: ends the poll tagged {@code target}, which completes with
     * {@code -ECANCELED}; this request completes with 0, or {@code -ENOENT} when no such poll is armed.
     */
    void pollRemove(long ud, long target);

    /**
     * {@code IORING_OP_TIMEOUT} with no completion count: completes with {@code -ETIME} when
     * {@code nanos} have passed (or at {@code nanos} with {@link #TIMEOUT_ABS}), on the clock the
     * flags name. With {@link #TIMEOUT_MULTISHOT} it completes every {@code nanos} with
     * {@code -ETIME} and {@link #CQE_F_MORE}, until removed.
     */
    void timeout(long ud, long nanos, int flags);

    /**
     * {@code IORING_OP_TIMEOUT_REMOVE}: the timeout tagged {@code target} completes with
     * {@code -ECANCELED}; this request completes with 0, or {@code -ENOENT} when none is armed (a
     * periodic timeout firing at that moment may be missed: remove it again on its next expiry), or
     * {@code -EALREADY} when it is expiring.
     */
    void timeoutRemove(long ud, long target);

    // ------------------------------------------------------------------ cancellation

    /**
     * {@code IORING_OP_ASYNC_CANCEL} by {@code user_data}: the first request tagged {@code target}
     * completes with {@code -ECANCELED} (a request that already runs may instead finish with its
     * result); this request completes with 0, {@code -ENOENT} or {@code -EALREADY}.
     */
    void cancel(long ud, long target);

    /**
     * {@code IORING_OP_ASYNC_CANCEL} with {@code IORING_ASYNC_CANCEL_FD | _ALL}: every request on
     * {@code fd} (file sends to the socket {@code fd} included) ends as by {@link #cancel}; this
     * request completes with how many it found, or {@code -ENOENT}.
     */
    void cancelFd(long ud, int fd);

    /** {@code IORING_ASYNC_CANCEL_ANY | _ALL}: every request in flight ends; for closing. Completes like {@link #cancelFd}. */
    void cancelAll(long ud);

    // ------------------------------------------------------------------ messages and futexes

    /**
     * {@code IORING_OP_MSG_RING} ({@code IORING_MSG_DATA}): posts the completion
     * {@code (targetUd, res, CQE_F_POSTED)} to {@code target}, a backend of the same
     * {@linkplain #kind() kind}, owned by any thread; it wakes {@code target}. This request completes
     * with 0 or {@code -errno} (e.g. {@code -EOVERFLOW} when the target's queue is full).
     *
     * @throws IllegalArgumentException when {@code target} is of another kind
     */
    void post(long ud, Backend target, long targetUd, int res);

    /**
     * {@code IORING_OP_FUTEX_WAIT} on the shared 32-bit word {@code word} (any bit of the wake's mask):
     * completes with 0 when woken, or {@code -EAGAIN} at once when the word does not hold
     * {@code expected}. Needs {@link Feature#FUTEX_WAIT}.
     */
    void futexWait(long ud, MemorySegment word, int expected);

    // ------------------------------------------------------------------ sockets

    /**
     * Multishot {@code IORING_OP_ACCEPT} on listening socket {@code fd}: one completion per
     * connection, {@code res} the new descriptor (created with {@code flags}, e.g. {@code SOCK_CLOEXEC})
     * and {@link #CQE_F_MORE}; the accept ends on an error ({@code -EMFILE}, ...), which the caller
     * answers by arming it again.
     */
    void acceptMultishot(long ud, int fd, int flags);

    /**
     * {@code IORING_OP_CONNECT} of {@code fd} to the {@code addrLen}-byte socket address {@code addr}:
     * completes with 0 or {@code -errno} ({@code -ECONNREFUSED}, {@code -ENETUNREACH}, ...); with
     * {@code timeoutNanos > 0}, with {@code -ECANCELED} when that time passes first.
     */
    void connect(long ud, int fd, MemorySegment addr, int addrLen, long timeoutNanos);

    /**
     * {@code IORING_OP_RECV} into {@code len} bytes at {@code offset} of {@code buf} (caller memory):
     * completes with the bytes received, 0 at end of stream, or {@code -errno}; with
     * {@code timeoutNanos > 0}, with {@code -ECANCELED} when nothing arrived in time.
     */
    void recv(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags, long timeoutNanos);

    /**
     * Multishot {@code IORING_OP_RECV} with buffer selection from {@code group}: a completion per
     * arrival — {@code res} bytes written at the start of the buffer (or, incremental, where the
     * previous piece of the same buffer ended), {@link #CQE_F_BUFFER} with its id, {@link #CQE_F_MORE}.
     * It ends (a completion without {@code F_MORE}) with 0 at end of stream, {@code -ENOBUFS} when the
     * group has no buffer (no data is lost: it waits in the socket; re-arm after providing), another
     * {@code -errno}, or early with data; the caller re-arms.
     */
    void recvMultishot(long ud, int fd, BufferGroup group, int msgFlags);

    /**
     * {@link #recvMultishot} on a stream socket where one completion may fill several buffers (a
     * bundle: io_uring's {@code IORING_RECVSEND_BUNDLE}, one receive call for what the socket holds):
     * {@code res} bytes start in the buffer the completion names, where its previous piece ended, and go
     * on into the buffers {@link BufferGroup#following following} it, each filled to its end but the last.
     * With an incremental group the last one stays the backend's when {@link #CQE_F_BUF_MORE} is set;
     * otherwise every buffer named leaves the group. A backend without bundles completes one buffer at a
     * time, which this contract allows.
     */
    default void recvBundleMultishot(long ud, int fd, BufferGroup group, int msgFlags) {
        recvMultishot(ud, fd, group, msgFlags);
    }

    /**
     * One-shot {@code IORING_OP_RECV} with buffer selection from {@code group}: completes once, with
     * {@code res} bytes (at most {@code len}; 0: the buffer's length) written into a buffer the backend
     * picks, named by {@link #CQE_F_BUFFER} and its id; or 0 at end of stream, {@code -ENOBUFS} when the
     * group has no buffer, another {@code -errno}.
     */
    void recvSelect(long ud, int fd, BufferGroup group, int len, int msgFlags);

    /**
     * Multishot {@code IORING_OP_RECVMSG} with buffer selection from {@code group}: as
     * {@link #recvMultishot}, one datagram per completion, each buffer laid out as the kernel lays
     * it: {@code struct io_uring_recvmsg_out}, then the name ({@code msghdr.msg_namelen} bytes), then
     * the control data ({@code msg_controllen} bytes), then the payload; {@code res} is the bytes used.
     * {@code msghdr} gives only the name and control sizes.
     */
    void recvmsgMultishot(long ud, int fd, MemorySegment msghdr, BufferGroup group, int msgFlags);

    /**
     * {@code IORING_OP_RECVMSG} into the caller's {@code struct msghdr}: completes with the bytes
     * received or {@code -errno}, {@code msghdr} updated as {@code recvmsg(2)} does; with
     * {@code timeoutNanos > 0}, {@code -ECANCELED} when nothing arrived in time.
     */
    void recvmsg(long ud, int fd, MemorySegment msghdr, int msgFlags, long timeoutNanos);

    /**
     * {@code IORING_OP_SEND} of {@code len} bytes at {@code offset} of {@code buf}: completes with the
     * bytes the kernel took (possibly fewer: the caller sends the rest) or {@code -errno}.
     */
    void send(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags);

    /**
     * {@code IORING_OP_SEND_ZC} ({@code IORING_SEND_ZC_REPORT_USAGE}): a first completion with the
     * bytes taken (or {@code -errno}) and, when a notification follows, {@link #CQE_F_MORE}; then a
     * notification ({@link #CQE_F_NOTIF}, terminal) once the kernel no longer reads the buffer, its
     * {@code res} holding {@link #NOTIF_USAGE_ZC_COPIED} when it copied after all. Needs
     * {@link Feature#SEND_ZC}; a backend that copies reports the notification at once, flagged copied.
     */
    void sendZc(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags);

    /**
     * {@link #sendZc} from registered buffer {@code bufIndex} ({@link #registerBuffers};
     * {@code IORING_RECVSEND_FIXED_BUF}): the bytes must lie inside that region. Needs
     * {@link Feature#FIXED_BUFFERS}.
     */
    void sendZcFixed(long ud, int fd, MemorySegment buf, long offset, int len, int msgFlags, int bufIndex);

    /** {@code IORING_OP_SENDMSG} of the caller's {@code struct msghdr}: completes like {@link #send}. */
    void sendmsg(long ud, int fd, MemorySegment msghdr, int msgFlags);

    /** {@code IORING_OP_SENDMSG_ZC}: {@link #sendmsg} with {@link #sendZc}'s two completions. */
    void sendmsgZc(long ud, int fd, MemorySegment msghdr, int msgFlags);

    /**
     * {@code shutdown(2)}, done at once (it never blocks); its completion, 0 or {@code -errno}, comes with
     * the next reap; {@code how} is {@code SHUT_RD/WR/RDWR}. Not {@code IORING_OP_SHUTDOWN}: that always
     * runs in an io-wq worker that looks the descriptor up by number later, when the caller may have closed
     * it and a new socket taken the number.
     */
    void shutdown(long ud, int fd, int how);

    /**
     * Polyakov's {@code aio_sendfile}, {@code sendfile(2)}'s contract: sends up to {@code len} bytes of
     * file {@code fileFd} from {@code offset} to socket {@code sockFd}; completes once with the bytes
     * sent — possibly fewer than {@code len}: the caller continues at {@code offset + res} — 0 when the
     * file ends at {@code offset}, or {@code -errno}. The file's own position is not used or moved. One
     * file send per socket at a time. io_uring: readahead advice, then a splice pair through a pipe the
     * backend owns; epoll: {@code sendfile(2)} when the socket is writable.
     */
    void sendFile(long ud, int fileFd, long offset, int len, int sockFd);

    // ------------------------------------------------------------------ files

    /** {@code AT_FDCWD}: the {@code dirFd} of {@link #openat} and {@link #statx} for paths from the working directory. */
    int AT_FDCWD = -100;

    /**
     * {@code IORING_OP_READ}: reads up to {@code len} bytes of {@code fd} at {@code fileOffset} (-1: at
     * the file position, which moves) into {@code buf} at {@code offset}; completes with the bytes read
     * (0 at end of file, fewer than asked near it) or {@code -errno}. A descriptor that can wait (pipe,
     * socket) completes when data came.
     */
    void read(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset);

    /** {@code IORING_OP_WRITE}: as {@link #read}, writing; completes with the bytes written or {@code -errno}. */
    void write(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset);

    /**
     * {@code IORING_OP_READ_FIXED}: {@link #read} into registered buffer {@code bufIndex}
     * ({@link #registerBuffers}); the bytes must lie inside it. Needs {@link Feature#FIXED_BUFFERS}.
     */
    void readFixed(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset, int bufIndex);

    /** {@code IORING_OP_WRITE_FIXED}: {@link #write} from registered buffer {@code bufIndex}, as {@link #readFixed}. */
    void writeFixed(long ud, int fd, MemorySegment buf, long offset, int len, long fileOffset, int bufIndex);

    /**
     * {@code IORING_OP_FSYNC}: {@code fsync(2)}, or {@code fdatasync(2)} with {@code dataOnly}, of the file
     * {@code fd} names at this call (the backend pins it with a duplicate descriptor: io_uring runs an fsync
     * in a worker that would look the number up only when it starts); completes with 0 or {@code -errno}.
     */
    void fsync(long ud, int fd, boolean dataOnly);

    /**
     * {@code IORING_OP_OPENAT}: opens {@code path} (NUL-terminated, native; read before this method returns
     * or at the submit, so it must stay valid until then) relative to {@code dirFd} ({@link #AT_FDCWD} or a
     * directory descriptor) with {@code O_*} {@code flags} and {@code mode}; completes with the new
     * descriptor or {@code -errno}.
     */
    void openat(long ud, int dirFd, MemorySegment path, int flags, int mode);

    /**
     * {@code IORING_OP_STATX}: fills {@code statxBuf} (a {@code struct statx}, 256 bytes, valid until the
     * completion) for {@code path} relative to {@code dirFd} — with {@code AT_EMPTY_PATH} and an empty path,
     * for the open descriptor {@code dirFd} itself; completes with 0 or {@code -errno}.
     */
    void statx(long ud, int dirFd, MemorySegment path, int atFlags, int mask, MemorySegment statxBuf);

    /**
     * Closes {@code fd}: every request still on it ends first (with {@code -ECANCELED}, as by
     * {@link #cancelFd}), then the descriptor is closed ({@code IORING_OP_CLOSE} on io_uring); completes
     * with 0 or {@code -errno}. The number is free for reuse only from the completion on.
     */
    void closeFd(long ud, int fd);

    // ------------------------------------------------------------------ links

    /**
     * {@code IOSQE_IO_LINK}: links the request queued last to the next one queued, which starts only
     * after it completed successfully — a result ≥ 0, and for {@link #read}, {@link #write} and a send
     * with {@code MSG_WAITALL} every byte asked for (io_uring's rule). When it fails, the rest of the chain
     * completes with {@code -ECANCELED}. A chain ends at a request queued without {@code link()} after it.
     * Only requests of one SQE and one completion can be linked (read, write, their fixed forms, fsync,
     * send, sendmsg, recv, recvSelect, recvmsg and connect without a deadline, openat and statx from the
     * working directory), and a chain must fit the free submission queue ({@link #reserve}). Needs
     * {@link Feature#LINKS}.
     *
     * @throws IllegalStateException when the request queued last cannot be linked
     */
    void link();

    /**
     * Makes room for {@code n} requests in the submission queue now (submitting what is queued when it
     * is fuller), so that a chain of {@code n} linked requests is handed to the kernel whole.
     *
     * @throws IllegalStateException when the queue cannot hold {@code n} requests at all
     */
    void reserve(int n);

    // ------------------------------------------------------------------ memory

    /**
     * A buffer group of {@code entries} (a power of two, at most 32768) buffers for receives with
     * buffer selection, id {@code bgid}. With {@code incremental} the backend consumes buffers in part
     * ({@link #CQE_F_BUF_MORE}) where it can ({@link BufferGroup#isIncremental()} tells).
     *
     * @throws LinuxException when the kernel refuses it (e.g. {@code EEXIST}: the id is taken)
     */
    BufferGroup bufferGroup(int bgid, int entries, boolean incremental) throws LinuxException;

    /**
     * Registers {@code regions} as fixed buffers 0, 1, ... ({@code IORING_REGISTER_BUFFERS}) for
     * {@link #sendZcFixed}; once per backend.
     *
     * @throws LinuxException as the kernel refuses ({@code ENOMEM}/{@code EPERM} under
     *                        {@code RLIMIT_MEMLOCK}, {@code EBUSY} when registered already)
     * @throws UnsupportedOperationException without {@link Feature#FIXED_BUFFERS}
     */
    void registerBuffers(MemorySegment... regions) throws LinuxException;

    /** Drops the fixed buffers {@link #registerBuffers} registered (no send may still use them). */
    void unregisterBuffers() throws LinuxException;

    // ------------------------------------------------------------------ driving

    /**
     * Hands every queued request to the kernel, without waiting.
     *
     * @return how many were submitted, or a status: {@code -EAGAIN}/{@code -EBUSY} (reap completions,
     *         then submit again), {@code -EINTR}
     * @throws LinuxException for any other failure (a bug, not a status)
     */
    int submit() throws LinuxException;

    /**
     * Submits, then waits until at least {@code min} completions can be reaped, {@code timeoutNanos}
     * passed, or {@link #wakeup()} was called. Returns at once when {@code min} completions are ready.
     *
     * @return as {@link #submit()}; {@code -ETIME} on timeout
     */
    int submitAndWait(int min, long timeoutNanos) throws LinuxException;

    /**
     * Hands up to {@code max} completions to {@code handler}, in order, without allocating; makes no
     * system call while completions are ready (one, non-blocking, to collect what the kernel holds
     * back when none is). The handler may queue new requests.
     *
     * @return how many completions reached {@code handler}
     */
    int reap(CompletionHandler handler, int max) throws LinuxException;

    /** True while completions wait in the kernel because the completion queue was full (none is lost). */
    boolean overflowPending();

    /** Requests submitted whose terminal completion has not been reaped (an estimate; never too high). */
    long inFlight();

    /** True after {@link #close()}. */
    boolean isClosed();

    /**
     * Cancels what is in flight, waits (bounded) for it to end, releases buffer groups and registered
     * buffers, and closes the descriptors — in that order. Closing twice is harmless.
     */
    @Override
    void close();
}
