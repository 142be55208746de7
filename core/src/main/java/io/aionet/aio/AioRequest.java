package io.aionet.aio;

import io.aionet.dma.Buffer;
import io.aionet.dma.ReceivePool;
import io.aionet.event.EventChannel;
import io.aionet.net.AsyncDatagramSocket;
import io.aionet.net.AsyncSocket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A reusable asynchronous I/O control block: POSIX's {@code struct aiocb} as Drepper's proposal extends it
 * to the network — the descriptor ({@link #socket(AsyncSocket)}, {@link #file(AioFile)},
 * {@link #descriptor(EventChannel, int)}), the operation and its memory (a buffer, a kernel-chosen buffer
 * from a {@link ReceivePool}, or the {@code msghdr}-like vector of {@link #sendMsg(MemorySegment...)}), the
 * file offset, flags, and the {@code sigevent}: {@link #notify(EventChannel, long)} is {@code SIGEV_EC} (the
 * completion is delivered to an event channel as an event with the tag), {@link #notifyNone()} is
 * {@code SIGEV_NONE} (the program asks {@link Aio#error(AioRequest)}).
 *
 * <p>It is submitted with {@link Aio#submit(AioRequest)} ({@code aio_send}, {@code aio_read}, … — the
 * operation says which) or in a list with {@link Aio#listio(int, AioRequest...)}, and while it is in flight
 * it belongs to the kernel: submitting it again, or changing it, throws {@link IllegalStateException}. Once
 * it completed it can be changed and submitted again; reusing one block allocates nothing. The memory it
 * names must stay valid until it completes.
 *
 * <p>Setters check only what they are given (a {@code null} is a {@link NullPointerException} naming the
 * parameter); whether the whole block makes sense — a target that is open and fits the operation, a range
 * inside its memory — is checked when it is submitted: {@code submit} throws, and a list fails that entry
 * alone ({@link Aio#error} gives {@code EINVAL} or {@code EBADF}). All methods run on the owner thread of the
 * channel the block is submitted on; the block itself may be made on any thread.
 *
 * {@snippet :
 * AioRequest cb = new AioRequest()
 *         .socket(socket)
 *         .send(message, 0, (int) message.byteSize())   // aio_send
 *         .notify(channel, SENT);                       // SIGEV_EC: an event tagged SENT on channel
 * Aio.submit(cb);
 * // later, on the SENT event: Aio.error(cb) == 0, Aio.returnValue(cb) == bytes sent; cb may be reused
 * }
 */
public final class AioRequest {
    /** {@code MSG_PEEK}: a receive leaves the bytes in the socket. */
    public static final int PEEK = 0x2;
    /** {@code MSG_WAITALL}: a stream receive completes only with the whole length (or at the end, or an error). */
    public static final int WAITALL = 0x100;
    /** {@code MSG_MORE}: more data follows; a TCP send may wait for it to fill a segment. */
    public static final int MORE = 0x8000;
    /** {@code MSG_OOB}: TCP urgent data. */
    public static final int OOB = 0x1;
    private static final int KNOWN_FLAGS = PEEK | WAITALL | MORE | OOB;

    static final int IDLE = 0;
    /** Accepted in a list, waiting for the entry before it in its chain. */
    static final int QUEUED = 1;
    static final int IN_FLIGHT = 2;
    static final int DONE = 3;

    // ---------------------------------------------------------------- the block
    AioOp op;
    /** An {@code AsyncSocket} or {@code AsyncDatagramSocket}, or null. */
    Object socket;
    AioFile file;
    EventChannel descriptorChannel;
    int descriptor = -1;

    MemorySegment buffer;
    long bufferOffset;
    int bufferLength;
    ReceivePool pool;
    MemorySegment[] parts;
    SocketAddress to;
    AioFile sourceFile;
    int sourceDescriptor = -1;
    long fileOffset;
    long fileLength;
    int flags;
    boolean link;

    EventChannel notifyChannel;
    long tag;

    // ---------------------------------------------------------------- state (owner thread of the engine)
    int state = IDLE;
    long result;
    boolean returned;
    Buffer received;
    int nameLength;
    int resultFlags;
    /** Bytes a file send moved so far. */
    long transferred;

    // engine bookkeeping
    AioEngine engine;
    int handle = -1;
    AioRequest chainNext;
    AioRequest chainPrev;
    /** The last entry of its run of kernel-linked entries (a software link follows, or the chain ends). */
    boolean segmentEnd = true;
    boolean cancelRequested;
    /** The file whose in-flight count this request holds (target or file-send source). */
    AioFile countedFile;
    AioFile countedSource;

    /** The destination whose bytes are at {@link AioEngine#NAME} of {@link #mem}, and the socket it was checked for. */
    SocketAddress encodedTo;
    Object encodedFor;

    /** msghdr @0, sockaddr @64 (128 B), iovecs @192; made on first use, grown for more parts. */
    MemorySegment mem;
    int iovRoom;

    /** An empty control block: set a target, an operation and (optionally) a notification, then submit it. */
    public AioRequest() {
    }

    // ================================================================ aio_fildes

    /**
     * The target is a stream socket; the request completes on its channel.
     *
     * @param socket the socket
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest socket(AsyncSocket socket) {
        Objects.requireNonNull(socket, "socket");
        return target(socket, null, null, -1);
    }

    /**
     * The target is a datagram socket (UDP or Unix); the request completes on its channel.
     *
     * @param socket the socket
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest socket(AsyncDatagramSocket socket) {
        Objects.requireNonNull(socket, "socket");
        return target(socket, null, null, -1);
    }

    /**
     * The target is a file opened with {@link AioFile#open}; the request completes on its channel.
     *
     * @param file the file
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest file(AioFile file) {
        Objects.requireNonNull(file, "file");
        return target(null, file, null, -1);
    }

    /**
     * The target is a descriptor the program owns (and keeps open until the request completes), the
     * request running on {@code channel}.
     *
     * @param channel the channel the request runs and completes on
     * @param fd      the descriptor
     * @return this block
     * @throws IllegalArgumentException when {@code fd} is negative
     * @throws IllegalStateException    while the block is in flight
     */
    public AioRequest descriptor(EventChannel channel, int fd) {
        Objects.requireNonNull(channel, "channel");
        if (fd < 0) {
            throw new IllegalArgumentException("a descriptor is not negative: " + fd);
        }
        return target(null, null, channel, fd);
    }

    private AioRequest target(Object socket, AioFile file, EventChannel channel, int fd) {
        checkIdle();
        this.socket = socket;
        this.file = file;
        this.descriptorChannel = channel;
        this.descriptor = fd;
        return this;
    }

    // ================================================================ operations (aio_lio_opcode + aio_buf)

    /**
     * Drepper's {@code aio_send}: sends {@code length} bytes of {@code data} at {@code offset}, all of them
     * on a stream socket (the library finishes a short send); the result is the byte count. It is no entry of
     * the socket's own send queue: order it against other sends on the stream with a chain
     * ({@link #link(boolean)}) or by waiting for their completions.
     *
     * @param data   native memory, valid and unchanged until the completion
     * @param offset where the bytes start
     * @param length how many
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest send(MemorySegment data, long offset, int length) {
        Objects.requireNonNull(data, "data");
        return memory(AioOp.SEND, data, offset, length);
    }

    /**
     * Drepper's {@code aio_recv} into caller memory: at most {@code length} bytes into {@code into} at
     * {@code offset}; the result is the byte count, 0 at the end of the stream.
     *
     * @param into   native memory, valid until the completion
     * @param offset where the bytes go
     * @param length the most to receive
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest recv(MemorySegment into, long offset, int length) {
        Objects.requireNonNull(into, "into");
        return memory(AioOp.RECV, into, offset, length);
    }

    /**
     * Drepper's {@code aio_recv} with {@code void **buf}: the kernel picks the buffer from {@code pool}
     * (which must belong to the request's channel); after the completion {@link #buffer()} is the
     * {@link Buffer} the program owns until it releases it. The result is the byte count, 0 at the end of
     * the stream, {@code -ENOBUFS} when the pool had no free buffer (the bytes wait in the socket).
     *
     * @param pool the pool
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest recv(ReceivePool pool) {
        Objects.requireNonNull(pool, "pool");
        operation(AioOp.RECV);
        this.pool = pool;
        return this;
    }

    /**
     * Drepper's {@code aio_sendto}: one datagram of {@code length} bytes of {@code data} at {@code offset} to
     * {@code to}.
     *
     * @param data   native memory, valid and unchanged until the completion
     * @param offset where the datagram starts
     * @param length its length
     * @param to     the destination (for a UDP socket an {@code InetSocketAddress}, for a Unix one a
     *               {@code UnixDomainSocketAddress})
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest sendTo(MemorySegment data, long offset, int length, SocketAddress to) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(to, "to");
        memory(AioOp.SENDTO, data, offset, length);
        this.to = to;
        return this;
    }

    /**
     * Drepper's {@code aio_recvfrom}: one datagram into {@code into} at {@code offset} (at most
     * {@code length} bytes; {@link #resultFlags()} has {@code MSG_TRUNC} when it was longer), and its sender
     * ({@link #sender()}).
     *
     * @param into   native memory, valid until the completion
     * @param offset where the datagram goes
     * @param length the most to receive
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest recvFrom(MemorySegment into, long offset, int length) {
        Objects.requireNonNull(into, "into");
        return memory(AioOp.RECVFROM, into, offset, length);
    }

    /**
     * Drepper's {@code aio_sendmsg}: a gathering send of every byte of {@code parts}, in order (at most
     * 1,024 parts; the array is read when the block is submitted). With {@link #to(SocketAddress)} a
     * datagram goes to that address.
     *
     * @param parts native memory, each valid and unchanged until the completion
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest sendMsg(MemorySegment... parts) {
        Objects.requireNonNull(parts, "parts");
        return vector(AioOp.SENDMSG, parts);
    }

    /**
     * Drepper's {@code aio_recvmsg}: a scattering receive into {@code parts}, in order; the sender of a
     * datagram is {@link #sender()} afterwards.
     *
     * @param parts native memory, each valid until the completion
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest recvMsg(MemorySegment... parts) {
        Objects.requireNonNull(parts, "parts");
        return vector(AioOp.RECVMSG, parts);
    }

    /**
     * The destination of a {@link #sendMsg(MemorySegment...)} ({@code msg_name}); {@link #sendTo} sets its own.
     *
     * @param to the destination
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest to(SocketAddress to) {
        Objects.requireNonNull(to, "to");
        checkIdle();
        this.to = to;
        return this;
    }

    /**
     * POSIX {@code aio_read}: at most {@code length} bytes of the file at {@code fileOffset} ({@code aio_offset};
     * -1: at the file position, which moves) into {@code into} at {@code offset}. The result is the byte
     * count, fewer near the end of the file, 0 at it.
     *
     * @param into       native memory, valid until the completion
     * @param offset     where the bytes go
     * @param length     the most to read
     * @param fileOffset where to read in the file, or -1
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest read(MemorySegment into, long offset, int length, long fileOffset) {
        Objects.requireNonNull(into, "into");
        memory(AioOp.READ, into, offset, length);
        this.fileOffset = fileOffset;
        return this;
    }

    /**
     * POSIX {@code aio_write}: {@code length} bytes of {@code data} at {@code offset} to the file at
     * {@code fileOffset} (-1: at the file position). The result is the byte count.
     *
     * @param data       native memory, valid and unchanged until the completion
     * @param offset     where the bytes start
     * @param length     how many
     * @param fileOffset where to write in the file, or -1
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest write(MemorySegment data, long offset, int length, long fileOffset) {
        Objects.requireNonNull(data, "data");
        memory(AioOp.WRITE, data, offset, length);
        this.fileOffset = fileOffset;
        return this;
    }

    /**
     * POSIX {@code aio_fsync(O_SYNC)} of the target file; with {@code dataOnly}, {@code aio_fsync(O_DSYNC)}.
     *
     * @param dataOnly true for {@code fdatasync(2)}'s guarantee, false for {@code fsync(2)}'s
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest fsync(boolean dataOnly) {
        return operation(dataOnly ? AioOp.FDATASYNC : AioOp.FSYNC);
    }

    /**
     * Polyakov's {@code aio_sendfile}: {@code length} bytes of {@code source} from {@code fileOffset} to the
     * target stream socket, the kernel reading the page cache (io_uring: readahead, then splices through a
     * pipe; epoll: {@code sendfile(2)}). The result is the bytes sent — fewer when the file ends first.
     *
     * @param source     the file
     * @param fileOffset where the range starts
     * @param length     its length
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest sendFile(AioFile source, long fileOffset, long length) {
        Objects.requireNonNull(source, "source");
        operation(AioOp.SENDFILE);
        this.sourceFile = source;
        this.sourceDescriptor = -1;
        this.fileOffset = fileOffset;
        this.fileLength = length;
        return this;
    }

    /**
     * {@link #sendFile(AioFile, long, long)} from a descriptor the program owns and keeps open until the
     * completion (e.g. a file it opened itself).
     *
     * @param sourceFd   the file's descriptor
     * @param fileOffset where the range starts
     * @param length     its length
     * @return this block
     * @throws IllegalArgumentException when {@code sourceFd} is negative
     * @throws IllegalStateException    while the block is in flight
     */
    public AioRequest sendFile(int sourceFd, long fileOffset, long length) {
        if (sourceFd < 0) {
            throw new IllegalArgumentException("a descriptor is not negative: " + sourceFd);
        }
        operation(AioOp.SENDFILE);
        this.sourceFile = null;
        this.sourceDescriptor = sourceFd;
        this.fileOffset = fileOffset;
        this.fileLength = length;
        return this;
    }

    /**
     * {@code LIO_NOP}: the entry is skipped by {@link Aio#listio}.
     *
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest nop() {
        return operation(AioOp.NOP);
    }

    private AioRequest memory(AioOp op, MemorySegment m, long offset, int length) {
        operation(op);
        this.buffer = m;
        this.bufferOffset = offset;
        this.bufferLength = length;
        return this;
    }

    private AioRequest vector(AioOp op, MemorySegment[] parts) {
        operation(op);
        this.parts = parts;
        return this;
    }

    private AioRequest operation(AioOp op) {
        checkIdle();
        this.op = op;
        this.buffer = null;
        this.pool = null;
        this.parts = null;
        this.to = null;
        this.sourceFile = null;
        this.sourceDescriptor = -1;
        this.fileOffset = 0;
        this.fileLength = 0;
        return this;
    }

    /**
     * {@code MSG_*} flags of a send or receive: {@link #PEEK}, {@link #WAITALL}, {@link #MORE},
     * {@link #OOB}.
     *
     * @param msgFlags the flags, or 0
     * @return this block
     * @throws IllegalArgumentException for other bits
     * @throws IllegalStateException    while the block is in flight
     */
    public AioRequest flags(int msgFlags) {
        checkIdle();
        if ((msgFlags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown flags 0x" + Integer.toHexString(msgFlags & ~KNOWN_FLAGS)
                    + " (PEEK, WAITALL, MORE, OOB)");
        }
        this.flags = msgFlags;
        return this;
    }

    /**
     * In a {@link Aio#listio list}: links this entry to the next one ({@code IOSQE_IO_LINK}), which starts only
     * after this one completed in full — for a read, write, send or file send every byte asked for; otherwise
     * the rest of the chain completes with {@code -ECANCELED}. "Send the head, then the file, then the
     * trailer" is a chain of three. Ignored by {@link Aio#submit}.
     *
     * @param linked true to link to the next entry
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest link(boolean linked) {
        checkIdle();
        this.link = linked;
        return this;
    }

    // ================================================================ aio_sigevent

    /**
     * {@code SIGEV_EC}: the completion is delivered to {@code channel} as an event tagged {@code tag}. On the
     * request's own channel it is a {@code COMPLETION} event whose result is the request's and whose
     * attachment is this block; on another channel (of the same backend) a {@code USER} event carrying the
     * result.
     *
     * @param channel the channel to notify
     * @param tag     the event's tag
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest notify(EventChannel channel, long tag) {
        Objects.requireNonNull(channel, "channel");
        checkIdle();
        this.notifyChannel = channel;
        this.tag = tag;
        return this;
    }

    /**
     * {@code SIGEV_NONE}: no event; the program asks {@link Aio#error} or waits with {@link Aio#suspend}.
     *
     * @return this block
     * @throws IllegalStateException while the block is in flight
     */
    public AioRequest notifyNone() {
        checkIdle();
        this.notifyChannel = null;
        this.tag = 0;
        return this;
    }

    // ================================================================ what it is, what came of it

    /** {@return the operation, or null before one was set} */
    public AioOp operation() {
        return op;
    }

    /** {@return the notification's tag (0 with {@link #notifyNone()})} */
    public long tag() {
        return tag;
    }

    /** {@return true from the submit until the completion} */
    public boolean inProgress() {
        return state == QUEUED || state == IN_FLIGHT;
    }

    /**
     * {@return after a receive from a pool: the buffer the kernel filled, the program's until it releases it;
     * otherwise null}
     */
    public Buffer buffer() {
        return state == DONE ? received : null;
    }

    /** {@return after a receive: the {@code MSG_*} flags the kernel reported ({@code MSG_TRUNC} when a datagram was cut)} */
    public int resultFlags() {
        return state == DONE ? resultFlags : 0;
    }

    /** {@return the bytes moved so far: the result of a completed transfer, or what a file send moved before an error} */
    public long transferred() {
        return transferred;
    }

    /**
     * {@return after {@link #recvFrom} or {@link #recvMsg} on a datagram socket: the sender, as a new
     * {@link SocketAddress}; null when there was none (or it is not done)}
     */
    public SocketAddress sender() {
        if (state != DONE || nameLength <= 0 || mem == null) {
            return null;
        }
        return io.aionet.net.spi.NetSpi.bridge().decode(mem.asSlice(AioEngine.NAME, AioEngine.NAME_ROOM), nameLength);
    }

    // ================================================================ internals

    void checkIdle() {
        if (state == QUEUED || state == IN_FLIGHT) {
            throw new IllegalStateException("the control block is still in flight (aio_error is EINPROGRESS): "
                    + "wait for its completion before changing or submitting it again: " + this);
        }
    }

    /** The engine the block last ran on. */
    AioEngine engine() {
        return engine;
    }

    /** The channel the request runs on, from its target; null without one. */
    EventChannel channel() {
        if (socket != null) {
            return io.aionet.net.spi.NetSpi.bridge().channel(socket);
        }
        if (file != null) {
            return file.channel();
        }
        return descriptorChannel;
    }

    /** Native memory for the {@code msghdr}, the address and {@code n} iovecs; made or grown only when needed. */
    MemorySegment memory(int n) {
        if (mem == null || iovRoom < n) {
            iovRoom = Math.max(n, 1);
            mem = Arena.ofAuto().allocate(AioEngine.IOV + 16L * iovRoom, 8);
        }
        return mem;
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case QUEUED, IN_FLIGHT -> "in flight";
            case DONE -> "done, result " + result;
            default -> "idle";
        };
        return "AioRequest[" + op + ", " + s + (notifyChannel != null ? ", tag " + tag : "") + "]";
    }
}
