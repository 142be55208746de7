package io.aionet.uring;

/**
 * The io_uring ABI's constants, named exactly as in the kernel's {@code include/uapi/linux/io_uring.h}
 * (Linux 6.18). Values past Linux 6.1 are marked with the release that added them; use
 * {@link IoUring#probe()} and {@link IoUring#features()} before relying on one.
 */
public final class IoUringConstants {
    private IoUringConstants() {}

    // ---- opcodes (enum io_uring_op) ----
    /** {@code IORING_OP_NOP}: does nothing; completes with res 0 (liburing {@code io_uring_prep_nop}). */
    public static final int IORING_OP_NOP = 0;
    /** {@code IORING_OP_READV}: {@code preadv2(2)}: read into an iovec array. */
    public static final int IORING_OP_READV = 1;
    /** {@code IORING_OP_WRITEV}: {@code pwritev2(2)}: write from an iovec array. */
    public static final int IORING_OP_WRITEV = 2;
    /** {@code IORING_OP_FSYNC}: {@code fsync(2)} / {@code fdatasync(2)}. */
    public static final int IORING_OP_FSYNC = 3;
    /** {@code IORING_OP_READ_FIXED}: read into a registered (fixed) buffer. */
    public static final int IORING_OP_READ_FIXED = 4;
    /** {@code IORING_OP_WRITE_FIXED}: write from a registered (fixed) buffer. */
    public static final int IORING_OP_WRITE_FIXED = 5;
    /** {@code IORING_OP_POLL_ADD}: poll a descriptor for readiness, once or (with {@link #IORING_POLL_ADD_MULTI}) repeatedly. */
    public static final int IORING_OP_POLL_ADD = 6;
    /** {@code IORING_OP_POLL_REMOVE}: remove or update a pending poll request. */
    public static final int IORING_OP_POLL_REMOVE = 7;
    /** {@code IORING_OP_SYNC_FILE_RANGE}: {@code sync_file_range(2)}. */
    public static final int IORING_OP_SYNC_FILE_RANGE = 8;
    /** {@code IORING_OP_SENDMSG}: {@code sendmsg(2)}. */
    public static final int IORING_OP_SENDMSG = 9;
    /** {@code IORING_OP_RECVMSG}: {@code recvmsg(2)}. */
    public static final int IORING_OP_RECVMSG = 10;
    /** {@code IORING_OP_TIMEOUT}: a timeout: completes after a time or after a count of other completions. */
    public static final int IORING_OP_TIMEOUT = 11;
    /** {@code IORING_OP_TIMEOUT_REMOVE}: remove or update a pending timeout. */
    public static final int IORING_OP_TIMEOUT_REMOVE = 12;
    /** {@code IORING_OP_ACCEPT}: {@code accept4(2)}, once or multishot. */
    public static final int IORING_OP_ACCEPT = 13;
    /** {@code IORING_OP_ASYNC_CANCEL}: cancel pending requests by user data, descriptor or opcode. */
    public static final int IORING_OP_ASYNC_CANCEL = 14;
    /** {@code IORING_OP_LINK_TIMEOUT}: a timeout for the request linked before it. */
    public static final int IORING_OP_LINK_TIMEOUT = 15;
    /** {@code IORING_OP_CONNECT}: {@code connect(2)}. */
    public static final int IORING_OP_CONNECT = 16;
    /** {@code IORING_OP_FALLOCATE}: {@code fallocate(2)}. */
    public static final int IORING_OP_FALLOCATE = 17;
    /** {@code IORING_OP_OPENAT}: {@code openat(2)}. */
    public static final int IORING_OP_OPENAT = 18;
    /** {@code IORING_OP_CLOSE}: {@code close(2)}. */
    public static final int IORING_OP_CLOSE = 19;
    /** {@code IORING_OP_FILES_UPDATE}: update registered files from a request. */
    public static final int IORING_OP_FILES_UPDATE = 20;
    /** {@code IORING_OP_STATX}: {@code statx(2)}. */
    public static final int IORING_OP_STATX = 21;
    /** {@code IORING_OP_READ}: {@code pread(2)} into one buffer (or a provided buffer). */
    public static final int IORING_OP_READ = 22;
    /** {@code IORING_OP_WRITE}: {@code pwrite(2)} from one buffer. */
    public static final int IORING_OP_WRITE = 23;
    /** {@code IORING_OP_FADVISE}: {@code posix_fadvise(2)}. */
    public static final int IORING_OP_FADVISE = 24;
    /** {@code IORING_OP_MADVISE}: {@code madvise(2)}. */
    public static final int IORING_OP_MADVISE = 25;
    /** {@code IORING_OP_SEND}: {@code send(2)}. */
    public static final int IORING_OP_SEND = 26;
    /** {@code IORING_OP_RECV}: {@code recv(2)}, once or multishot, into caller memory or a provided buffer. */
    public static final int IORING_OP_RECV = 27;
    /** {@code IORING_OP_OPENAT2}: {@code openat2(2)}. */
    public static final int IORING_OP_OPENAT2 = 28;
    /** {@code IORING_OP_EPOLL_CTL}: {@code epoll_ctl(2)}. */
    public static final int IORING_OP_EPOLL_CTL = 29;
    /** {@code IORING_OP_SPLICE}: {@code splice(2)}: move bytes between a pipe and a descriptor. */
    public static final int IORING_OP_SPLICE = 30;
    /** {@code IORING_OP_PROVIDE_BUFFERS}: hand the kernel a group of buffers (the legacy way; provided buffer rings replace it). */
    public static final int IORING_OP_PROVIDE_BUFFERS = 31;
    /** {@code IORING_OP_REMOVE_BUFFERS}: take back buffers handed over with {@link #IORING_OP_PROVIDE_BUFFERS}. */
    public static final int IORING_OP_REMOVE_BUFFERS = 32;
    /** {@code IORING_OP_TEE}: {@code tee(2)}: duplicate pipe contents. */
    public static final int IORING_OP_TEE = 33;
    /** {@code IORING_OP_SHUTDOWN}: {@code shutdown(2)}. */
    public static final int IORING_OP_SHUTDOWN = 34;
    /** {@code IORING_OP_RENAMEAT}: {@code renameat2(2)}. */
    public static final int IORING_OP_RENAMEAT = 35;
    /** {@code IORING_OP_UNLINKAT}: {@code unlinkat(2)}. */
    public static final int IORING_OP_UNLINKAT = 36;
    /** {@code IORING_OP_MKDIRAT}: {@code mkdirat(2)}. */
    public static final int IORING_OP_MKDIRAT = 37;
    /** {@code IORING_OP_SYMLINKAT}: {@code symlinkat(2)}. */
    public static final int IORING_OP_SYMLINKAT = 38;
    /** {@code IORING_OP_LINKAT}: {@code linkat(2)}. */
    public static final int IORING_OP_LINKAT = 39;
    /** {@code IORING_OP_MSG_RING}: post a completion (or pass a descriptor) to another ring. */
    public static final int IORING_OP_MSG_RING = 40;
    /** {@code IORING_OP_FSETXATTR}: {@code fsetxattr(2)}. */
    public static final int IORING_OP_FSETXATTR = 41;
    /** {@code IORING_OP_SETXATTR}: {@code setxattr(2)}. */
    public static final int IORING_OP_SETXATTR = 42;
    /** {@code IORING_OP_FGETXATTR}: {@code fgetxattr(2)}. */
    public static final int IORING_OP_FGETXATTR = 43;
    /** {@code IORING_OP_GETXATTR}: {@code getxattr(2)}. */
    public static final int IORING_OP_GETXATTR = 44;
    /** {@code IORING_OP_SOCKET}: {@code socket(2)}. */
    public static final int IORING_OP_SOCKET = 45;
    /** {@code IORING_OP_URING_CMD}: a driver-specific command (passthrough). */
    public static final int IORING_OP_URING_CMD = 46;
    /** {@code IORING_OP_SEND_ZC}: zero-copy send: the buffer stays the kernel's until the notification completion. */
    public static final int IORING_OP_SEND_ZC = 47;
    /** {@code IORING_OP_SENDMSG_ZC}: zero-copy {@code sendmsg(2)}, with a notification completion like {@link #IORING_OP_SEND_ZC}. */
    public static final int IORING_OP_SENDMSG_ZC = 48;
    /** Linux 6.7. */
    public static final int IORING_OP_READ_MULTISHOT = 49;
    /** Linux 6.7. */
    public static final int IORING_OP_WAITID = 50;
    /** Linux 6.7. */
    public static final int IORING_OP_FUTEX_WAIT = 51;
    /** Linux 6.7. */
    public static final int IORING_OP_FUTEX_WAKE = 52;
    /** Linux 6.7. */
    public static final int IORING_OP_FUTEX_WAITV = 53;
    /** Linux 6.8. */
    public static final int IORING_OP_FIXED_FD_INSTALL = 54;
    /** Linux 6.9. */
    public static final int IORING_OP_FTRUNCATE = 55;
    /** Linux 6.11. */
    public static final int IORING_OP_BIND = 56;
    /** Linux 6.11. */
    public static final int IORING_OP_LISTEN = 57;
    /** Linux 6.15. */
    public static final int IORING_OP_RECV_ZC = 58;
    /** Linux 6.15. */
    public static final int IORING_OP_EPOLL_WAIT = 59;
    /** Linux 6.15. */
    public static final int IORING_OP_READV_FIXED = 60;
    /** Linux 6.15. */
    public static final int IORING_OP_WRITEV_FIXED = 61;
    /** Linux 6.16. */
    public static final int IORING_OP_PIPE = 62;

    private static final String[] OP_NAMES = {
        "NOP", "READV", "WRITEV", "FSYNC", "READ_FIXED", "WRITE_FIXED", "POLL_ADD", "POLL_REMOVE",
        "SYNC_FILE_RANGE", "SENDMSG", "RECVMSG", "TIMEOUT", "TIMEOUT_REMOVE", "ACCEPT", "ASYNC_CANCEL",
        "LINK_TIMEOUT", "CONNECT", "FALLOCATE", "OPENAT", "CLOSE", "FILES_UPDATE", "STATX", "READ", "WRITE",
        "FADVISE", "MADVISE", "SEND", "RECV", "OPENAT2", "EPOLL_CTL", "SPLICE", "PROVIDE_BUFFERS",
        "REMOVE_BUFFERS", "TEE", "SHUTDOWN", "RENAMEAT", "UNLINKAT", "MKDIRAT", "SYMLINKAT", "LINKAT",
        "MSG_RING", "FSETXATTR", "SETXATTR", "FGETXATTR", "GETXATTR", "SOCKET", "URING_CMD", "SEND_ZC",
        "SENDMSG_ZC", "READ_MULTISHOT", "WAITID", "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_WAITV",
        "FIXED_FD_INSTALL", "FTRUNCATE", "BIND", "LISTEN", "RECV_ZC", "EPOLL_WAIT", "READV_FIXED",
        "WRITEV_FIXED", "PIPE",
    };

    /**
     * The opcode's name without the {@code IORING_OP_} prefix, or {@code "OP_<n>"} for one newer than this table.
     *
     * @param opcode an {@code IORING_OP_*} value
     * @return the name, e.g. {@code "SEND_ZC"}
     */
    public static String opName(int opcode) {
        return opcode >= 0 && opcode < OP_NAMES.length ? OP_NAMES[opcode] : "OP_" + opcode;
    }

    /** {@return the number of opcodes this table names} */
    public static int knownOpCount() {
        return OP_NAMES.length;
    }

    // ---- sqe->flags ----
    /** {@code IOSQE_FIXED_FILE}: the entry's fd is an index into the registered files. */
    public static final byte IOSQE_FIXED_FILE = 1 << 0;
    /** {@code IOSQE_IO_DRAIN}: start only after every earlier request completed. */
    public static final byte IOSQE_IO_DRAIN = 1 << 1;
    /** {@code IOSQE_IO_LINK}: the next entry starts only after this one succeeds. */
    public static final byte IOSQE_IO_LINK = 1 << 2;
    /** {@code IOSQE_IO_HARDLINK}: the next entry starts after this one, whatever its result. */
    public static final byte IOSQE_IO_HARDLINK = 1 << 3;
    /** {@code IOSQE_ASYNC}: go straight to the kernel's worker threads instead of trying non-blocking first. */
    public static final byte IOSQE_ASYNC = 1 << 4;
    /** {@code IOSQE_BUFFER_SELECT}: the kernel picks the buffer from the group in {@code buf_group} (provided buffers). */
    public static final byte IOSQE_BUFFER_SELECT = 1 << 5;
    /** {@code IOSQE_CQE_SKIP_SUCCESS}: post no completion when the request succeeds. */
    public static final byte IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    // ---- sqe->fsync_flags ----
    /** {@code IORING_FSYNC_DATASYNC}: {@code fdatasync(2)} instead of {@code fsync(2)}. */
    public static final int IORING_FSYNC_DATASYNC = 1;

    // ---- io_uring_setup() flags ----
    /** {@code IORING_SETUP_IOPOLL}: busy-poll for I/O completions (O_DIRECT block devices). */
    public static final int IORING_SETUP_IOPOLL = 1 << 0;
    /** {@code IORING_SETUP_SQPOLL}: a kernel thread polls the SQ, so submitting needs no system call. */
    public static final int IORING_SETUP_SQPOLL = 1 << 1;
    /** {@code IORING_SETUP_SQ_AFF}: pin the SQPOLL thread to {@code sq_thread_cpu}. */
    public static final int IORING_SETUP_SQ_AFF = 1 << 2;
    /** {@code IORING_SETUP_CQSIZE}: the CQ holds {@code cq_entries}, not twice the SQ entries. */
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    /** {@code IORING_SETUP_CLAMP}: clamp too-large entry counts instead of failing. */
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    /** {@code IORING_SETUP_ATTACH_WQ}: share the worker pool of the ring in {@code wq_fd}. */
    public static final int IORING_SETUP_ATTACH_WQ = 1 << 5;
    /** {@code IORING_SETUP_R_DISABLED}: start disabled; enable with {@link #IORING_REGISTER_ENABLE_RINGS}. */
    public static final int IORING_SETUP_R_DISABLED = 1 << 6;
    /** {@code IORING_SETUP_SUBMIT_ALL}: keep submitting the batch when one entry fails. */
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    /** {@code IORING_SETUP_COOP_TASKRUN}: run completion task work only on entering the kernel (no interrupting IPIs). */
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    /** {@code IORING_SETUP_TASKRUN_FLAG}: set {@link #IORING_SQ_TASKRUN} while task work waits (with COOP_TASKRUN or DEFER_TASKRUN). */
    public static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    /** {@code IORING_SETUP_SQE128}: 128-byte SQEs. */
    public static final int IORING_SETUP_SQE128 = 1 << 10;
    /** {@code IORING_SETUP_CQE32}: 32-byte CQEs. */
    public static final int IORING_SETUP_CQE32 = 1 << 11;
    /** {@code IORING_SETUP_SINGLE_ISSUER}: only the thread that created (or enabled) the ring submits. */
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    /** {@code IORING_SETUP_DEFER_TASKRUN}: post completions only when the owning thread enters with GETEVENTS (needs SINGLE_ISSUER). */
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;
    /** Linux 6.5. */
    public static final int IORING_SETUP_NO_MMAP = 1 << 14;
    /** Linux 6.5. */
    public static final int IORING_SETUP_REGISTERED_FD_ONLY = 1 << 15;
    /** Linux 6.6. */
    public static final int IORING_SETUP_NO_SQARRAY = 1 << 16;
    /** Linux 6.13. */
    public static final int IORING_SETUP_HYBRID_IOPOLL = 1 << 17;

    // ---- io_uring_params->features ----
    /** {@code IORING_FEAT_SINGLE_MMAP}: the SQ and CQ rings share one mapping. */
    public static final int IORING_FEAT_SINGLE_MMAP = 1 << 0;
    /** {@code IORING_FEAT_NODROP}: completions that overflow the CQ are kept, not dropped. */
    public static final int IORING_FEAT_NODROP = 1 << 1;
    /** {@code IORING_FEAT_SUBMIT_STABLE}: data for a request is copied at submission; it may change afterwards. */
    public static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;
    /** {@code IORING_FEAT_RW_CUR_POS}: offset -1 reads and writes at the file's current position. */
    public static final int IORING_FEAT_RW_CUR_POS = 1 << 3;
    /** {@code IORING_FEAT_CUR_PERSONALITY}: requests run with the submitter's credentials. */
    public static final int IORING_FEAT_CUR_PERSONALITY = 1 << 4;
    /** {@code IORING_FEAT_FAST_POLL}: requests that would block wait on internal poll instead of a worker thread. */
    public static final int IORING_FEAT_FAST_POLL = 1 << 5;
    /** {@code IORING_FEAT_POLL_32BITS}: poll masks are 32 bits ({@code EPOLLEXCLUSIVE} and friends). */
    public static final int IORING_FEAT_POLL_32BITS = 1 << 6;
    /** {@code IORING_FEAT_SQPOLL_NONFIXED}: SQPOLL works with unregistered files. */
    public static final int IORING_FEAT_SQPOLL_NONFIXED = 1 << 7;
    /** {@code IORING_FEAT_EXT_ARG}: {@code io_uring_enter} takes {@link #IORING_ENTER_EXT_ARG} (a timeout while waiting). */
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;
    /** {@code IORING_FEAT_NATIVE_WORKERS}: workers are threads of the submitting process. */
    public static final int IORING_FEAT_NATIVE_WORKERS = 1 << 9;
    /** {@code IORING_FEAT_RSRC_TAGS}: registered resources can carry tags. */
    public static final int IORING_FEAT_RSRC_TAGS = 1 << 10;
    /** {@code IORING_FEAT_CQE_SKIP}: {@link #IOSQE_CQE_SKIP_SUCCESS} is supported. */
    public static final int IORING_FEAT_CQE_SKIP = 1 << 11;
    /** {@code IORING_FEAT_LINKED_FILE}: files of linked requests are resolved when each one starts. */
    public static final int IORING_FEAT_LINKED_FILE = 1 << 12;
    /** Linux 6.3. */
    public static final int IORING_FEAT_REG_REG_RING = 1 << 13;
    /** Linux 6.10. */
    public static final int IORING_FEAT_RECVSEND_BUNDLE = 1 << 14;
    /** Linux 6.12. */
    public static final int IORING_FEAT_MIN_TIMEOUT = 1 << 15;
    /** Linux 6.14. */
    public static final int IORING_FEAT_RW_ATTR = 1 << 16;
    /** Linux 6.15. */
    public static final int IORING_FEAT_NO_IOWAIT = 1 << 17;

    private static final String[] FEAT_NAMES = {
        "SINGLE_MMAP", "NODROP", "SUBMIT_STABLE", "RW_CUR_POS", "CUR_PERSONALITY", "FAST_POLL", "POLL_32BITS",
        "SQPOLL_NONFIXED", "EXT_ARG", "NATIVE_WORKERS", "RSRC_TAGS", "CQE_SKIP", "LINKED_FILE", "REG_REG_RING",
        "RECVSEND_BUNDLE", "MIN_TIMEOUT", "RW_ATTR", "NO_IOWAIT",
    };

    /**
     * The names (without {@code IORING_FEAT_}) of the bits set in {@code features}; unknown bits as {@code BIT_<n>}.
     *
     * @param features an {@code io_uring_params.features} word
     * @return the names, lowest bit first
     */
    public static java.util.List<String> featureNames(int features) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            if ((features & (1 << bit)) != 0) {
                out.add(bit < FEAT_NAMES.length ? FEAT_NAMES[bit] : "BIT_" + bit);
            }
        }
        return out;
    }

    // ---- io_uring_enter() flags ----
    /** {@code IORING_ENTER_GETEVENTS}: wait for {@code min_complete} completions (and run deferred task work). */
    public static final int IORING_ENTER_GETEVENTS = 1 << 0;
    /** {@code IORING_ENTER_SQ_WAKEUP}: wake the SQPOLL thread. */
    public static final int IORING_ENTER_SQ_WAKEUP = 1 << 1;
    /** {@code IORING_ENTER_SQ_WAIT}: wait until the SQ has room (SQPOLL). */
    public static final int IORING_ENTER_SQ_WAIT = 1 << 2;
    /** {@code IORING_ENTER_EXT_ARG}: the argument is a {@code struct io_uring_getevents_arg} (signal mask and timeout). */
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;
    /** {@code IORING_ENTER_REGISTERED_RING}: the fd argument is a registered ring index. */
    public static final int IORING_ENTER_REGISTERED_RING = 1 << 4;

    // ---- sq_ring->flags ----
    /** {@code IORING_SQ_NEED_WAKEUP}: the SQPOLL thread sleeps: enter with {@link #IORING_ENTER_SQ_WAKEUP}. */
    public static final int IORING_SQ_NEED_WAKEUP = 1 << 0;
    /** {@code IORING_SQ_CQ_OVERFLOW}: completions overflowed the CQ and wait in the kernel for the next GETEVENTS. */
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    /** {@code IORING_SQ_TASKRUN}: task work is waiting: enter with GETEVENTS to get its completions. */
    public static final int IORING_SQ_TASKRUN = 1 << 2;

    // ---- cq_ring->flags ----
    /** {@code IORING_CQ_EVENTFD_DISABLED}: the registered eventfd is not signalled. */
    public static final int IORING_CQ_EVENTFD_DISABLED = 1 << 0;

    // ---- cqe->flags ----
    /** {@code IORING_CQE_F_BUFFER}: the upper 16 bits of {@code flags} name the provided buffer used. */
    public static final int IORING_CQE_F_BUFFER = 1 << 0;
    /** {@code IORING_CQE_F_MORE}: the request stays armed: more completions follow (multishot). */
    public static final int IORING_CQE_F_MORE = 1 << 1;
    /** {@code IORING_CQE_F_SOCK_NONEMPTY}: the socket still has data after this receive. */
    public static final int IORING_CQE_F_SOCK_NONEMPTY = 1 << 2;
    /** {@code IORING_CQE_F_NOTIF}: a zero-copy send's notification: the kernel no longer uses the buffer. */
    public static final int IORING_CQE_F_NOTIF = 1 << 3;
    /** Linux 6.12: the buffer of an incrementally consumed ring continues in the next completion. */
    public static final int IORING_CQE_F_BUF_MORE = 1 << 4;
    /** {@code IORING_CQE_BUFFER_SHIFT}: shift of the buffer id in {@code cqe->flags}. */
    public static final int IORING_CQE_BUFFER_SHIFT = 16;

    // ---- offsets to mmap ----
    /** {@code IORING_OFF_SQ_RING}: mmap offset of the SQ ring (and of the CQ ring with {@link #IORING_FEAT_SINGLE_MMAP}). */
    public static final long IORING_OFF_SQ_RING = 0L;
    /** {@code IORING_OFF_CQ_RING}: mmap offset of the CQ ring. */
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    /** {@code IORING_OFF_SQES}: mmap offset of the SQE array. */
    public static final long IORING_OFF_SQES = 0x10000000L;
    /** Linux 5.19: mmap offset of a kernel-allocated provided buffer ring. */
    public static final long IORING_OFF_PBUF_RING = 0x80000000L;
    /** {@code IORING_OFF_PBUF_SHIFT}: shift of the buffer group id inside {@link #IORING_OFF_PBUF_RING}. */
    public static final int IORING_OFF_PBUF_SHIFT = 16;

    // ---- io_uring_register() opcodes ----
    /** {@code IORING_REGISTER_BUFFERS}: register fixed buffers (an iovec array). */
    public static final int IORING_REGISTER_BUFFERS = 0;
    /** {@code IORING_UNREGISTER_BUFFERS}: unregister the fixed buffers. */
    public static final int IORING_UNREGISTER_BUFFERS = 1;
    /** {@code IORING_REGISTER_FILES}: register fixed files (a descriptor array). */
    public static final int IORING_REGISTER_FILES = 2;
    /** {@code IORING_UNREGISTER_FILES}: unregister the fixed files. */
    public static final int IORING_UNREGISTER_FILES = 3;
    /** {@code IORING_REGISTER_EVENTFD}: signal an eventfd on every completion. */
    public static final int IORING_REGISTER_EVENTFD = 4;
    /** {@code IORING_UNREGISTER_EVENTFD}: stop signalling the eventfd. */
    public static final int IORING_UNREGISTER_EVENTFD = 5;
    /** {@code IORING_REGISTER_FILES_UPDATE}: replace some fixed files. */
    public static final int IORING_REGISTER_FILES_UPDATE = 6;
    /** {@code IORING_REGISTER_EVENTFD_ASYNC}: signal an eventfd only for completions that did not complete inline. */
    public static final int IORING_REGISTER_EVENTFD_ASYNC = 7;
    /** {@code IORING_REGISTER_PROBE}: fill a {@code struct io_uring_probe}: which opcodes this kernel supports. */
    public static final int IORING_REGISTER_PROBE = 8;
    /** {@code IORING_REGISTER_PERSONALITY}: register the current credentials as a personality. */
    public static final int IORING_REGISTER_PERSONALITY = 9;
    /** {@code IORING_UNREGISTER_PERSONALITY}: unregister a personality. */
    public static final int IORING_UNREGISTER_PERSONALITY = 10;
    /** {@code IORING_REGISTER_RESTRICTIONS}: restrict what a disabled ring may do. */
    public static final int IORING_REGISTER_RESTRICTIONS = 11;
    /** {@code IORING_REGISTER_ENABLE_RINGS}: enable a ring set up with {@link #IORING_SETUP_R_DISABLED}. */
    public static final int IORING_REGISTER_ENABLE_RINGS = 12;
    /** {@code IORING_REGISTER_FILES2}: register fixed files with tags. */
    public static final int IORING_REGISTER_FILES2 = 13;
    /** {@code IORING_REGISTER_FILES_UPDATE2}: replace fixed files with tags. */
    public static final int IORING_REGISTER_FILES_UPDATE2 = 14;
    /** {@code IORING_REGISTER_BUFFERS2}: register fixed buffers with tags. */
    public static final int IORING_REGISTER_BUFFERS2 = 15;
    /** {@code IORING_REGISTER_BUFFERS_UPDATE}: replace fixed buffers with tags. */
    public static final int IORING_REGISTER_BUFFERS_UPDATE = 16;
    /** {@code IORING_REGISTER_IOWQ_AFF}: set the CPU affinity of the worker threads. */
    public static final int IORING_REGISTER_IOWQ_AFF = 17;
    /** {@code IORING_UNREGISTER_IOWQ_AFF}: clear the worker threads' CPU affinity. */
    public static final int IORING_UNREGISTER_IOWQ_AFF = 18;
    /** {@code IORING_REGISTER_IOWQ_MAX_WORKERS}: bound the bounded and unbounded worker thread counts. */
    public static final int IORING_REGISTER_IOWQ_MAX_WORKERS = 19;
    /** {@code IORING_REGISTER_RING_FDS}: register the ring's own fd, so {@code io_uring_enter} skips the fd lookup. */
    public static final int IORING_REGISTER_RING_FDS = 20;
    /** {@code IORING_UNREGISTER_RING_FDS}: unregister a registered ring fd. */
    public static final int IORING_UNREGISTER_RING_FDS = 21;
    /** {@code IORING_REGISTER_PBUF_RING}: register a provided buffer ring ({@code struct io_uring_buf_reg}). */
    public static final int IORING_REGISTER_PBUF_RING = 22;
    /** {@code IORING_UNREGISTER_PBUF_RING}: unregister a provided buffer ring. */
    public static final int IORING_UNREGISTER_PBUF_RING = 23;
    /** {@code IORING_REGISTER_SYNC_CANCEL}: cancel requests and wait for them, synchronously. */
    public static final int IORING_REGISTER_SYNC_CANCEL = 24;
    /** {@code IORING_REGISTER_FILE_ALLOC_RANGE}: the range of fixed-file slots the kernel allocates from. */
    public static final int IORING_REGISTER_FILE_ALLOC_RANGE = 25;
    /** Linux 6.8. */
    public static final int IORING_REGISTER_PBUF_STATUS = 26;
    /** Linux 6.9. */
    public static final int IORING_REGISTER_NAPI = 27;
    /** Linux 6.9. */
    public static final int IORING_UNREGISTER_NAPI = 28;
    /** Linux 6.12. */
    public static final int IORING_REGISTER_CLOCK = 29;
    /** Linux 6.12. */
    public static final int IORING_REGISTER_CLONE_BUFFERS = 30;
    /** Linux 6.13: send a MSG_RING message without a source ring. */
    public static final int IORING_REGISTER_SEND_MSG_RING = 31;
    /** Flag or-ed into the opcode: the fd argument is a registered ring index. */
    public static final int IORING_REGISTER_USE_REGISTERED_RING = 1 << 31;

    // ---- provided buffer ring registration flags (io_uring_buf_reg.flags) ----
    /** Linux 6.4: the kernel allocates the ring; map it at {@link #IORING_OFF_PBUF_RING}. */
    public static final int IOU_PBUF_RING_MMAP = 1;
    /** Linux 6.12: buffers are consumed incrementally. */
    public static final int IOU_PBUF_RING_INC = 2;

    // ---- sqe->timeout_flags ----
    /** {@code IORING_TIMEOUT_ABS}: the time is absolute, not relative. */
    public static final int IORING_TIMEOUT_ABS = 1 << 0;
    /** {@code IORING_TIMEOUT_UPDATE}: update the timeout named by {@code addr} (TIMEOUT_REMOVE). */
    public static final int IORING_TIMEOUT_UPDATE = 1 << 1;
    /** {@code IORING_TIMEOUT_BOOTTIME}: measure on {@code CLOCK_BOOTTIME}. */
    public static final int IORING_TIMEOUT_BOOTTIME = 1 << 2;
    /** {@code IORING_TIMEOUT_REALTIME}: measure on {@code CLOCK_REALTIME}. */
    public static final int IORING_TIMEOUT_REALTIME = 1 << 3;
    /** {@code IORING_LINK_TIMEOUT_UPDATE}: update a linked timeout. */
    public static final int IORING_LINK_TIMEOUT_UPDATE = 1 << 4;
    /** {@code IORING_TIMEOUT_ETIME_SUCCESS}: an expiry counts as success for links (res is still -ETIME). */
    public static final int IORING_TIMEOUT_ETIME_SUCCESS = 1 << 5;
    /** Linux 6.4. */
    public static final int IORING_TIMEOUT_MULTISHOT = 1 << 6;

    // ---- POLL_ADD flags, stored in sqe->len ----
    /** {@code IORING_POLL_ADD_MULTI}: multishot poll: stays armed, one completion per readiness change (edge-like). */
    public static final int IORING_POLL_ADD_MULTI = 1 << 0;
    /** {@code IORING_POLL_UPDATE_EVENTS}: POLL_REMOVE updates the events mask. */
    public static final int IORING_POLL_UPDATE_EVENTS = 1 << 1;
    /** {@code IORING_POLL_UPDATE_USER_DATA}: POLL_REMOVE updates the user data. */
    public static final int IORING_POLL_UPDATE_USER_DATA = 1 << 2;
    /** {@code IORING_POLL_ADD_LEVEL}: level-triggered poll. */
    public static final int IORING_POLL_ADD_LEVEL = 1 << 3;

    // ---- ASYNC_CANCEL flags ----
    /** {@code IORING_ASYNC_CANCEL_ALL}: cancel every match, not only the first. */
    public static final int IORING_ASYNC_CANCEL_ALL = 1 << 0;
    /** {@code IORING_ASYNC_CANCEL_FD}: match by descriptor instead of user data. */
    public static final int IORING_ASYNC_CANCEL_FD = 1 << 1;
    /** {@code IORING_ASYNC_CANCEL_ANY}: match every request. */
    public static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;
    /** {@code IORING_ASYNC_CANCEL_FD_FIXED}: the descriptor is a fixed-file index. */
    public static final int IORING_ASYNC_CANCEL_FD_FIXED = 1 << 3;
    /** {@code IORING_ASYNC_CANCEL_USERDATA}: match by user data (the default). */
    public static final int IORING_ASYNC_CANCEL_USERDATA = 1 << 4;
    /** {@code IORING_ASYNC_CANCEL_OP}: match by opcode. */
    public static final int IORING_ASYNC_CANCEL_OP = 1 << 5;

    // ---- send/recv flags, stored in sqe->ioprio ----
    /** {@code IORING_RECVSEND_POLL_FIRST}: poll before trying the transfer (when it would likely block). */
    public static final int IORING_RECVSEND_POLL_FIRST = 1 << 0;
    /** {@code IORING_RECV_MULTISHOT}: multishot receive: one completion per arrival, with provided buffers. */
    public static final int IORING_RECV_MULTISHOT = 1 << 1;
    /** {@code IORING_RECVSEND_FIXED_BUF}: the buffer is a fixed (registered) one, named by {@code buf_index}. */
    public static final int IORING_RECVSEND_FIXED_BUF = 1 << 2;
    /** {@code IORING_SEND_ZC_REPORT_USAGE}: the notification's res reports whether the kernel copied ({@link #IORING_NOTIF_USAGE_ZC_COPIED}). */
    public static final int IORING_SEND_ZC_REPORT_USAGE = 1 << 3;
    /** Linux 6.10. */
    public static final int IORING_RECVSEND_BUNDLE = 1 << 4;
    /** In the notification's res when the kernel copied a zero-copy send. */
    public static final int IORING_NOTIF_USAGE_ZC_COPIED = 1 << 31;

    // ---- accept flags, stored in sqe->ioprio ----
    /** {@code IORING_ACCEPT_MULTISHOT}: multishot accept: one completion per connection. */
    public static final int IORING_ACCEPT_MULTISHOT = 1 << 0;
    /** Linux 6.10. */
    public static final int IORING_ACCEPT_DONTWAIT = 1 << 1;
    /** Linux 6.10. */
    public static final int IORING_ACCEPT_POLL_FIRST = 1 << 2;

    // ---- MSG_RING ----
    /** {@code sqe->addr} command: pass {@code sqe->len} as res and {@code sqe->off} as user_data. */
    public static final int IORING_MSG_DATA = 0;
    /** {@code IORING_MSG_SEND_FD}: {@code sqe->addr} command: pass a fixed file to the target ring. */
    public static final int IORING_MSG_SEND_FD = 1;
    /** {@code IORING_MSG_RING_CQE_SKIP}: post no completion on the source ring. */
    public static final int IORING_MSG_RING_CQE_SKIP = 1 << 0;
    /** Linux 6.3: pass {@code sqe->file_index} as the target CQE's flags. */
    public static final int IORING_MSG_RING_FLAGS_PASS = 1 << 1;

    // ---- futex2 flags (FUTEX_WAIT / FUTEX_WAKE take these in sqe->fd) ----
    /** {@code FUTEX2_SIZE_U8}: the futex word is 8 bits. */
    public static final int FUTEX2_SIZE_U8 = 0x00;
    /** {@code FUTEX2_SIZE_U16}: the futex word is 16 bits. */
    public static final int FUTEX2_SIZE_U16 = 0x01;
    /** {@code FUTEX2_SIZE_U32}: the futex word is 32 bits (the usual). */
    public static final int FUTEX2_SIZE_U32 = 0x02;
    /** {@code FUTEX2_SIZE_U64}: the futex word is 64 bits. */
    public static final int FUTEX2_SIZE_U64 = 0x03;
    /** {@code FUTEX2_NUMA}: the futex word is followed by a NUMA node id. */
    public static final int FUTEX2_NUMA = 0x04;
    /** {@code FUTEX2_PRIVATE}: the futex is private to the process (no shared-memory lookup). */
    public static final int FUTEX2_PRIVATE = 128;
    /** {@code FUTEX_BITSET_MATCH_ANY}. */
    public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;

    // ---- splice ----
    /** {@code SPLICE_F_MOVE}: move pages instead of copying where possible. */
    public static final int SPLICE_F_MOVE = 1;
    /** {@code SPLICE_F_NONBLOCK}: do not block on the pipe. */
    public static final int SPLICE_F_NONBLOCK = 2;
    /** {@code SPLICE_F_MORE}: more data follows (like {@code MSG_MORE}). */
    public static final int SPLICE_F_MORE = 4;
    /** {@code SPLICE_F_FD_IN_FIXED}: {@code splice_fd_in} is a fixed-file index. */
    public static final int SPLICE_F_FD_IN_FIXED = 1 << 31;

    // ---- fadvise ----
    /** {@code POSIX_FADV_NORMAL}: no advice. */
    public static final int POSIX_FADV_NORMAL = 0;
    /** {@code POSIX_FADV_RANDOM}: random access: no readahead. */
    public static final int POSIX_FADV_RANDOM = 1;
    /** {@code POSIX_FADV_SEQUENTIAL}: sequential access: more readahead. */
    public static final int POSIX_FADV_SEQUENTIAL = 2;
    /** {@code POSIX_FADV_WILLNEED}: read the range ahead now. */
    public static final int POSIX_FADV_WILLNEED = 3;
    /** {@code POSIX_FADV_DONTNEED}: drop the range from the page cache. */
    public static final int POSIX_FADV_DONTNEED = 4;
    /** {@code POSIX_FADV_NOREUSE}: the data is used once. */
    public static final int POSIX_FADV_NOREUSE = 5;
}
