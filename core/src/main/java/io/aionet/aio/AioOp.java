package io.aionet.aio;

/**
 * What an {@link AioRequest} does: the {@code aio_lio_opcode} of POSIX's {@code struct aiocb}, extended to
 * the network as Drepper's proposal extends the calls ({@code aio_send}, {@code aio_recv}, …) and with
 * Polyakov's {@code aio_sendfile}.
 */
public enum AioOp {
    /** {@code LIO_NOP}: an entry of a {@link Aio#listio list} that does nothing and is skipped. */
    NOP,
    /** Drepper's {@code aio_send}: every byte of the buffer to a socket (a short send is finished, as with {@code MSG_WAITALL}). */
    SEND,
    /** Drepper's {@code aio_recv}: bytes into the caller's buffer, or into a buffer the kernel picks from a pool. */
    RECV,
    /** Drepper's {@code aio_sendto}: one datagram to an address. */
    SENDTO,
    /** Drepper's {@code aio_recvfrom}: one datagram and its sender. */
    RECVFROM,
    /** Drepper's {@code aio_sendmsg}: a gathering send of several buffers (the {@code msghdr} of the {@code aiocb}). */
    SENDMSG,
    /** Drepper's {@code aio_recvmsg}: a scattering receive into several buffers, and the sender. */
    RECVMSG,
    /** POSIX {@code aio_read} at the control block's file offset. */
    READ,
    /** POSIX {@code aio_write} at the control block's file offset. */
    WRITE,
    /** POSIX {@code aio_fsync(O_SYNC)}: file data and metadata to stable storage. */
    FSYNC,
    /** POSIX {@code aio_fsync(O_DSYNC)}: file data (and what is needed to read it back) to stable storage. */
    FDATASYNC,
    /** Polyakov's {@code aio_sendfile}: a range of a file to a stream socket, without copying through the program. */
    SENDFILE
}
