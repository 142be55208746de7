package io.aionet.aio;

import io.aionet.Errno;
import io.aionet.event.EventChannel;
import io.aionet.net.AsyncDatagramSocket;
import io.aionet.net.AsyncSocket;

import java.util.Objects;

/**
 * The calls of POSIX asynchronous I/O on {@link AioRequest} control blocks, as Drepper's proposal extends
 * them to sockets: {@link #submit} is {@code aio_read}, {@code aio_write}, {@code aio_fsync},
 * {@code aio_send}, {@code aio_recv}, {@code aio_sendto}, {@code aio_recvfrom}, {@code aio_sendmsg},
 * {@code aio_recvmsg} and Polyakov's {@code aio_sendfile} (the block's operation says which);
 * {@link #listio} is {@code lio_listio}; {@link #error}, {@link #returnValue}, {@link #cancel} and
 * {@link #suspend} are {@code aio_error}, {@code aio_return}, {@code aio_cancel} and {@code aio_suspend},
 * with POSIX's meanings.
 *
 * <p>Each block runs on the event channel of its target and completes there; with {@code SIGEV_EC}
 * ({@link AioRequest#notify(EventChannel, long)}) its completion is an event. Every call runs on the owner
 * thread of the blocks' channel ({@link WrongThreadException} elsewhere). The waiting calls
 * ({@code lio_listio(LIO_WAIT)}, {@code aio_suspend}, {@code aio_cancel}) pump that channel while they wait:
 * other events that arrive meanwhile stay queued for {@link EventChannel#next}; they cannot be called from
 * inside the pump.
 *
 * {@snippet :
 * // "send the head, then the file, then the trailer": one ordered chain, one system call
 * AioRequest head = new AioRequest().socket(socket).send(header, 0, headerLength).link(true);
 * AioRequest body = new AioRequest().socket(socket).sendFile(file, 0, fileLength).link(true);
 * AioRequest tail = new AioRequest().socket(socket).send(trailer, 0, trailerLength).notify(channel, SENT);
 * int failed = Aio.listio(Aio.LIO_WAIT, head, body, tail);   // 0: all three completed in full
 * }
 */
public final class Aio {
    private Aio() {}

    /** {@code lio_listio} mode: return once every entry of the list has completed. */
    public static final int LIO_WAIT = 0;
    /** {@code lio_listio} mode: return once the list is submitted; each entry notifies as it completes. */
    public static final int LIO_NOWAIT = 1;

    /** {@link #cancel} result: the request was stopped; it completed with {@code ECANCELED}. */
    public static final int AIO_CANCELED = 0;
    /** {@link #cancel} result: the request runs and could not be stopped; it completes as usual. */
    public static final int AIO_NOTCANCELED = 1;
    /** {@link #cancel} result: nothing to stop — the request had completed (or was never submitted). */
    public static final int AIO_ALLDONE = 2;

    /** {@link #error} while the request is in flight: {@code EINPROGRESS} (115). */
    public static final int EINPROGRESS = 115;

    // ================================================================ aio_read, aio_write, aio_send, ...

    /**
     * Submits one control block ({@code aio_send}, {@code aio_recv}, {@code aio_read}, … — the block's
     * operation says which) and returns at once; the request is handed to the kernel with the channel's next
     * system call. Its link flag is ignored.
     *
     * @param request the control block
     * @throws IllegalStateException    while it is in flight already, or its target is closed
     * @throws IllegalArgumentException when the block is incomplete or inconsistent (the message says how);
     *                                  an {@code LIO_NOP} block
     * @throws WrongThreadException     off the owner thread of the target's channel
     */
    public static void submit(AioRequest request) {
        Objects.requireNonNull(request, "request");
        request.checkIdle();
        EventChannel ch = request.channel();
        if (ch == null) {
            throw new IllegalStateException("the control block has no target: socket(), file() or descriptor()");
        }
        AioEngine e = engine(ch);
        if (request.op == AioOp.NOP) {
            throw new IllegalArgumentException("LIO_NOP is an entry of a list, not a request to submit");
        }
        int v = e.validate(request);
        if (v == -Errno.EBADF) {
            throw new IllegalStateException(e.problem);
        }
        if (v < 0) {
            throw new IllegalArgumentException(e.problem);
        }
        e.start(request);
    }

    // ================================================================ lio_listio

    /**
     * POSIX {@code lio_listio}: submits every entry of {@code list} with one system call. With
     * {@link #LIO_WAIT} it returns once all of them have completed; with {@link #LIO_NOWAIT} at once, each
     * entry notifying as it completes. {@code null} entries and {@code LIO_NOP} entries are skipped.
     *
     * <p>An entry that cannot be submitted (no target, a closed socket, a range outside its memory, an
     * operation its target cannot do) fails alone: it completes at once with {@code EINVAL} or
     * {@code EBADF} (its notification included) and the other entries run. Entries {@linkplain
     * AioRequest#link(boolean) linked} form a chain that runs in order, each entry starting only once the one
     * before completed in full; a chain with an entry that cannot be submitted does not start (that entry
     * fails with its error, the others with {@code ECANCELED}), and one whose entry fails or falls short while
     * it runs cancels the rest. Runs of linked entries on one target are one {@code IOSQE_IO_LINK} chain in
     * the kernel where the backend has links; elsewhere the library starts each entry when the one before
     * completed.
     *
     * @param mode {@link #LIO_WAIT} or {@link #LIO_NOWAIT}
     * @param list the control blocks, all on channels of the calling thread and chains on one channel
     * @return how many entries failed (POSIX's {@code EIO} when more than 0): with {@code LIO_NOWAIT} those
     *         that could not be submitted, with {@code LIO_WAIT} those whose result is an error; each one's
     *         {@link #error} says why
     * @throws IllegalArgumentException for an unknown mode, or a block listed twice
     * @throws IllegalStateException    when an entry is still in flight (nothing is submitted then)
     * @throws WrongThreadException     when an entry's channel belongs to another thread (nothing is submitted)
     */
    public static int listio(int mode, AioRequest... list) {
        Objects.requireNonNull(list, "list");
        if (mode != LIO_WAIT && mode != LIO_NOWAIT) {
            throw new IllegalArgumentException("lio_listio mode is LIO_WAIT or LIO_NOWAIT: " + mode);
        }
        // nothing is submitted before the whole list is known to be submittable as a list
        for (int i = 0; i < list.length; i++) {
            AioRequest r = list[i];
            if (r == null) {
                continue;
            }
            r.checkIdle();
            for (int j = 0; j < i; j++) {
                if (list[j] == r) {
                    throw new IllegalArgumentException("entry " + i + " is entry " + j + " again: " + r);
                }
            }
            EventChannel ch = r.channel();
            if (ch != null) {
                io.aionet.internal.Owner.check(ch.owner(), ch);
            }
        }
        AioEngine first = null;
        int start = 0;
        while (start < list.length) {
            // one chain: entries joined by link(true), NOPs and nulls skipped
            int end = start;
            while (end < list.length && (skipped(list[end]) || list[end].link) && hasLaterEntry(list, end)) {
                end++;
            }
            AioEngine e = chain(list, start, end);
            if (e != null && first == null) {
                first = e;
            } else if (e != null && e != first) {
                e.submitNow(); // a second channel: its part of the list goes with a system call of its own
            }
            start = end + 1;
        }
        if (first != null) {
            first.submitNow(); // the list in one system call
        }
        int failed = 0;
        for (AioRequest r : list) {
            if (r != null && r.op != AioOp.NOP && r.state == AioRequest.DONE && r.result < 0) {
                failed++; // refused: nothing completes inside listio but what could not be submitted
            }
        }
        if (mode == LIO_NOWAIT) {
            return failed;
        }
        for (AioRequest r : list) {
            if (r == null || r.op == AioOp.NOP) {
                continue;
            }
            while (r.inProgress()) {
                r.engine().waitOnce(1_000_000_000L);
            }
        }
        int errors = 0;
        for (AioRequest r : list) {
            if (r != null && r.op != AioOp.NOP && r.state == AioRequest.DONE && r.result < 0) {
                errors++;
            }
        }
        return errors;
    }

    private static boolean skipped(AioRequest r) {
        return r == null || r.op == AioOp.NOP;
    }

    /** True when an entry that is not skipped follows {@code i} (a link from the list's last entry goes nowhere). */
    private static boolean hasLaterEntry(AioRequest[] list, int i) {
        for (int j = i + 1; j < list.length; j++) {
            if (!skipped(list[j])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Queues the chain {@code list[from..to]} and starts it; returns the engine it runs on, or null when it
     * could not start (its entries then completed at once with their errors).
     */
    private static AioEngine chain(AioRequest[] list, int from, int to) {
        AioRequest first = null;
        AioRequest prev = null;
        AioEngine engine = null;
        AioRequest culprit = null;
        int culpritError = 0;
        for (int i = from; i <= to && i < list.length; i++) {
            AioRequest r = list[i];
            if (skipped(r)) {
                continue;
            }
            EventChannel ch = r.channel();
            int v;
            if (ch == null || ch.isClosed()) {
                v = -Errno.EBADF;
            } else if (engine != null && AioEngine.of(ch) != engine) {
                v = -Errno.EINVAL; // a chain runs on one channel
            } else {
                engine = AioEngine.of(ch);
                v = engine.validate(r);
            }
            if (v < 0 && culprit == null) {
                culprit = r;
                culpritError = v;
            }
            if (first == null) {
                first = r;
            } else {
                prev.chainNext = r;
                r.chainPrev = prev;
            }
            prev = r;
        }
        if (first == null) {
            return null;
        }
        if (culprit != null) {
            if (engine == null) {
                // not one entry of the chain has an open channel: they fail without one
                for (AioRequest e = first; e != null; ) {
                    AioRequest next = e.chainNext;
                    e.chainNext = null;
                    e.chainPrev = null;
                    e.state = AioRequest.DONE;
                    e.result = e == culprit ? culpritError : -Errno.ECANCELED;
                    e = next;
                }
                return null;
            }
            for (AioRequest e = first; e != null; e = e.chainNext) {
                engine.queue(e);
            }
            engine.failChain(first, culprit, culpritError);
            return null;
        }
        // the runs the kernel links: consecutive entries on one target, each linkable, at most MAX_KERNEL_RUN
        int run = 1;
        for (AioRequest e = first; e != null; e = e.chainNext) {
            engine.queue(e);
            AioRequest next = e.chainNext;
            boolean joined = next != null && engine.kernelLinks && run < AioEngine.MAX_KERNEL_RUN
                    && kernelLinkable(e) && kernelLinkable(next) && sameTarget(e, next);
            e.segmentEnd = !joined;
            run = joined ? run + 1 : 1;
        }
        engine.startRun(first);
        return engine;
    }

    private static boolean kernelLinkable(AioRequest r) {
        return r.op != AioOp.SENDFILE;
    }

    private static boolean sameTarget(AioRequest a, AioRequest b) {
        return a.socket == b.socket && a.file == b.file && a.descriptorChannel == b.descriptorChannel
                && a.descriptor == b.descriptor;
    }

    // ================================================================ aio_error, aio_return

    /**
     * POSIX {@code aio_error}: {@link #EINPROGRESS} while the request is in flight, 0 when it completed
     * successfully, else its positive errno ({@code ECANCELED} when it was cancelled).
     *
     * @param request the control block
     * @return {@link #EINPROGRESS}, 0, or an errno
     * @throws IllegalStateException when the block was never submitted
     */
    public static int error(AioRequest request) {
        Objects.requireNonNull(request, "request");
        return switch (request.state) {
            case AioRequest.QUEUED, AioRequest.IN_FLIGHT -> EINPROGRESS;
            case AioRequest.DONE -> request.result < 0 ? (int) -request.result : 0;
            default -> throw new IllegalStateException("the control block was never submitted: " + request);
        };
    }

    /**
     * POSIX {@code aio_return}: the result of a completed request — the bytes moved (0 at the end of a
     * stream or file), or {@code -errno} where POSIX returns -1 and sets {@code errno}. Once per completion:
     * the block is the program's again afterwards.
     *
     * @param request the control block
     * @return the result
     * @throws IllegalStateException while it is in flight, when it was never submitted, or when its result
     *                               was taken already
     */
    public static long returnValue(AioRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.state != AioRequest.DONE) {
            throw new IllegalStateException(request.inProgress()
                    ? "the request is still in flight (aio_error is EINPROGRESS): " + request
                    : "the control block was never submitted: " + request);
        }
        if (request.returned) {
            throw new IllegalStateException("aio_return was called already for this completion: " + request);
        }
        request.returned = true;
        return request.result;
    }

    // ================================================================ aio_cancel

    /**
     * POSIX {@code aio_cancel} of one request: {@link #AIO_CANCELED} when it was stopped (it has completed with
     * {@code ECANCELED} — its notification included — when this returns), {@link #AIO_NOTCANCELED} when it is
     * running and could not be stopped, {@link #AIO_ALLDONE} when it had completed (or was never submitted).
     * A linked entry the kernel has not started yet is not found there: {@code AIO_NOTCANCELED}; cancel the
     * entry before it.
     *
     * @param request the control block
     * @return {@link #AIO_CANCELED}, {@link #AIO_NOTCANCELED} or {@link #AIO_ALLDONE}
     * @throws WrongThreadException off the owner thread of its channel
     */
    public static int cancel(AioRequest request) {
        Objects.requireNonNull(request, "request");
        if (!request.inProgress()) {
            return AIO_ALLDONE;
        }
        return request.engine().cancel(request);
    }

    /**
     * POSIX {@code aio_cancel(fd, NULL)} for a socket: cancels every request in flight on it.
     *
     * @param socket the socket
     * @return {@link #AIO_CANCELED} when all were stopped, {@link #AIO_NOTCANCELED} when one could not be,
     *         {@link #AIO_ALLDONE} when none was in flight
     * @throws WrongThreadException off the owner thread of its channel
     */
    public static int cancel(AsyncSocket socket) {
        Objects.requireNonNull(socket, "socket");
        return cancelAll(io.aionet.net.spi.NetSpi.bridge().channel(socket), socket);
    }

    /**
     * POSIX {@code aio_cancel(fd, NULL)} for a datagram socket, as {@link #cancel(AsyncSocket)}.
     *
     * @param socket the socket
     * @return {@link #AIO_CANCELED}, {@link #AIO_NOTCANCELED} or {@link #AIO_ALLDONE}
     * @throws WrongThreadException off the owner thread of its channel
     */
    public static int cancel(AsyncDatagramSocket socket) {
        Objects.requireNonNull(socket, "socket");
        return cancelAll(io.aionet.net.spi.NetSpi.bridge().channel(socket), socket);
    }

    /**
     * POSIX {@code aio_cancel(fd, NULL)} for a file: cancels every request in flight on it (file sends from
     * it included), as {@link #cancel(AsyncSocket)}.
     *
     * @param file the file
     * @return {@link #AIO_CANCELED}, {@link #AIO_NOTCANCELED} or {@link #AIO_ALLDONE}
     * @throws WrongThreadException off the owner thread of its channel
     */
    public static int cancel(AioFile file) {
        Objects.requireNonNull(file, "file");
        return cancelAll(file.channel(), file);
    }

    private static int cancelAll(EventChannel channel, Object target) {
        return engine(channel).cancelAll(target);
    }

    // ================================================================ aio_suspend

    /**
     * POSIX {@code aio_suspend}: waits until at least one request of {@code list} has completed, or
     * {@code timeoutNanos} passed. Returns at once when one has completed already. {@code null} entries are
     * skipped. Events of the channel that arrive meanwhile stay queued.
     *
     * @param timeoutNanos the longest wait ({@link Long#MAX_VALUE}: no limit)
     * @param list         control blocks, all on one channel of the calling thread
     * @return true when one has completed; false when the time ran out first (POSIX's {@code EAGAIN})
     * @throws IllegalArgumentException when the timeout is negative, nothing in the list was submitted, or the
     *                                  blocks run on different channels
     * @throws WrongThreadException     off the owner thread of their channel
     */
    public static boolean suspend(long timeoutNanos, AioRequest... list) {
        Objects.requireNonNull(list, "list");
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutNanos);
        }
        AioEngine engine = null;
        for (AioRequest r : list) {
            if (r == null) {
                continue;
            }
            if (r.state == AioRequest.DONE) {
                return true;
            }
            if (r.inProgress()) {
                AioEngine e = r.engine();
                if (engine != null && e != engine) {
                    throw new IllegalArgumentException("aio_suspend waits on one channel: the list spans two");
                }
                engine = e;
            }
        }
        if (engine == null) {
            throw new IllegalArgumentException("nothing in the list was submitted: there is nothing to wait for");
        }
        io.aionet.internal.Owner.check(engine.channel.owner(), engine.channel);
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (true) {
            for (AioRequest r : list) {
                if (r != null && r.state == AioRequest.DONE) {
                    return true;
                }
            }
            long left = deadline == Long.MAX_VALUE ? 1_000_000_000L : deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            engine.waitOnce(Math.min(left, 1_000_000_000L));
        }
    }

    private static AioEngine engine(EventChannel channel) {
        io.aionet.internal.Owner.check(channel.owner(), channel);
        if (channel.isClosed()) {
            throw new IllegalStateException("the event channel is closed");
        }
        return AioEngine.of(channel);
    }
}
