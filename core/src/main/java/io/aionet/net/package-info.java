/**
 * Network AIO: Drepper's asynchronous socket calls ({@code sio_send}, {@code sio_recv} with
 * kernel-chosen buffers, completion to an event channel — {@code SIGEV_EC}) and Polyakov's
 * {@code aio_send} / {@code aio_recv} / {@code aio_sendfile}, over TCP (IPv4, IPv6), UDP and Unix-domain
 * sockets: {@link io.aionet.net.AsyncSocket}, {@link io.aionet.net.AsyncServerSocket},
 * {@link io.aionet.net.AsyncDatagramSocket}.
 *
 * <p>Every operation completes as an {@link io.aionet.event.Event} of kind
 * {@link io.aionet.event.EventKind#COMPLETION} on the socket's {@link io.aionet.event.EventChannel},
 * carrying the caller's tag; its result is the byte count, 0 at end of stream, or {@code -errno}. A
 * socket's sends — plain, gathering, zero-copy, file — leave in the order of the calls; short sends are
 * completed by the library. Received buffers from a {@link io.aionet.dma.ReceivePool} belong to the
 * program until it releases them (Drepper's ownership rule).
 *
 * <p><b>Exceptions</b> follow the rule of {@code io.aionet.event}: setup refused by the kernel (socket,
 * bind, listen) is the checked {@link io.aionet.LinuxException}; a failed operation is a {@code -errno}
 * result, not an exception; a bad argument an {@link IllegalArgumentException} (or
 * {@link IndexOutOfBoundsException} for a range outside its memory; a null a
 * {@link NullPointerException} naming the parameter); a call off the channel's owner thread a
 * {@link WrongThreadException}; a call on a closed socket an {@link IllegalStateException}; a facility
 * the backend lacks an {@link UnsupportedOperationException} naming the backend.
 */
package io.aionet.net;
