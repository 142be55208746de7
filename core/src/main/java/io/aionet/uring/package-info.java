/**
 * The ring: io_uring in Java, the way liburing is in C — setup, probe, the submission and completion
 * queues, preparing entries, submitting, reaping and registering. The other packages are built on it;
 * programs may use it on its own (see {@link io.aionet.uring.IoUring}).
 *
 * <p>In the seeds' terms this is the kernel side made visible. The completion queue is Drepper's
 * event channel ring — "a ring buffer of uniform event records in memory the program and the kernel
 * share", read without a system call while events are there ({@code ec_next_event}); one
 * {@code io_uring_enter} with {@code GETEVENTS} and a timeout is {@code ec_delay}. Every
 * {@code IORING_OP_*} request is one of Polyakov's asynchronous operations ({@code aio_send},
 * {@code aio_recv}, {@code aio_sendfile} become {@code SEND}/{@code SEND_ZC}, {@code RECV} and
 * {@code SPLICE}), and its completion is delivered to the ring it was submitted on — Drepper's
 * {@code SIGEV_EC}. A {@link io.aionet.uring.BufRing} (a provided buffer ring) is the kernel half of
 * Drepper's kernel-chosen receive buffers ({@code sio_recv} with {@code void **buf}); fixed buffers
 * ({@link io.aionet.uring.IoUring#registerBuffers}) are his DMA-registered memory.
 *
 * <p>Names are the kernel's, verbatim: {@link io.aionet.uring.IoUringConstants} holds the ABI's
 * constants as {@code include/uapi/linux/io_uring.h} spells them, and the {@code prep*} methods of
 * {@link io.aionet.uring.Sqe} are liburing's {@code io_uring_prep_*}.
 *
 * <p>Memory order: the SQ tail is stored with release after the entries are written (paired with the
 * kernel's acquire load of it); the CQ tail is loaded with acquire before completions are read (paired
 * with the kernel's release store) and the CQ head is stored with release after they are consumed.
 *
 * <p>Threads: a ring is driven by one thread. With {@code IORING_SETUP_SINGLE_ISSUER} (see
 * {@link io.aionet.uring.IoUring.Builder#singleThreaded()}) the kernel requires that thread to be the
 * one that created the ring, so such a ring belongs to a platform thread, not a virtual one.
 *
 * <p>Failures: system calls that fail throw {@link io.aionet.LinuxException} naming the call and the
 * errno; completions carry {@code -errno} in {@link io.aionet.uring.Cqe#res} and are not exceptions.
 * Arguments out of range throw {@link IllegalArgumentException}; use after {@code close()} throws
 * {@link IllegalStateException}.
 */
package io.aionet.uring;
