package io.aionet.backend.epoll;

import java.lang.foreign.MemorySegment;

/**
 * One request of the engine's vocabulary, from submission to its last completion: what to do
 * ({@link #op}), on which descriptor, with which memory, and how far it got (bytes already sent, zero-copy
 * sequence numbers still unnotified). Engine-confined and recycled through a free list, so a steady
 * stream of operations allocates nothing.
 */
final class Request {
    // ---- the vocabulary (io_uring's opcode it emulates in the comment) ----
    static final byte POLL = 1;             // IORING_OP_POLL_ADD (one-shot, multishot = edge, level)
    static final byte TIMEOUT = 2;          // IORING_OP_TIMEOUT, pure timer
    static final byte ACCEPT = 3;           // IORING_OP_ACCEPT (multishot)
    static final byte CONNECT = 4;          // IORING_OP_CONNECT
    static final byte RECV = 5;             // IORING_OP_RECV into caller memory
    static final byte RECV_GROUP = 6;       // IORING_OP_RECV with IOSQE_BUFFER_SELECT (multishot)
    static final byte RECVMSG = 7;          // IORING_OP_RECVMSG into caller memory
    static final byte RECVMSG_GROUP = 8;    // IORING_OP_RECVMSG multishot from a buffer group
    static final byte SEND = 9;             // IORING_OP_SEND / SEND_ZC
    static final byte SENDMSG = 10;         // IORING_OP_SENDMSG / SENDMSG_ZC
    static final byte SENDFILE = 11;        // sendfile(2) (io_uring: SPLICE file -> pipe -> socket)
    static final byte CLOCK_TIMEOUT = 12;   // IORING_OP_TIMEOUT on REALTIME/BOOTTIME: a timerfd of its own
    static final byte READ = 13;            // IORING_OP_READ (a regular file: read at once; else when readable)
    static final byte WRITE = 14;           // IORING_OP_WRITE (a regular file: written at once; else when writable)
    // instant requests: done when submitted, in submission order with the others
    static final byte NOP = 20;             // IORING_OP_NOP
    static final byte CANCEL = 21;          // IORING_OP_ASYNC_CANCEL by user_data (ALL, ANY)
    static final byte CANCEL_FD = 22;       // IORING_OP_ASYNC_CANCEL with IORING_ASYNC_CANCEL_FD
    static final byte POLL_REMOVE = 23;     // IORING_OP_POLL_REMOVE
    static final byte TIMEOUT_REMOVE = 24;  // IORING_OP_TIMEOUT_REMOVE
    static final byte MSG = 25;             // IORING_OP_MSG_RING with IORING_MSG_DATA
    static final byte SHUTDOWN = 26;        // IORING_OP_SHUTDOWN
    static final byte FSYNC = 27;           // IORING_OP_FSYNC
    static final byte OPENAT = 28;          // IORING_OP_OPENAT
    static final byte STATX = 29;           // IORING_OP_STATX
    static final byte CLOSE = 30;           // IORING_OP_CLOSE, after a cancel of the descriptor's requests

    // ---- poll modes ----
    static final byte ONE_SHOT = 0;
    static final byte EDGE = 1;
    static final byte LEVEL = 2;

    byte op;
    long userData;
    int fd;
    /** Cancel and remove: the user_data aimed at; message: the user_data posted to the target. */
    long target;
    /** Cancel: {@code IORING_ASYNC_CANCEL_*}; message: the flags posted; shutdown: {@code how}. */
    int cancelFlags;
    /** Message: the channel posted to, and the result it gets. */
    EpollBackend targetEngine;
    int value;

    /** Caller memory: the buffer, the {@code msghdr}, or the accept address. */
    MemorySegment memory;
    long offset;
    long length;
    /** The accept address length ({@code socklen_t*}), or the connect address length in {@link #length}. */
    MemorySegment memory2;
    int msgFlags;

    // poll
    int pollMask;
    byte pollMode;

    boolean multishot;
    boolean zeroCopy;
    boolean reportUsage;
    /** A connect whose {@code connect(2)} returned {@code EINPROGRESS}: writability says it finished. */
    boolean started;

    EpollBufferGroup group;
    /** A stream receive that may fill several buffers per call: how many it takes next (0: one, always). */
    int bundle;
    /** recvmsg from a group: the name and control room of the caller's template {@code msghdr}. */
    int nameRoom;
    int controlRoom;

    // sendfile
    int inFd;
    long fileOffset;

    /** Bytes sent or spliced so far (short sends continued by the engine). */
    long done;

    // deadlines and timers
    long deadline;
    long period;
    long remaining;
    int heapIndex = -1;
    /** Result a deadline completes the request with: {@code -ECANCELED} (io_uring's linked-timeout rule) or {@code -ETIME}. */
    int expiredResult;

    // zero-copy notification accounting: sequence numbers [zcFirst, zcFirst + zcIds) of the socket's counter
    int zcFirst;
    int zcIds;
    int zcOutstanding;
    boolean zcCopied;
    /** The send finished; only its notification is outstanding. */
    boolean awaitingNotification;

    /** Scratch for a sendmsg continued after a short send: a copy of the header and its iovecs. */
    MemorySegment scratch;
    /** {@link #scratch} holds this request's message (a short send happened). */
    boolean scratchInUse;

    // queue links
    RequestQueue queue;
    Request prev;
    Request next;
    // all live requests, for cancellation by user_data
    Request livePrev;
    Request liveNext;
    boolean live;

    void reset() {
        op = 0;
        userData = 0;
        fd = -1;
        target = 0;
        cancelFlags = 0;
        targetEngine = null;
        value = 0;
        memory = null;
        memory2 = null;
        offset = 0;
        length = 0;
        msgFlags = 0;
        pollMask = 0;
        pollMode = 0;
        multishot = false;
        zeroCopy = false;
        reportUsage = false;
        started = false;
        group = null;
        bundle = 0;
        nameRoom = 0;
        controlRoom = 0;
        inFd = -1;
        fileOffset = 0;
        done = 0;
        deadline = 0;
        period = 0;
        remaining = 0;
        expiredResult = 0;
        zcFirst = 0;
        zcIds = 0;
        zcOutstanding = 0;
        zcCopied = false;
        awaitingNotification = false;
        scratchInUse = false;
    }

    @Override
    public String toString() {
        return "Request[op " + op + ", fd " + fd + ", user_data 0x" + Long.toHexString(userData) + "]";
    }
}
