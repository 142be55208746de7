/**
 * Standard Java on aionet's event channels — the seed's asynchronous network API (Drepper's
 * {@code sio_*} calls completing to an event channel) offered behind the interfaces Java programs
 * already use, so that his argument ("use asynchronous interfaces") reaches code written against the
 * JDK's own: an NIO.2
 * {@link java.nio.channels.spi.AsynchronousChannelProvider} ({@link io.aionet.nio.AionetAsynchronousChannelProvider}),
 * CompletableFuture sockets for code that does not run on an event channel's owner thread
 * ({@link io.aionet.nio.FutureSocket}, {@link io.aionet.nio.FutureServerSocket}: Drepper's asynchronous
 * socket calls with {@code SIGEV_EC}, each completion hopping back to the caller's world through a
 * future), and blocking sockets for virtual threads ({@link io.aionet.nio.BlockingSocket},
 * {@link io.aionet.nio.BlockingServerSocket}: the same calls, with the calling thread parked until the
 * completion arrives — thread-per-connection code on io_uring without callbacks).
 *
 * <p>Every adapter here is built on the public API of {@code io.aionet.event} and {@code io.aionet.net}:
 * a loop thread owns an {@link io.aionet.event.EventChannel}, submits the sockets' operations on it
 * and dispatches their completions; other threads hand requests over with
 * {@link io.aionet.event.EventChannel#post(long)}. Loop threads are platform threads: the kernel ties a
 * {@code SINGLE_ISSUER} ring to one OS thread.
 *
 * <p>Exceptions follow the JDK's rules for each standard interface (the behaviour suite runs the same
 * tests against the JDK's provider and this one).
 */
package io.aionet.nio;
