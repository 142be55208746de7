/**
 * Drepper's POSIX asynchronous I/O for sockets: the request interface of the seeds (his OLS 2006 paper and
 * slides, "extend the POSIX asynchronous I/O interfaces: add msghdr pointer to aiocb, extend sigevent, add
 * event channel descriptor, define SIGEV_EC"), with Polyakov's {@code aio_sendfile}, on aionet's event
 * channels.
 *
 * <ul>
 *   <li>{@link io.aionet.aio.AioRequest} — the reusable, allocation-free control block ({@code struct aiocb}):
 *       target, operation ({@link io.aionet.aio.AioOp}), buffer or {@code msghdr}-like vector, offset, flags,
 *       and the {@code sigevent} — {@code SIGEV_EC} (an event channel and a tag) or {@code SIGEV_NONE};</li>
 *   <li>{@link io.aionet.aio.Aio} — the calls: {@code aio_send}, {@code aio_recv}, {@code aio_sendto},
 *       {@code aio_recvfrom}, {@code aio_sendmsg}, {@code aio_recvmsg}, {@code aio_read}, {@code aio_write},
 *       {@code aio_fsync} and {@code aio_sendfile} ({@link io.aionet.aio.Aio#submit}), {@code lio_listio}
 *       with {@code LIO_WAIT}/{@code LIO_NOWAIT}, per-entry errors and {@code IOSQE_IO_LINK} chains,
 *       {@code aio_error}, {@code aio_return}, {@code aio_cancel} ({@code AIO_CANCELED},
 *       {@code AIO_NOTCANCELED}, {@code AIO_ALLDONE}) and {@code aio_suspend};</li>
 *   <li>{@link io.aionet.aio.AioFile} — a file as a request's descriptor or a file send's source.</li>
 * </ul>
 *
 * <p>On io_uring each request is one submission entry and a list is handed to the kernel with one system
 * call, linked runs as {@code IOSQE_IO_LINK} chains; on epoll the same requests are system calls made when
 * their descriptor is ready, and chains are ordered by the library. {@code docs/seeds.md} maps each call of
 * the seeds to its type and method.
 *
 * <p>Exceptions (the rule of the library): a failed request is no exception — its completion carries the
 * error ({@link io.aionet.aio.Aio#error}); a control block submitted while in flight, or naming a closed
 * socket or file, is an {@link java.lang.IllegalStateException}; an incomplete or inconsistent block an
 * {@link java.lang.IllegalArgumentException} ({@code submit}) or a failed entry ({@code lio_listio}); a
 * {@code null} a {@link java.lang.NullPointerException} naming the parameter; a call off the owner thread
 * of the block's channel a {@link java.lang.WrongThreadException}.
 */
package io.aionet.aio;
