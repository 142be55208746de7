package io.aionet.uring;

/**
 * The io_uring ABI's constants, named exactly as in the kernel's {@code include/uapi/linux/io_uring.h}
 * (Linux 6.18). Values past Linux 6.1 are marked with the release that added them; use
 * {@link IoUring#probe()} and {@link IoUring#features()} before relying on one.
 */
public final class IoUringConstants {
    private IoUringConstants() {}

    // ---- opcodes (enum io_uring_op) ----
    public static final int IORING_OP_NOP = 0;
    public static final int IORING_OP_READV = 1;
    public static final int IORING_OP_WRITEV = 2;
    public static final int IORING_OP_FSYNC = 3;
    public static final int IORING_OP_READ_FIXED = 4;
    public static final int IORING_OP_WRITE_FIXED = 5;
    public static final int IORING_OP_POLL_ADD = 6;
    public static final int IORING_OP_POLL_REMOVE = 7;
    public static final int IORING_OP_SYNC_FILE_RANGE = 8;
    public static final int IORING_OP_SENDMSG = 9;
    public static final int IORING_OP_RECVMSG = 10;
    public static final int IORING_OP_TIMEOUT = 11;
    public static final int IORING_OP_TIMEOUT_REMOVE = 12;
    public static final int IORING_OP_ACCEPT = 13;
    public static final int IORING_OP_ASYNC_CANCEL = 14;
    public static final int IORING_OP_LINK_TIMEOUT = 15;
    public static final int IORING_OP_CONNECT = 16;
    public static final int IORING_OP_FALLOCATE = 17;
    public static final int IORING_OP_OPENAT = 18;
    public static final int IORING_OP_CLOSE = 19;
    public static final int IORING_OP_FILES_UPDATE = 20;
    public static final int IORING_OP_STATX = 21;
    public static final int IORING_OP_READ = 22;
    public static final int IORING_OP_WRITE = 23;
    public static final int IORING_OP_FADVISE = 24;
    public static final int IORING_OP_MADVISE = 25;
    public static final int IORING_OP_SEND = 26;
    public static final int IORING_OP_RECV = 27;
    public static final int IORING_OP_OPENAT2 = 28;
    public static final int IORING_OP_EPOLL_CTL = 29;
    public static final int IORING_OP_SPLICE = 30;
    public static final int IORING_OP_PROVIDE_BUFFERS = 31;
    public static final int IORING_OP_REMOVE_BUFFERS = 32;
    public static final int IORING_OP_TEE = 33;
    public static final int IORING_OP_SHUTDOWN = 34;
    public static final int IORING_OP_RENAMEAT = 35;
    public static final int IORING_OP_UNLINKAT = 36;
    public static final int IORING_OP_MKDIRAT = 37;
    public static final int IORING_OP_SYMLINKAT = 38;
    public static final int IORING_OP_LINKAT = 39;
    public static final int IORING_OP_MSG_RING = 40;
    public static final int IORING_OP_FSETXATTR = 41;
    public static final int IORING_OP_SETXATTR = 42;
    public static final int IORING_OP_FGETXATTR = 43;
    public static final int IORING_OP_GETXATTR = 44;
    public static final int IORING_OP_SOCKET = 45;
    public static final int IORING_OP_URING_CMD = 46;
    public static final int IORING_OP_SEND_ZC = 47;
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

    /** The opcode's name without the {@code IORING_OP_} prefix, or {@code "OP_<n>"} for one newer than this table. */
    public static String opName(int opcode) {
        return opcode >= 0 && opcode < OP_NAMES.length ? OP_NAMES[opcode] : "OP_" + opcode;
    }

    /** Number of opcodes this table names. */
    public static int knownOpCount() {
        return OP_NAMES.length;
    }

    // ---- sqe->flags ----
    public static final byte IOSQE_FIXED_FILE = 1 << 0;
    public static final byte IOSQE_IO_DRAIN = 1 << 1;
    public static final byte IOSQE_IO_LINK = 1 << 2;
    public static final byte IOSQE_IO_HARDLINK = 1 << 3;
    public static final byte IOSQE_ASYNC = 1 << 4;
    public static final byte IOSQE_BUFFER_SELECT = 1 << 5;
    public static final byte IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    // ---- io_uring_setup() flags ----
    public static final int IORING_SETUP_IOPOLL = 1 << 0;
    public static final int IORING_SETUP_SQPOLL = 1 << 1;
    public static final int IORING_SETUP_SQ_AFF = 1 << 2;
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    public static final int IORING_SETUP_ATTACH_WQ = 1 << 5;
    public static final int IORING_SETUP_R_DISABLED = 1 << 6;
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    public static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    public static final int IORING_SETUP_SQE128 = 1 << 10;
    public static final int IORING_SETUP_CQE32 = 1 << 11;
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
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
    public static final int IORING_FEAT_SINGLE_MMAP = 1 << 0;
    public static final int IORING_FEAT_NODROP = 1 << 1;
    public static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;
    public static final int IORING_FEAT_RW_CUR_POS = 1 << 3;
    public static final int IORING_FEAT_CUR_PERSONALITY = 1 << 4;
    public static final int IORING_FEAT_FAST_POLL = 1 << 5;
    public static final int IORING_FEAT_POLL_32BITS = 1 << 6;
    public static final int IORING_FEAT_SQPOLL_NONFIXED = 1 << 7;
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;
    public static final int IORING_FEAT_NATIVE_WORKERS = 1 << 9;
    public static final int IORING_FEAT_RSRC_TAGS = 1 << 10;
    public static final int IORING_FEAT_CQE_SKIP = 1 << 11;
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

    /** The names (without {@code IORING_FEAT_}) of the bits set in {@code features}; unknown bits as {@code BIT_<n>}. */
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
    public static final int IORING_ENTER_GETEVENTS = 1 << 0;
    public static final int IORING_ENTER_SQ_WAKEUP = 1 << 1;
    public static final int IORING_ENTER_SQ_WAIT = 1 << 2;
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;
    public static final int IORING_ENTER_REGISTERED_RING = 1 << 4;

    // ---- sq_ring->flags ----
    public static final int IORING_SQ_NEED_WAKEUP = 1 << 0;
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    public static final int IORING_SQ_TASKRUN = 1 << 2;

    // ---- cq_ring->flags ----
    public static final int IORING_CQ_EVENTFD_DISABLED = 1 << 0;

    // ---- cqe->flags ----
    public static final int IORING_CQE_F_BUFFER = 1 << 0;
    public static final int IORING_CQE_F_MORE = 1 << 1;
    public static final int IORING_CQE_F_SOCK_NONEMPTY = 1 << 2;
    public static final int IORING_CQE_F_NOTIF = 1 << 3;
    /** Linux 6.12: the buffer of an incrementally consumed ring continues in the next completion. */
    public static final int IORING_CQE_F_BUF_MORE = 1 << 4;
    public static final int IORING_CQE_BUFFER_SHIFT = 16;

    // ---- offsets to mmap ----
    public static final long IORING_OFF_SQ_RING = 0L;
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    public static final long IORING_OFF_SQES = 0x10000000L;
    /** Linux 5.19: mmap offset of a kernel-allocated provided buffer ring. */
    public static final long IORING_OFF_PBUF_RING = 0x80000000L;
    public static final int IORING_OFF_PBUF_SHIFT = 16;

    // ---- io_uring_register() opcodes ----
    public static final int IORING_REGISTER_BUFFERS = 0;
    public static final int IORING_UNREGISTER_BUFFERS = 1;
    public static final int IORING_REGISTER_FILES = 2;
    public static final int IORING_UNREGISTER_FILES = 3;
    public static final int IORING_REGISTER_EVENTFD = 4;
    public static final int IORING_UNREGISTER_EVENTFD = 5;
    public static final int IORING_REGISTER_FILES_UPDATE = 6;
    public static final int IORING_REGISTER_EVENTFD_ASYNC = 7;
    public static final int IORING_REGISTER_PROBE = 8;
    public static final int IORING_REGISTER_PERSONALITY = 9;
    public static final int IORING_UNREGISTER_PERSONALITY = 10;
    public static final int IORING_REGISTER_RESTRICTIONS = 11;
    public static final int IORING_REGISTER_ENABLE_RINGS = 12;
    public static final int IORING_REGISTER_FILES2 = 13;
    public static final int IORING_REGISTER_FILES_UPDATE2 = 14;
    public static final int IORING_REGISTER_BUFFERS2 = 15;
    public static final int IORING_REGISTER_BUFFERS_UPDATE = 16;
    public static final int IORING_REGISTER_IOWQ_AFF = 17;
    public static final int IORING_UNREGISTER_IOWQ_AFF = 18;
    public static final int IORING_REGISTER_IOWQ_MAX_WORKERS = 19;
    public static final int IORING_REGISTER_RING_FDS = 20;
    public static final int IORING_UNREGISTER_RING_FDS = 21;
    public static final int IORING_REGISTER_PBUF_RING = 22;
    public static final int IORING_UNREGISTER_PBUF_RING = 23;
    public static final int IORING_REGISTER_SYNC_CANCEL = 24;
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
    public static final int IORING_TIMEOUT_ABS = 1 << 0;
    public static final int IORING_TIMEOUT_UPDATE = 1 << 1;
    public static final int IORING_TIMEOUT_BOOTTIME = 1 << 2;
    public static final int IORING_TIMEOUT_REALTIME = 1 << 3;
    public static final int IORING_LINK_TIMEOUT_UPDATE = 1 << 4;
    public static final int IORING_TIMEOUT_ETIME_SUCCESS = 1 << 5;
    /** Linux 6.4. */
    public static final int IORING_TIMEOUT_MULTISHOT = 1 << 6;

    // ---- POLL_ADD flags, stored in sqe->len ----
    public static final int IORING_POLL_ADD_MULTI = 1 << 0;
    public static final int IORING_POLL_UPDATE_EVENTS = 1 << 1;
    public static final int IORING_POLL_UPDATE_USER_DATA = 1 << 2;
    public static final int IORING_POLL_ADD_LEVEL = 1 << 3;

    // ---- ASYNC_CANCEL flags ----
    public static final int IORING_ASYNC_CANCEL_ALL = 1 << 0;
    public static final int IORING_ASYNC_CANCEL_FD = 1 << 1;
    public static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;
    public static final int IORING_ASYNC_CANCEL_FD_FIXED = 1 << 3;
    public static final int IORING_ASYNC_CANCEL_USERDATA = 1 << 4;
    public static final int IORING_ASYNC_CANCEL_OP = 1 << 5;

    // ---- send/recv flags, stored in sqe->ioprio ----
    public static final int IORING_RECVSEND_POLL_FIRST = 1 << 0;
    public static final int IORING_RECV_MULTISHOT = 1 << 1;
    public static final int IORING_RECVSEND_FIXED_BUF = 1 << 2;
    public static final int IORING_SEND_ZC_REPORT_USAGE = 1 << 3;
    /** Linux 6.10. */
    public static final int IORING_RECVSEND_BUNDLE = 1 << 4;
    /** In the notification's res when the kernel copied a zero-copy send. */
    public static final int IORING_NOTIF_USAGE_ZC_COPIED = 1 << 31;

    // ---- accept flags, stored in sqe->ioprio ----
    public static final int IORING_ACCEPT_MULTISHOT = 1 << 0;
    /** Linux 6.10. */
    public static final int IORING_ACCEPT_DONTWAIT = 1 << 1;
    /** Linux 6.10. */
    public static final int IORING_ACCEPT_POLL_FIRST = 1 << 2;

    // ---- MSG_RING ----
    /** {@code sqe->addr} command: pass {@code sqe->len} as res and {@code sqe->off} as user_data. */
    public static final int IORING_MSG_DATA = 0;
    public static final int IORING_MSG_SEND_FD = 1;
    public static final int IORING_MSG_RING_CQE_SKIP = 1 << 0;
    /** Linux 6.3: pass {@code sqe->file_index} as the target CQE's flags. */
    public static final int IORING_MSG_RING_FLAGS_PASS = 1 << 1;

    // ---- futex2 flags (FUTEX_WAIT / FUTEX_WAKE take these in sqe->fd) ----
    public static final int FUTEX2_SIZE_U8 = 0x00;
    public static final int FUTEX2_SIZE_U16 = 0x01;
    public static final int FUTEX2_SIZE_U32 = 0x02;
    public static final int FUTEX2_SIZE_U64 = 0x03;
    public static final int FUTEX2_NUMA = 0x04;
    public static final int FUTEX2_PRIVATE = 128;
    /** {@code FUTEX_BITSET_MATCH_ANY}. */
    public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;

    // ---- splice ----
    public static final int SPLICE_F_MOVE = 1;
    public static final int SPLICE_F_NONBLOCK = 2;
    public static final int SPLICE_F_MORE = 4;
    public static final int SPLICE_F_FD_IN_FIXED = 1 << 31;

    // ---- fadvise ----
    public static final int POSIX_FADV_NORMAL = 0;
    public static final int POSIX_FADV_RANDOM = 1;
    public static final int POSIX_FADV_SEQUENTIAL = 2;
    public static final int POSIX_FADV_WILLNEED = 3;
    public static final int POSIX_FADV_DONTNEED = 4;
    public static final int POSIX_FADV_NOREUSE = 5;
}
