package io.aionet.uring;

import io.aionet.linux.IoUringSqe;
import io.aionet.linux.KernelTimespec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.aionet.uring.IoUringConstants.*;

/**
 * A view of one submission queue entry ({@code struct io_uring_sqe}), handed out by
 * {@link IoUring#getSqe()}. It is a flyweight: the ring owns one and moves it to the claimed slot, so
 * preparing an entry allocates nothing and makes no system call — it writes 64 bytes.
 *
 * <p>The {@code prep*} methods are liburing's {@code io_uring_prep_*}: each rewrites the whole entry,
 * so prepare first, then adjust with {@link #flags(int)}, {@link #userData(long)},
 * {@link #bufGroup(int)} and friends. Finish with one entry before claiming the next.
 *
 * <p>Memory passed in must be native (off-heap) and must stay valid until the request completes —
 * the kernel reads or writes it asynchronously. Timeouts are different: the nanosecond variants copy
 * the time into a slot the ring owns for this entry, which the kernel reads while it submits.
 *
 * {@snippet :
 * Sqe sqe = ring.getSqe();
 * if (sqe == null) {          // the SQ is full: submit, then retry
 *     ring.submit();
 *     sqe = ring.getSqe();
 * }
 * sqe.prepRecv(fd, buffer, 0).userData(42);
 * ring.submit();
 * }
 */
public final class Sqe {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT;
    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;

    private final IoUring ring;
    private final MemorySegment sqes;
    private final MemorySegment timespecs;
    /** Byte offset of the current entry in {@link #sqes}. */
    long at;
    /** Slot index of the current entry (used to find its timespec). */
    int index;

    Sqe(IoUring ring, MemorySegment sqes, MemorySegment timespecs) {
        this.ring = ring;
        this.sqes = sqes;
        this.timespecs = timespecs;
    }

    void moveTo(long offset, int slot) {
        this.at = offset;
        this.index = slot;
    }

    // ---------------------------------------------------------------- the generic writer

    /**
     * liburing's {@code io_uring_prep_rw}: writes every field of the entry. Word by word:
     * {@code opcode|flags|ioprio|fd}, {@code off}, {@code addr}, {@code len|rw_flags}, {@code user_data},
     * {@code buf_index|personality|splice_fd_in}, {@code addr3}, {@code __pad2}.
     */
    private Sqe rw(int op, int fd, long addr, int len, long off) {
        MemorySegment s = sqes;
        long b = at;
        s.set(U64, b, (op & 0xffL) | ((long) fd << 32));
        s.set(U64, b + 8, off);
        s.set(U64, b + 16, addr);
        s.set(U64, b + 24, len & 0xffffffffL);
        s.set(U64, b + 32, 0L);
        s.set(U64, b + 40, 0L);
        s.set(U64, b + 48, 0L);
        s.set(U64, b + 56, 0L);
        return this;
    }

    private static long addressOf(MemorySegment m, String what) {
        if (!m.isNative()) {
            throw new IllegalArgumentException(what + " must be native memory (a heap segment has no stable address)");
        }
        return m.address();
    }

    private static int lengthOf(MemorySegment m, String what) {
        long n = m.byteSize();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is larger than one request can move: " + n + " bytes");
        }
        return (int) n;
    }

    private long timespec(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative time: " + nanos + " ns");
        }
        long off = (long) index * KernelTimespec.SIZEOF;
        timespecs.set(U64, off + KernelTimespec.OFFSETOF_tv_sec, nanos / 1_000_000_000L);
        timespecs.set(U64, off + KernelTimespec.OFFSETOF_tv_nsec, nanos % 1_000_000_000L);
        return timespecs.address() + off;
    }

    // ---------------------------------------------------------------- field setters

    /**
     * Sets {@code user_data}, the 64-bit tag returned in the completion.
     *
     * @param userData the tag
     * @return this entry, for chaining
     */
    public Sqe userData(long userData) {
        sqes.set(U64, at + IoUringSqe.OFFSETOF_user_data, userData);
        return this;
    }

    /**
     * Sets {@code flags} ({@code IOSQE_*}), replacing what was there.
     *
     * @param iosqeFlags {@code IOSQE_*} bits
     * @return this entry, for chaining
     */
    public Sqe flags(int iosqeFlags) {
        if ((iosqeFlags & IOSQE_CQE_SKIP_SUCCESS) != 0) {
            ring.noteSkipSuccess();
        }
        sqes.set(U8, at + IoUringSqe.OFFSETOF_flags, (byte) iosqeFlags);
        return this;
    }

    /**
     * Ors {@code IOSQE_*} bits into {@code flags}.
     *
     * @param iosqeFlags {@code IOSQE_*} bits
     * @return this entry, for chaining
     */
    public Sqe addFlags(int iosqeFlags) {
        int cur = sqes.get(U8, at + IoUringSqe.OFFSETOF_flags) & 0xff;
        return flags(cur | iosqeFlags);
    }

    /**
     * Ors bits into {@code ioprio} (where send, recv and accept keep their {@code IORING_*} flags).
     *
     * @param bits the bits to set
     * @return this entry, for chaining
     */
    public Sqe addIoprio(int bits) {
        short cur = sqes.get(U16, at + IoUringSqe.OFFSETOF_ioprio);
        sqes.set(U16, at + IoUringSqe.OFFSETOF_ioprio, (short) (cur | bits));
        return this;
    }

    /**
     * Sets {@code buf_index}: a registered buffer's index.
     *
     * @param index the registered buffer's index
     * @return this entry, for chaining
     */
    public Sqe bufIndex(int index) {
        sqes.set(U16, at + IoUringSqe.OFFSETOF_buf_index, (short) index);
        return this;
    }

    /**
     * Selects a buffer from provided-buffer group {@code bgid}: sets {@code buf_group} and {@code IOSQE_BUFFER_SELECT}.
     *
     * @param bgid the provided-buffer group (a {@link BufRing}'s {@code bgid})
     * @return this entry, for chaining
     */
    public Sqe bufGroup(int bgid) {
        sqes.set(U16, at + IoUringSqe.OFFSETOF_buf_index, (short) bgid);
        return addFlags(IOSQE_BUFFER_SELECT);
    }

    /**
     * Sets {@code file_index} (the fixed-file slot a direct accept or open installs into, plus one).
     *
     * @param fileIndexPlusOne the slot plus one (0: none)
     * @return this entry, for chaining
     */
    public Sqe fileIndex(int fileIndexPlusOne) {
        sqes.set(U32, at + IoUringSqe.OFFSETOF_splice_fd_in, fileIndexPlusOne);
        return this;
    }

    /**
     * Sets {@code len}.
     *
     * @param len the value
     * @return this entry, for chaining
     */
    public Sqe len(int len) {
        sqes.set(U32, at + IoUringSqe.OFFSETOF_len, len);
        return this;
    }

    private Sqe opFlags(int value) {
        sqes.set(U32, at + IoUringSqe.OFFSETOF_rw_flags, value);
        return this;
    }

    private Sqe ioprio(int value) {
        sqes.set(U16, at + IoUringSqe.OFFSETOF_ioprio, (short) value);
        return this;
    }

    private Sqe addr3(long value) {
        sqes.set(U64, at + IoUringSqe.OFFSETOF_addr3, value);
        return this;
    }

    // ---------------------------------------------------------------- prep: misc

    /**
     * {@code io_uring_prep_nop}: a request that does nothing and completes with 0.
     *
     * @return this entry, for chaining
     */
    public Sqe prepNop() {
        return rw(IORING_OP_NOP, -1, 0, 0, 0);
    }

    /**
     * {@code io_uring_prep_poll_add}: one-shot readiness for {@code pollMask} ({@code POLLIN}…).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param pollMask {@code POLL*} events to wait for
     * @return this entry, for chaining
     */
    public Sqe prepPollAdd(int fd, int pollMask) {
        return rw(IORING_OP_POLL_ADD, fd, 0, 0, 0).opFlags(pollMask);
    }

    /**
     * {@code io_uring_prep_poll_multishot}: a completion (with {@code F_MORE}) each time readiness is signalled.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param pollMask {@code POLL*} events to wait for
     * @return this entry, for chaining
     */
    public Sqe prepPollMultishot(int fd, int pollMask) {
        return prepPollAdd(fd, pollMask).len(IORING_POLL_ADD_MULTI);
    }

    /**
     * {@code io_uring_prep_poll_remove}: cancels the poll request tagged {@code targetUserData}.
     *
     * @param targetUserData the {@code user_data} of the request it acts on
     * @return this entry, for chaining
     */
    public Sqe prepPollRemove(long targetUserData) {
        return rw(IORING_OP_POLL_REMOVE, -1, targetUserData, 0, 0);
    }

    /**
     * {@code io_uring_prep_poll_update}: changes the events and/or tag of a pending poll.
     *
     * @param updateFlags {@code IORING_POLL_UPDATE_EVENTS}, {@code IORING_POLL_UPDATE_USER_DATA}, optionally
     *                    {@code IORING_POLL_ADD_MULTI}/{@code IORING_POLL_ADD_LEVEL}
     * @param oldUserData the pending poll's {@code user_data}
     * @param newUserData its new {@code user_data} (with {@code IORING_POLL_UPDATE_USER_DATA})
     * @param pollMask {@code POLL*} events to wait for
     * @return this entry, for chaining
     */
    public Sqe prepPollUpdate(long oldUserData, long newUserData, int pollMask, int updateFlags) {
        return rw(IORING_OP_POLL_REMOVE, -1, oldUserData, updateFlags, newUserData).opFlags(pollMask);
    }

    /**
     * {@code io_uring_prep_timeout}: completes with {@code -ETIME} after {@code nanos} (or the absolute
     * time with {@code IORING_TIMEOUT_ABS}), or with 0 once {@code count} other completions arrived
     * ({@code count} 0 makes it a pure timer).
     *
     * @param nanos the time, in nanoseconds (copied into the ring's own timespec for this entry)
     * @param count completions that end the timeout early (0: only the time)
     * @param timeoutFlags {@code IORING_TIMEOUT_*} flags
     * @return this entry, for chaining
     */
    public Sqe prepTimeout(long nanos, int count, int timeoutFlags) {
        return rw(IORING_OP_TIMEOUT, -1, timespec(nanos), 1, count & 0xffffffffL).opFlags(timeoutFlags);
    }

    /**
     * {@code io_uring_prep_timeout_remove}: cancels the timeout tagged {@code targetUserData}.
     *
     * @param targetUserData the {@code user_data} of the request it acts on
     * @param timeoutFlags {@code IORING_TIMEOUT_*} flags
     * @return this entry, for chaining
     */
    public Sqe prepTimeoutRemove(long targetUserData, int timeoutFlags) {
        return rw(IORING_OP_TIMEOUT_REMOVE, -1, targetUserData, 0, 0).opFlags(timeoutFlags);
    }

    /**
     * {@code io_uring_prep_timeout_update}: re-arms the timeout tagged {@code targetUserData} to {@code nanos}.
     *
     * @param targetUserData the {@code user_data} of the request it acts on
     * @param nanos the time, in nanoseconds (copied into the ring's own timespec for this entry)
     * @param timeoutFlags {@code IORING_TIMEOUT_*} flags
     * @return this entry, for chaining
     */
    public Sqe prepTimeoutUpdate(long targetUserData, long nanos, int timeoutFlags) {
        return rw(IORING_OP_TIMEOUT_REMOVE, -1, targetUserData, 0, timespec(nanos))
                .opFlags(timeoutFlags | IORING_TIMEOUT_UPDATE);
    }

    /**
     * {@code io_uring_prep_link_timeout}: a deadline for the previous entry, which must carry {@code IOSQE_IO_LINK}.
     *
     * @param nanos the time, in nanoseconds (copied into the ring's own timespec for this entry)
     * @param timeoutFlags {@code IORING_TIMEOUT_*} flags
     * @return this entry, for chaining
     */
    public Sqe prepLinkTimeout(long nanos, int timeoutFlags) {
        return rw(IORING_OP_LINK_TIMEOUT, -1, timespec(nanos), 1, 0).opFlags(timeoutFlags);
    }

    /**
     * {@code io_uring_prep_cancel64}: cancels the request tagged {@code targetUserData} ({@code IORING_ASYNC_CANCEL_*} flags).
     *
     * @param targetUserData the {@code user_data} of the request it acts on
     * @param cancelFlags {@code IORING_ASYNC_CANCEL_*} flags
     * @return this entry, for chaining
     */
    public Sqe prepCancel(long targetUserData, int cancelFlags) {
        return rw(IORING_OP_ASYNC_CANCEL, -1, targetUserData, 0, 0).opFlags(cancelFlags);
    }

    /**
     * {@code io_uring_prep_cancel_fd}: cancels requests on {@code fd}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param cancelFlags {@code IORING_ASYNC_CANCEL_*} flags
     * @return this entry, for chaining
     */
    public Sqe prepCancelFd(int fd, int cancelFlags) {
        return rw(IORING_OP_ASYNC_CANCEL, fd, 0, 0, 0).opFlags(cancelFlags | IORING_ASYNC_CANCEL_FD);
    }

    /**
     * {@code io_uring_prep_msg_ring}: posts a completion with {@code res} and {@code userData} to the ring {@code ringFd}.
     *
     * @param ringFd the target ring's descriptor
     * @param res the {@code res} the target completion carries
     * @param targetUserData the {@code user_data} the target completion carries
     * @param msgRingFlags {@code IORING_MSG_RING_*} flags
     * @return this entry, for chaining
     */
    public Sqe prepMsgRing(int ringFd, int res, long targetUserData, int msgRingFlags) {
        return rw(IORING_OP_MSG_RING, ringFd, IORING_MSG_DATA, res, targetUserData).opFlags(msgRingFlags);
    }

    /**
     * A {@link #prepMsgRing} whose target completion carries {@link IoUring#CQE_F_POSTED} in its flags
     * ({@code IORING_MSG_RING_FLAGS_PASS}, Linux 6.3), marking it as a message rather than the
     * completion of one of the target's own requests.
     *
     * @param ringFd the target ring's descriptor
     * @param res the {@code res} the target completion carries
     * @param targetUserData the {@code user_data} the target completion carries
     * @return this entry, for chaining
     */
    public Sqe prepMsgRingPosted(int ringFd, int res, long targetUserData) {
        prepMsgRing(ringFd, res, targetUserData, IORING_MSG_RING_FLAGS_PASS);
        sqes.set(U32, at + IoUringSqe.OFFSETOF_splice_fd_in, IoUring.CQE_F_POSTED);
        return this;
    }

    /**
     * {@code io_uring_prep_futex_wait} (Linux 6.7): completes when the 32-bit word in {@code futex}
     * (shared memory) is woken, or at once with {@code -EAGAIN} if it no longer holds {@code expected}.
     *
     * @param futex native (shared) memory holding the futex word
     * @param expected the value the word must hold for the wait to start
     * @param mask the futex bitset ({@link IoUringConstants#FUTEX_BITSET_MATCH_ANY}: any)
     * @param futex2Flags {@code FUTEX2_*} flags (size, {@code FUTEX2_PRIVATE})
     * @return this entry, for chaining
     */
    public Sqe prepFutexWait(MemorySegment futex, long expected, long mask, int futex2Flags) {
        return rw(IORING_OP_FUTEX_WAIT, futex2Flags, addressOf(futex, "futex word"), 0, expected).addr3(mask);
    }

    /**
     * {@code io_uring_prep_futex_wake} (Linux 6.7): wakes up to {@code count} waiters on {@code futex}.
     *
     * @param futex native (shared) memory holding the futex word
     * @param count waiters to wake at most
     * @param mask the futex bitset ({@link IoUringConstants#FUTEX_BITSET_MATCH_ANY}: any)
     * @param futex2Flags {@code FUTEX2_*} flags (size, {@code FUTEX2_PRIVATE})
     * @return this entry, for chaining
     */
    public Sqe prepFutexWake(MemorySegment futex, long count, long mask, int futex2Flags) {
        return rw(IORING_OP_FUTEX_WAKE, futex2Flags, addressOf(futex, "futex word"), 0, count).addr3(mask);
    }

    // ---------------------------------------------------------------- prep: sockets

    /**
     * {@code io_uring_prep_accept}. {@code addr} and {@code addrLen} receive the peer's address
     * (both {@link MemorySegment#NULL} to skip).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param addr native memory for the socket address
     * @param addrLen native memory holding the address length (an {@code int}, in and out), or {@link MemorySegment#NULL}
     * @param acceptFlags {@code SOCK_NONBLOCK} / {@code SOCK_CLOEXEC}, as for {@code accept4(2)}
     * @return this entry, for chaining
     */
    public Sqe prepAccept(int fd, MemorySegment addr, MemorySegment addrLen, int acceptFlags) {
        return rw(IORING_OP_ACCEPT, fd, addr.address(), 0, addrLen.address()).opFlags(acceptFlags);
    }

    /**
     * {@code io_uring_prep_multishot_accept}: one completion per accepted connection, with {@code F_MORE}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param addr native memory for the socket address
     * @param addrLen native memory holding the address length (an {@code int}, in and out), or {@link MemorySegment#NULL}
     * @param acceptFlags {@code SOCK_NONBLOCK} / {@code SOCK_CLOEXEC}, as for {@code accept4(2)}
     * @return this entry, for chaining
     */
    public Sqe prepMultishotAccept(int fd, MemorySegment addr, MemorySegment addrLen, int acceptFlags) {
        return prepAccept(fd, addr, addrLen, acceptFlags).addIoprio(IORING_ACCEPT_MULTISHOT);
    }

    /**
     * {@code io_uring_prep_connect}: the address is copied when the entry is submitted.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param addr native memory for the socket address
     * @param addrLen native memory holding the address length (an {@code int}, in and out), or {@link MemorySegment#NULL}
     * @return this entry, for chaining
     */
    public Sqe prepConnect(int fd, MemorySegment addr, int addrLen) {
        return rw(IORING_OP_CONNECT, fd, addressOf(addr, "address"), 0, addrLen);
    }

    private static long addressOf(MemorySegment m, long offset, int length, String what) {
        if (offset < 0 || length < 0 || offset + length > m.byteSize()) {
            throw new IndexOutOfBoundsException(what + ": [" + offset + ", " + (offset + length) + ") outside [0, "
                    + m.byteSize() + ")");
        }
        return addressOf(m, what) + offset;
    }

    /**
     * {@code io_uring_prep_send} of {@code length} bytes at {@code offset} in {@code buf} (no slice is made).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset where the bytes start in {@code buf}
     * @param length bytes to transfer
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepSend(int fd, MemorySegment buf, long offset, int length, int msgFlags) {
        return rw(IORING_OP_SEND, fd, addressOf(buf, offset, length, "buffer"), length, 0).opFlags(msgFlags);
    }

    /**
     * {@code io_uring_prep_send_zc} of {@code length} bytes at {@code offset} in {@code buf}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset where the bytes start in {@code buf}
     * @param length bytes to transfer
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @param zcFlags {@code IORING_RECVSEND_*} / {@code IORING_SEND_ZC_*} flags for {@code ioprio}
     * @return this entry, for chaining
     */
    public Sqe prepSendZc(int fd, MemorySegment buf, long offset, int length, int msgFlags, int zcFlags) {
        return rw(IORING_OP_SEND_ZC, fd, addressOf(buf, offset, length, "buffer"), length, 0)
                .opFlags(msgFlags).ioprio(zcFlags);
    }

    /**
     * {@code io_uring_prep_recv} into {@code length} bytes at {@code offset} in {@code buf}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset where the bytes go in {@code buf}
     * @param length bytes at most
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepRecv(int fd, MemorySegment buf, long offset, int length, int msgFlags) {
        return rw(IORING_OP_RECV, fd, addressOf(buf, offset, length, "buffer"), length, 0).opFlags(msgFlags);
    }

    /**
     * {@code io_uring_prep_send}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepSend(int fd, MemorySegment buf, int msgFlags) {
        return rw(IORING_OP_SEND, fd, addressOf(buf, "buffer"), lengthOf(buf, "buffer"), 0).opFlags(msgFlags);
    }

    /**
     * {@code io_uring_prep_send_zc}: two completions — the result (with {@code F_MORE}), then a
     * notification ({@code F_NOTIF}) once the kernel no longer needs the buffer.
     *
     * @param zcFlags {@code IORING_SEND_ZC_REPORT_USAGE}, {@code IORING_RECVSEND_POLL_FIRST}
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepSendZc(int fd, MemorySegment buf, int msgFlags, int zcFlags) {
        return rw(IORING_OP_SEND_ZC, fd, addressOf(buf, "buffer"), lengthOf(buf, "buffer"), 0)
                .opFlags(msgFlags).ioprio(zcFlags);
    }

    /**
     * {@code io_uring_prep_send_zc_fixed}: zero-copy send from registered buffer {@code bufIndex} — the
     * fixed-buffer send path (plain {@code IORING_OP_SEND} does not take registered buffers).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @param zcFlags {@code IORING_RECVSEND_*} / {@code IORING_SEND_ZC_*} flags for {@code ioprio}
     * @param bufIndex the index of a buffer registered with {@link IoUring#registerBuffers}
     * @return this entry, for chaining
     */
    public Sqe prepSendZcFixed(int fd, MemorySegment buf, int msgFlags, int zcFlags, int bufIndex) {
        return prepSendZc(fd, buf, msgFlags, zcFlags | IORING_RECVSEND_FIXED_BUF).bufIndex(bufIndex);
    }

    /**
     * {@code io_uring_prep_sendmsg}: {@code msghdr} is a {@code struct msghdr}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param msghdr a native {@code struct msghdr} that must stay valid until the request completes
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepSendmsg(int fd, MemorySegment msghdr, int msgFlags) {
        return rw(IORING_OP_SENDMSG, fd, addressOf(msghdr, "msghdr"), 1, 0).opFlags(msgFlags);
    }

    /**
     * {@code io_uring_prep_sendmsg_zc}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param msghdr a native {@code struct msghdr} that must stay valid until the request completes
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @param zcFlags {@code IORING_RECVSEND_*} / {@code IORING_SEND_ZC_*} flags for {@code ioprio}
     * @return this entry, for chaining
     */
    public Sqe prepSendmsgZc(int fd, MemorySegment msghdr, int msgFlags, int zcFlags) {
        return rw(IORING_OP_SENDMSG_ZC, fd, addressOf(msghdr, "msghdr"), 1, 0).opFlags(msgFlags).ioprio(zcFlags);
    }

    /**
     * {@code io_uring_prep_recv} into {@code buf}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepRecv(int fd, MemorySegment buf, int msgFlags) {
        return rw(IORING_OP_RECV, fd, addressOf(buf, "buffer"), lengthOf(buf, "buffer"), 0).opFlags(msgFlags);
    }

    /**
     * {@code io_uring_prep_recv} with a kernel-chosen buffer from group {@code bgid}
     * ({@code IOSQE_BUFFER_SELECT}); {@code maxLen} 0 means "the whole buffer".
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param bgid the provided-buffer group (a {@link BufRing}'s {@code bgid})
     * @param maxLen bytes at most (0: the whole buffer)
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepRecvSelect(int fd, int bgid, int maxLen, int msgFlags) {
        return rw(IORING_OP_RECV, fd, 0, maxLen, 0).opFlags(msgFlags).bufGroup(bgid);
    }

    /**
     * {@code io_uring_prep_recv_multishot} with buffer selection from group {@code bgid}: a completion
     * per arrival, each naming its buffer, until an error, {@code -ENOBUFS} or EOF ends it (no
     * {@code F_MORE}).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param bgid the provided-buffer group (a {@link BufRing}'s {@code bgid})
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepRecvMultishot(int fd, int bgid, int msgFlags) {
        return prepRecvSelect(fd, bgid, 0, msgFlags).addIoprio(IORING_RECV_MULTISHOT);
    }

    /**
     * {@code io_uring_prep_recvmsg}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param msghdr a native {@code struct msghdr} that must stay valid until the request completes
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepRecvmsg(int fd, MemorySegment msghdr, int msgFlags) {
        return rw(IORING_OP_RECVMSG, fd, addressOf(msghdr, "msghdr"), 1, 0).opFlags(msgFlags);
    }

    /**
     * {@code io_uring_prep_recvmsg_multishot} with buffers from group {@code bgid}; each buffer starts
     * with a {@code struct io_uring_recvmsg_out}. {@code msghdr} gives only the name and control sizes.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param msghdr a native {@code struct msghdr} that must stay valid until the request completes
     * @param bgid the provided-buffer group (a {@link BufRing}'s {@code bgid})
     * @param msgFlags {@code MSG_*} flags, as for the system call
     * @return this entry, for chaining
     */
    public Sqe prepRecvmsgMultishot(int fd, MemorySegment msghdr, int bgid, int msgFlags) {
        return prepRecvmsg(fd, msghdr, msgFlags).addIoprio(IORING_RECV_MULTISHOT).bufGroup(bgid);
    }

    /**
     * {@code io_uring_prep_shutdown}: {@code how} is {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param how {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}
     * @return this entry, for chaining
     */
    public Sqe prepShutdown(int fd, int how) {
        return rw(IORING_OP_SHUTDOWN, fd, 0, how, 0);
    }

    // ---------------------------------------------------------------- prep: files

    /**
     * {@code io_uring_prep_read} at {@code offset} (-1: the file position).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset the file offset (-1: the file position)
     * @return this entry, for chaining
     */
    public Sqe prepRead(int fd, MemorySegment buf, long offset) {
        return rw(IORING_OP_READ, fd, addressOf(buf, "buffer"), lengthOf(buf, "buffer"), offset);
    }

    /**
     * {@code io_uring_prep_write} at {@code offset} (-1: the file position).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset the file offset (-1: the file position)
     * @return this entry, for chaining
     */
    public Sqe prepWrite(int fd, MemorySegment buf, long offset) {
        return rw(IORING_OP_WRITE, fd, addressOf(buf, "buffer"), lengthOf(buf, "buffer"), offset);
    }

    /**
     * {@code io_uring_prep_read_fixed}: into registered buffer {@code bufIndex}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset the file offset (-1: the file position)
     * @param bufIndex the index of a buffer registered with {@link IoUring#registerBuffers}
     * @return this entry, for chaining
     */
    public Sqe prepReadFixed(int fd, MemorySegment buf, long offset, int bufIndex) {
        return rw(IORING_OP_READ_FIXED, fd, addressOf(buf, "buffer"), lengthOf(buf, "buffer"), offset).bufIndex(bufIndex);
    }

    /**
     * {@code io_uring_prep_write_fixed}: from registered buffer {@code bufIndex}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset the file offset (-1: the file position)
     * @param bufIndex the index of a buffer registered with {@link IoUring#registerBuffers}
     * @return this entry, for chaining
     */
    public Sqe prepWriteFixed(int fd, MemorySegment buf, long offset, int bufIndex) {
        return rw(IORING_OP_WRITE_FIXED, fd, addressOf(buf, "buffer"), lengthOf(buf, "buffer"), offset).bufIndex(bufIndex);
    }

    /**
     * {@code io_uring_prep_read} of {@code length} bytes into {@code buf} at {@code offset} (no slice is made).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset where the bytes go in {@code buf}
     * @param length bytes at most
     * @param fileOffset the file offset (-1: the file position, which the read moves)
     * @return this entry, for chaining
     */
    public Sqe prepRead(int fd, MemorySegment buf, long offset, int length, long fileOffset) {
        return rw(IORING_OP_READ, fd, addressOf(buf, offset, length, "buffer"), length, fileOffset);
    }

    /**
     * {@code io_uring_prep_write} of {@code length} bytes of {@code buf} at {@code offset} (no slice is made).
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory that must stay valid until the request completes
     * @param offset where the bytes start in {@code buf}
     * @param length bytes to write
     * @param fileOffset the file offset (-1: the file position, which the write moves)
     * @return this entry, for chaining
     */
    public Sqe prepWrite(int fd, MemorySegment buf, long offset, int length, long fileOffset) {
        return rw(IORING_OP_WRITE, fd, addressOf(buf, offset, length, "buffer"), length, fileOffset);
    }

    /**
     * {@code io_uring_prep_read_fixed} of {@code length} bytes into {@code buf} at {@code offset}, which must
     * lie inside registered buffer {@code bufIndex}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory inside registered buffer {@code bufIndex}
     * @param offset where the bytes go in {@code buf}
     * @param length bytes at most
     * @param fileOffset the file offset (-1: the file position)
     * @param bufIndex the index of a buffer registered with {@link IoUring#registerBuffers}
     * @return this entry, for chaining
     */
    public Sqe prepReadFixed(int fd, MemorySegment buf, long offset, int length, long fileOffset, int bufIndex) {
        return rw(IORING_OP_READ_FIXED, fd, addressOf(buf, offset, length, "buffer"), length, fileOffset).bufIndex(bufIndex);
    }

    /**
     * {@code io_uring_prep_write_fixed} of {@code length} bytes of {@code buf} at {@code offset}, which must
     * lie inside registered buffer {@code bufIndex}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param buf native memory inside registered buffer {@code bufIndex}
     * @param offset where the bytes start in {@code buf}
     * @param length bytes to write
     * @param fileOffset the file offset (-1: the file position)
     * @param bufIndex the index of a buffer registered with {@link IoUring#registerBuffers}
     * @return this entry, for chaining
     */
    public Sqe prepWriteFixed(int fd, MemorySegment buf, long offset, int length, long fileOffset, int bufIndex) {
        return rw(IORING_OP_WRITE_FIXED, fd, addressOf(buf, offset, length, "buffer"), length, fileOffset).bufIndex(bufIndex);
    }

    /**
     * {@code io_uring_prep_fsync}: {@code fsync(2)}, or {@code fdatasync(2)} with {@link IoUringConstants#IORING_FSYNC_DATASYNC}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param fsyncFlags 0 or {@code IORING_FSYNC_DATASYNC}
     * @return this entry, for chaining
     */
    public Sqe prepFsync(int fd, int fsyncFlags) {
        return rw(IORING_OP_FSYNC, fd, 0, 0, 0).opFlags(fsyncFlags);
    }

    /**
     * {@code io_uring_prep_openat}: completes with the new descriptor or {@code -errno}. The kernel copies
     * the path when it takes the entry, so it must stay valid until the submit.
     *
     * @param dirFd the directory a relative path starts from ({@code AT_FDCWD}: the working directory)
     * @param path a NUL-terminated path in native memory
     * @param openFlags {@code O_*} flags
     * @param mode the permission bits of a file {@code O_CREAT} makes
     * @return this entry, for chaining
     */
    public Sqe prepOpenat(int dirFd, MemorySegment path, int openFlags, int mode) {
        return rw(IORING_OP_OPENAT, dirFd, addressOf(path, "path"), mode, 0).opFlags(openFlags);
    }

    /**
     * {@code io_uring_prep_statx}: fills {@code statxbuf} ({@code struct statx}, 256 bytes) for
     * {@code path} relative to {@code dirFd} (or, with {@code AT_EMPTY_PATH} and an empty path, for
     * {@code dirFd} itself).
     *
     * @param dirFd the directory a relative path starts from, or the file itself with {@code AT_EMPTY_PATH}
     * @param path a NUL-terminated path in native memory, valid until the submit
     * @param atFlags {@code AT_*} flags
     * @param mask the {@code STATX_*} fields wanted
     * @param statxbuf native memory of at least 256 bytes, valid until the request completes
     * @return this entry, for chaining
     */
    public Sqe prepStatx(int dirFd, MemorySegment path, int atFlags, int mask, MemorySegment statxbuf) {
        if (statxbuf.byteSize() < 256) {
            throw new IllegalArgumentException("a struct statx takes 256 bytes, not " + statxbuf.byteSize());
        }
        return rw(IORING_OP_STATX, dirFd, addressOf(path, "path"), mask, addressOf(statxbuf, "statx buffer"))
                .opFlags(atFlags);
    }

    /**
     * {@code io_uring_prep_splice}: moves {@code nbytes} from {@code fdIn} to {@code fdOut}; one of them
     * must be a pipe, whose offset must be -1.
     *
     * @param fdIn the source descriptor
     * @param offIn the source offset (-1: none, as for a pipe)
     * @param fdOut the destination descriptor
     * @param offOut the destination offset (-1: none)
     * @param nbytes bytes to move
     * @param spliceFlags {@code SPLICE_F_*} flags
     * @return this entry, for chaining
     */
    public Sqe prepSplice(int fdIn, long offIn, int fdOut, long offOut, int nbytes, int spliceFlags) {
        rw(IORING_OP_SPLICE, fdOut, offIn, nbytes, offOut).opFlags(spliceFlags);
        sqes.set(U32, at + IoUringSqe.OFFSETOF_splice_fd_in, fdIn);
        return this;
    }

    /**
     * {@code io_uring_prep_fadvise}: {@code advice} is {@code POSIX_FADV_*}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @param offset where the range starts in the file
     * @param len the range's length (0: to the end)
     * @param advice a {@code POSIX_FADV_*} value
     * @return this entry, for chaining
     */
    public Sqe prepFadvise(int fd, long offset, int len, int advice) {
        return rw(IORING_OP_FADVISE, fd, 0, len, offset).opFlags(advice);
    }

    /**
     * {@code io_uring_prep_close}.
     *
     * @param fd the descriptor (a fixed-file index when the entry carries {@code IOSQE_FIXED_FILE})
     * @return this entry, for chaining
     */
    public Sqe prepClose(int fd) {
        return rw(IORING_OP_CLOSE, fd, 0, 0, 0);
    }
}
