package io.aionet.aio;

import io.aionet.Errno;
import io.aionet.backend.Backend;
import io.aionet.backend.Feature;
import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.dma.spi.PoolAssociation;
import io.aionet.dma.spi.PoolReceiver;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.event.spi.EventSpi;
import io.aionet.event.spi.Operation;
import io.aionet.event.spi.OperationHost;
import io.aionet.event.spi.SlotTable;
import io.aionet.linux.Iovec;
import io.aionet.linux.Msghdr;
import io.aionet.linux.Sockets;
import io.aionet.net.spi.NetSpi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A channel's AIO: the operations its control blocks run as, and their books — one per channel, made on
 * first use. Each {@link AioRequest} in flight holds a handle: one sub-request id of one of the engine's
 * operations (256 each; more operations are added only when more requests are in flight than ever
 * before), so a steady stream of requests allocates nothing. Chains of a list are run here: a run of
 * entries on one target is linked in the kernel ({@code IOSQE_IO_LINK}) where the backend has links; the
 * engine starts the next run (and, on epoll, the next entry) when the one before completed in full.
 * Owner thread only.
 */
final class AioEngine {
    /** Where the address sits in a control block's memory, and how much room it has ({@code sockaddr_un}: 110). */
    static final long NAME = 64;
    static final int NAME_ROOM = 128;
    /** Where the iovecs start. */
    static final long IOV = NAME + NAME_ROOM;
    /** {@code IOV_MAX}. */
    static final int MAX_PARTS = 1024;
    /** At most this many entries go to the kernel as one linked chain; a longer run continues in the engine. */
    static final int MAX_KERNEL_RUN = 16;
    private static final int SUBS = 256;
    /** Slot 0's last sub-request id carries the engine's own cancels. */
    private static final int CANCEL = SUBS - 1;
    private static final int CHUNK = 1 << 30;

    final EventChannel channel;
    final OperationHost host;
    final Backend backend;
    final boolean kernelLinks;
    private Slots[] slots = new Slots[0];
    private AioRequest[] byHandle = new AioRequest[0];
    private int[] free = new int[0];
    private int freeTop;
    private ReceivePool[] pools = new ReceivePool[0];
    private PoolAssociation[] associations = new PoolAssociation[0];
    private boolean cancelPending;
    private int cancelResult;
    /** Why the last control block was refused ({@link #validate}), for the exception of a direct submit. */
    String problem;

    private AioEngine(EventChannel channel) {
        this.channel = channel;
        this.host = EventSpi.host(channel);
        this.backend = host.backend();
        this.kernelLinks = backend.supports(Feature.LINKS);
    }

    static AioEngine of(EventChannel channel) {
        return EventSpi.host(channel).extension(AioEngine.class, AioEngine::new);
    }

    /** One of the engine's operations: 256 sub-request ids, each a handle of a request in flight. */
    private final class Slots extends Operation {
        final int base;

        Slots(int base) {
            super(channel);
            this.base = base;
        }

        long ud(int sub) {
            return request(sub);
        }

        void deliver(long tag, int res, int flags, Object attachment) {
            emit(EventKind.COMPLETION, tag, res, flags, attachment);
        }

        @Override
        protected void completed(int sub, int res, int flags, boolean more) {
            AioEngine.this.completed(base + sub, res, flags);
        }
    }

    // ================================================================ handles

    private int take(AioRequest r) {
        if (freeTop == 0) {
            grow();
        }
        int h = free[--freeTop];
        byHandle[h] = r;
        r.handle = h;
        r.engine = this;
        return h;
    }

    private void grow() {
        int n = slots.length;
        slots = Arrays.copyOf(slots, n + 1);
        slots[n] = new Slots(n * SUBS);
        byHandle = Arrays.copyOf(byHandle, (n + 1) * SUBS);
        free = Arrays.copyOf(free, (n + 1) * SUBS);
        for (int sub = SUBS - 1; sub >= 0; sub--) {
            if (n != 0 || sub != CANCEL) {
                free[freeTop++] = n * SUBS + sub;
            }
        }
    }

    private long ud(int handle) {
        return slots[handle / SUBS].ud(handle % SUBS);
    }

    // ================================================================ validation

    private int bad(int errno, String why) {
        problem = why;
        return -errno;
    }

    /** 0 when {@code r} can run on this engine; else {@code -errno} with {@link #problem} saying why. */
    int validate(AioRequest r) {
        problem = null;
        if (r.op == null) {
            return bad(Errno.EINVAL, "the control block has no operation (send, recv, read, …)");
        }
        if (r.op == AioOp.NOP) {
            return 0;
        }
        if (r.socket == null && r.file == null && r.descriptorChannel == null) {
            return bad(Errno.EBADF, "the control block has no target: socket(), file() or descriptor()");
        }
        NetSpi.Bridge net = r.socket != null ? NetSpi.bridge() : null;
        if (net != null && net.isClosed(r.socket)) {
            return bad(Errno.EBADF, "the socket is closed: " + r.socket);
        }
        if (r.file != null && r.file.isClosed()) {
            return bad(Errno.EBADF, "the file is closed: " + r.file);
        }
        boolean stream = net != null && net.isStream(r.socket);
        boolean datagram = net != null && !stream;
        switch (r.op) {
            case SEND, RECV -> {
                if (r.file != null) {
                    return bad(Errno.EINVAL, r.op + " needs a socket, not a file");
                }
                if (r.pool != null) {
                    return checkPool(r, datagram);
                }
                return checkMemory(r.buffer, r.bufferOffset, r.bufferLength);
            }
            case SENDTO, RECVFROM -> {
                if (r.file != null || stream) {
                    return bad(Errno.EINVAL, r.op + " needs a datagram socket");
                }
                int m = checkMemory(r.buffer, r.bufferOffset, r.bufferLength);
                if (m < 0 || r.op == AioOp.RECVFROM) {
                    return m;
                }
                return encodeDestination(r);
            }
            case SENDMSG, RECVMSG -> {
                if (r.file != null) {
                    return bad(Errno.EINVAL, r.op + " needs a socket, not a file");
                }
                if (r.parts.length == 0 || r.parts.length > MAX_PARTS) {
                    return bad(Errno.EINVAL, "a message has 1 to " + MAX_PARTS + " parts, not " + r.parts.length);
                }
                for (MemorySegment p : r.parts) {
                    if (p == null) {
                        return bad(Errno.EINVAL, "a part of the message is null");
                    }
                    int m = checkMemory(p, 0, p.byteSize() > Integer.MAX_VALUE ? -1 : (int) p.byteSize());
                    if (m < 0) {
                        return m;
                    }
                }
                if (r.op == AioOp.SENDMSG && r.to != null) {
                    if (stream) {
                        return bad(Errno.EINVAL, "a stream socket sends to its peer: no destination");
                    }
                    return encodeDestination(r);
                }
                return 0;
            }
            case READ, WRITE -> {
                if (r.fileOffset < -1) {
                    return bad(Errno.EINVAL, "a file offset is -1 (the file position) or more: " + r.fileOffset);
                }
                return checkMemory(r.buffer, r.bufferOffset, r.bufferLength);
            }
            case FSYNC, FDATASYNC -> {
                if (net != null) {
                    return bad(Errno.EINVAL, r.op + " needs a file, not a socket");
                }
                return 0;
            }
            case SENDFILE -> {
                if (r.file != null || datagram) {
                    return bad(Errno.EINVAL, "a file send needs a stream socket");
                }
                if (r.sourceFile != null && r.sourceFile.isClosed()) {
                    return bad(Errno.EBADF, "the file to send is closed: " + r.sourceFile);
                }
                if (r.sourceFile != null && r.sourceFile.channel() != channel) {
                    return bad(Errno.EINVAL, "the file to send belongs to another channel");
                }
                if (r.fileOffset < 0 || r.fileLength < 0) {
                    return bad(Errno.EINVAL, "bad file range: offset " + r.fileOffset + ", length " + r.fileLength);
                }
                return 0;
            }
            default -> {
                return bad(Errno.EINVAL, "unknown operation " + r.op);
            }
        }
    }

    private int checkMemory(MemorySegment m, long offset, int length) {
        if (m == null) {
            return bad(Errno.EINVAL, "no memory");
        }
        if (!m.isNative()) {
            return bad(Errno.EINVAL, "memory must be native (off-heap): the kernel needs a stable address");
        }
        if (!m.scope().isAlive()) {
            return bad(Errno.EINVAL, "the memory's arena is closed");
        }
        if (offset < 0 || length < 0 || offset + length > m.byteSize()) {
            return bad(Errno.EINVAL, "[" + offset + ", " + (offset + (long) length) + ") is outside the memory's [0, "
                    + m.byteSize() + ")");
        }
        return 0;
    }

    private int checkPool(AioRequest r, boolean datagram) {
        if (r.op != AioOp.RECV) {
            return bad(Errno.EINVAL, "only a receive takes a pool");
        }
        if (DmaSpi.backend(r.pool) != backend) {
            return bad(Errno.EINVAL, "the pool belongs to another channel");
        }
        try {
            if (r.pool.isClosed() || !association(r.pool).isAssociated()) {
                return bad(Errno.EINVAL, "the pool is closed");
            }
        } catch (IllegalStateException e) {
            return bad(Errno.EINVAL, "the pool is closed");
        }
        if (datagram && r.pool.isIncremental()) {
            return bad(Errno.EINVAL, "datagrams need a pool of whole buffers, not an incremental one");
        }
        return 0;
    }

    private int encodeDestination(AioRequest r) {
        if (r.to == null) {
            return bad(Errno.EINVAL, "no destination");
        }
        MemorySegment before = r.mem;
        MemorySegment m = r.memory(r.op == AioOp.SENDMSG ? r.parts.length : 1);
        if (r.to == r.encodedTo && r.encodedFor == r.socket && m == before) {
            return 0; // the same address instance for the same socket: its bytes are there already
        }
        r.encodedTo = null;
        try {
            r.nameLength = r.socket != null ? NetSpi.bridge().encode(r.socket, r.to, m.asSlice(NAME, NAME_ROOM))
                    : NetSpi.bridge().encode(null, r.to, m.asSlice(NAME, NAME_ROOM));
        } catch (IllegalArgumentException e) {
            return bad(Errno.EINVAL, e.getMessage());
        }
        r.encodedTo = r.to;
        r.encodedFor = r.socket;
        return 0;
    }

    // ================================================================ starting

    /** Starts a validated control block that is no list's entry. */
    void start(AioRequest r) {
        r.chainNext = null;
        r.chainPrev = null;
        r.segmentEnd = true;
        begin(r);
        launch(r);
    }

    /** Resets the results of a block about to run. */
    private void begin(AioRequest r) {
        r.engine = this;
        r.state = AioRequest.QUEUED;
        r.result = 0;
        r.returned = false;
        r.received = null;
        r.resultFlags = 0;
        r.transferred = 0;
        r.cancelRequested = false;
        if (r.op != AioOp.SENDTO && !(r.op == AioOp.SENDMSG && r.to != null)) {
            r.nameLength = 0;
            r.encodedTo = null; // a receive writes its sender where a destination's bytes were
        }
    }

    /** Marks a validated block as a queued entry of a list (its chain starts with {@link #startRun}). */
    void queue(AioRequest r) {
        begin(r);
    }

    /**
     * Starts the run of kernel-linked entries beginning at {@code first} (one entry without links), after
     * checking that their targets are still open: a socket closed while the entry waited fails it with
     * {@code -EBADF} and the rest of its chain.
     */
    void startRun(AioRequest first) {
        int n = 1;
        for (AioRequest e = first; !e.segmentEnd; e = e.chainNext) {
            n++;
        }
        AioRequest e = first;
        for (int i = 0; i < n; i++, e = e.chainNext) {
            int v = validate(e);
            if (v < 0) {
                failChain(first, e, v); // e.g. its socket closed while it waited for the entry before
                return;
            }
        }
        if (n > 1) {
            backend.reserve(n);
        }
        e = first;
        for (int i = 0; i < n; i++) {
            AioRequest next = e.chainNext;
            launch(e);
            if (i < n - 1) {
                backend.link();
            }
            e = next;
        }
    }

    private void launch(AioRequest r) {
        take(r);
        r.state = AioRequest.IN_FLIGHT;
        if (r.file != null) {
            r.file.inFlight++;
            r.countedFile = r.file;
        }
        if (r.op == AioOp.SENDFILE && r.sourceFile != null) {
            r.sourceFile.inFlight++;
            r.countedSource = r.sourceFile;
        }
        issue(r);
    }

    private int targetFd(AioRequest r) {
        if (r.socket != null) {
            return NetSpi.bridge().fd(r.socket);
        }
        if (r.file != null) {
            return r.file.fd();
        }
        return r.descriptor;
    }

    private boolean isStream(AioRequest r) {
        return r.socket != null && NetSpi.bridge().isStream(r.socket);
    }

    private void issue(AioRequest r) {
        long ud = ud(r.handle);
        int fd = targetFd(r);
        int waitAll = isStream(r) ? Sockets.MSG_WAITALL : 0; // a stream send finishes every byte
        switch (r.op) {
            case SEND -> backend.send(ud, fd, r.buffer, r.bufferOffset, r.bufferLength, Sockets.MSG_NOSIGNAL | waitAll | r.flags);
            case RECV -> {
                if (r.pool != null) {
                    association(r.pool).markArmed();
                    backend.recvSelect(ud, fd, DmaSpi.group(r.pool), 0, r.flags);
                } else {
                    backend.recv(ud, fd, r.buffer, r.bufferOffset, r.bufferLength, r.flags, 0);
                }
            }
            case SENDTO -> backend.sendmsg(ud, fd, message(r, true), Sockets.MSG_NOSIGNAL | r.flags);
            case RECVFROM -> backend.recvmsg(ud, fd, message(r, false), r.flags, 0);
            case SENDMSG -> backend.sendmsg(ud, fd, message(r, r.to != null), Sockets.MSG_NOSIGNAL | waitAll | r.flags);
            case RECVMSG -> backend.recvmsg(ud, fd, message(r, false), r.flags, 0);
            case READ -> backend.read(ud, fd, r.buffer, r.bufferOffset, r.bufferLength, r.fileOffset);
            case WRITE -> backend.write(ud, fd, r.buffer, r.bufferOffset, r.bufferLength, r.fileOffset);
            case FSYNC, FDATASYNC -> backend.fsync(ud, fd, r.op == AioOp.FDATASYNC);
            case SENDFILE -> issueChunk(r, ud, fd);
            default -> throw new AssertionError(r.op);
        }
    }

    private void issueChunk(AioRequest r, long ud, int sockFd) {
        int src = r.sourceFile != null ? r.sourceFile.fd() : r.sourceDescriptor;
        long left = r.fileLength - r.transferred;
        backend.sendFile(ud, src, r.fileOffset + r.transferred, (int) Math.min(left, CHUNK), sockFd);
    }

    /**
     * The control block's {@code msghdr}: its one buffer or its parts as iovecs, the destination written at
     * validation ({@code withName}), or room for the sender of a receive.
     */
    private static MemorySegment message(AioRequest r, boolean withName) {
        int n = r.parts != null ? r.parts.length : 1;
        MemorySegment m = r.memory(n);
        boolean receive = r.op == AioOp.RECVFROM || r.op == AioOp.RECVMSG;
        boolean named = withName || receive;
        // every field written, none left from the block's last use (and no slice made to clear them)
        m.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_name, named ? m.address() + NAME : 0L);
        m.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen, !named ? 0 : receive ? NAME_ROOM : r.nameLength);
        m.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_control, 0L);
        m.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_controllen, 0L);
        m.set(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_flags, 0);
        if (r.parts != null) {
            for (int i = 0; i < n; i++) {
                MemorySegment p = r.parts[i];
                m.set(ValueLayout.JAVA_LONG, IOV + 16L * i + Iovec.OFFSETOF_iov_base, p.address());
                m.set(ValueLayout.JAVA_LONG, IOV + 16L * i + Iovec.OFFSETOF_iov_len, p.byteSize());
            }
        } else {
            m.set(ValueLayout.JAVA_LONG, IOV + Iovec.OFFSETOF_iov_base, r.buffer.address() + r.bufferOffset);
            m.set(ValueLayout.JAVA_LONG, IOV + Iovec.OFFSETOF_iov_len, r.bufferLength);
        }
        m.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iov, m.address() + IOV);
        m.set(ValueLayout.JAVA_LONG, Msghdr.OFFSETOF_msg_iovlen, n);
        return m;
    }

    // ================================================================ completing

    private void completed(int handle, int res, int flags) {
        if (handle == CANCEL) {
            cancelResult = res;
            cancelPending = false;
            return;
        }
        AioRequest r = byHandle[handle];
        if (r == null) {
            return;
        }
        switch (r.op) {
            case SENDFILE -> {
                if (res > 0) {
                    r.transferred += res;
                    if (r.transferred < r.fileLength && !r.cancelRequested && !host.isClosed()) {
                        issueChunk(r, ud(handle), targetFd(r)); // sendfile(2)'s contract: continue where it stopped
                        return;
                    }
                    res = r.cancelRequested && r.transferred < r.fileLength ? -Errno.ECANCELED : 0;
                }
                long total = res == 0 ? r.transferred : res;
                release(r, handle);
                complete(r, total);
                return;
            }
            case RECV -> {
                if (r.pool != null) {
                    Buffer b = association(r.pool).complete(res, flags);
                    r.received = b;
                    if (res > 0 && b == null) {
                        res = -Errno.ECANCELED; // the pool closed under the receive: its bytes are gone with it
                    }
                }
            }
            case RECVFROM, RECVMSG -> {
                if (res >= 0) {
                    // the kernel wrote back msg_namelen and msg_flags before posting the completion
                    r.nameLength = r.mem.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_namelen);
                    r.resultFlags = r.mem.get(ValueLayout.JAVA_INT, Msghdr.OFFSETOF_msg_flags);
                }
            }
            default -> {
            }
        }
        if (res > 0) {
            r.transferred = res;
        }
        release(r, handle);
        complete(r, res);
    }

    private void release(AioRequest r, int handle) {
        byHandle[handle] = null;
        free[freeTop++] = handle;
        r.handle = -1;
        AioFile f = r.countedFile;
        if (f != null) {
            r.countedFile = null;
            f.requestEnded();
        }
        f = r.countedSource;
        if (f != null) {
            r.countedSource = null;
            f.requestEnded();
        }
    }

    /** The block ends with {@code res}: its state, its notification, then the chain behind it. */
    private void complete(AioRequest r, long res) {
        r.result = res;
        r.state = AioRequest.DONE;
        notifyProgram(r, res);
        AioRequest next = r.chainNext;
        if (next != null) {
            r.chainNext = null;
            next.chainPrev = null;
            if (r.segmentEnd) {
                if (completedInFull(r) && !host.isClosed()) {
                    startRun(next);
                } else {
                    failChain(next, null, -Errno.ECANCELED);
                }
            } // else the kernel starts the next entry of the run, or fails it
        }
    }

    private void notifyProgram(AioRequest r, long res) {
        EventChannel to = r.notifyChannel;
        if (to == null) {
            return;
        }
        int shown = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, res));
        if (to == channel) {
            if (slots.length == 0) {
                grow();
            }
            slots[0].deliver(r.tag, shown, r.resultFlags, r);
        } else {
            try {
                channel.postTo(to, r.tag, shown);
            } catch (IllegalStateException e) {
                // the channel to notify is closed: nobody is left to tell
            }
        }
    }

    /** io_uring's rule for a link: a result ≥ 0, and for a transfer every byte asked for. */
    static boolean completedInFull(AioRequest r) {
        if (r.result < 0) {
            return false;
        }
        return switch (r.op) {
            case READ, WRITE, SEND, SENDTO -> r.pool != null || r.result == r.bufferLength;
            case SENDMSG -> r.result == total(r.parts);
            case SENDFILE -> r.result == r.fileLength;
            case RECV -> (r.flags & AioRequest.WAITALL) == 0 || r.pool != null || r.result == r.bufferLength;
            case RECVMSG -> (r.flags & AioRequest.WAITALL) == 0 || r.result == total(r.parts);
            default -> true;
        };
    }

    private static long total(MemorySegment[] parts) {
        long n = 0;
        for (MemorySegment p : parts) {
            n += p.byteSize();
        }
        return n;
    }

    /**
     * Ends the queued entries from {@code first} on (none of them was handed to the kernel): {@code culprit}
     * (if among them) with {@code res}, every other one with {@code -ECANCELED}.
     */
    void failChain(AioRequest first, AioRequest culprit, int res) {
        AioRequest e = first;
        while (e != null) {
            AioRequest next = e.chainNext;
            e.chainNext = null;
            e.chainPrev = null;
            e.result = e == culprit ? res : -Errno.ECANCELED;
            e.state = AioRequest.DONE;
            notifyProgram(e, e.result);
            e = next;
        }
    }

    // ================================================================ cancelling (aio_cancel)

    /**
     * POSIX {@code aio_cancel} of one block: {@link Aio#AIO_CANCELED} when it was stopped (it completes with
     * {@code -ECANCELED} before this returns), {@link Aio#AIO_NOTCANCELED} when it runs and cannot be, or
     * {@link Aio#AIO_ALLDONE} when it had completed.
     */
    int cancel(AioRequest r) {
        if (r.state == AioRequest.QUEUED) {
            if (r.chainPrev != null) {
                r.chainPrev.chainNext = null;
            }
            failChain(r, null, -Errno.ECANCELED);
            return Aio.AIO_CANCELED;
        }
        if (r.state != AioRequest.IN_FLIGHT) {
            return Aio.AIO_ALLDONE;
        }
        r.cancelRequested = true;
        if (slots.length == 0) {
            grow();
        }
        cancelPending = true;
        backend.cancel(slots[0].ud(CANCEL), ud(r.handle));
        host.submitNow();
        while (cancelPending) {
            host.waitForCompletions(100_000_000L);
        }
        int res = cancelResult;
        if (res == 0) {
            while (r.state != AioRequest.DONE) { // its -ECANCELED completion follows the cancel's
                host.waitForCompletions(100_000_000L);
            }
            return r.result == -Errno.ECANCELED ? Aio.AIO_CANCELED : Aio.AIO_ALLDONE;
        }
        // -ENOENT: it finished before the cancel ran (its completion may still be on its way), or the kernel
        // has not started it (a linked entry waiting for the one before); -EALREADY: it is running
        host.waitForCompletions(0);
        return r.state == AioRequest.DONE ? Aio.AIO_ALLDONE : Aio.AIO_NOTCANCELED;
    }

    /**
     * POSIX {@code aio_cancel(fd, NULL)}: every block in flight on {@code target} — those the kernel holds
     * and those waiting in a chain for the entry before them — and the combined answer: {@link Aio#AIO_CANCELED}
     * when each of them ended cancelled, {@link Aio#AIO_NOTCANCELED} when one still runs, {@link Aio#AIO_ALLDONE}
     * when there was none.
     */
    int cancelAll(Object target) {
        java.util.List<AioRequest> mine = new java.util.ArrayList<>();
        for (AioRequest r : byHandle) {
            for (AioRequest e = r; e != null; e = e.chainNext) {
                if (e.inProgress() && names(e, target) && !mine.contains(e)) {
                    mine.add(e);
                }
            }
        }
        if (mine.isEmpty()) {
            return Aio.AIO_ALLDONE;
        }
        for (AioRequest r : mine) {
            if (r.inProgress()) { // cancelling one entry of a chain may have ended the ones behind it
                cancel(r);
            }
        }
        boolean cancelled = false;
        for (AioRequest r : mine) {
            if (r.inProgress()) {
                return Aio.AIO_NOTCANCELED;
            }
            cancelled |= r.result == -Errno.ECANCELED;
        }
        return cancelled ? Aio.AIO_CANCELED : Aio.AIO_ALLDONE;
    }

    private static boolean names(AioRequest r, Object target) {
        return r.socket == target || r.file == target || r.sourceFile == target;
    }

    /** A file is closing: its requests are asked to stop; their completions arrive as usual. */
    void cancelQuietly(AioFile f) {
        for (int h = 0; h < byHandle.length; h++) {
            AioRequest r = byHandle[h];
            if (r != null && names(r, f)) {
                r.cancelRequested = true;
                backend.cancel(SlotTable.INTERNAL, ud(h));
            }
        }
        host.submitNow();
    }

    // ================================================================ waiting (lio_listio WAIT, aio_suspend)

    /** One round of the channel's pump, waiting at most {@code timeoutNanos} for a completion. */
    void waitOnce(long timeoutNanos) {
        host.waitForCompletions(timeoutNanos);
    }

    void submitNow() {
        host.submitNow();
    }

    // ================================================================ pools (dma_assoc for control blocks)

    private PoolAssociation association(ReceivePool pool) {
        for (int i = 0; i < pools.length; i++) {
            if (pools[i] == pool) {
                return associations[i];
            }
        }
        PoolAssociation a = DmaSpi.associateConcurrent(pool, new PoolWatch(pool));
        pools = Arrays.copyOf(pools, pools.length + 1);
        associations = Arrays.copyOf(associations, associations.length + 1);
        pools[pools.length - 1] = pool;
        associations[associations.length - 1] = a;
        return a;
    }

    /** The engine's association with one pool, as the pool calls it back. */
    private final class PoolWatch implements PoolReceiver {
        private final ReceivePool pool;

        PoolWatch(ReceivePool pool) {
            this.pool = pool;
        }

        /** A control block that found the pool empty completed with {@code -ENOBUFS}: nothing to resume. */
        @Override
        public void refilled() {
        }

        /** The pool is closing: its receives in flight are cancelled (their last completions still come back). */
        @Override
        public void poolClosing() {
            for (int h = 0; h < byHandle.length; h++) {
                AioRequest r = byHandle[h];
                if (r != null && r.pool == pool && !r.cancelRequested) {
                    r.cancelRequested = true;
                    backend.cancel(SlotTable.INTERNAL, ud(h));
                }
            }
        }
    }

    @Override
    public String toString() {
        return "AioEngine[" + channel + "]";
    }
}
