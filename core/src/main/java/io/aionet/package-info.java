/**
 * What every layer of aionet shares: the kernel's error, named, and which kernel interface runs.
 *
 * <p>{@link io.aionet.LinuxException} is the checked exception a failed system call becomes (the call's
 * name, the errno number and its symbolic name); {@link io.aionet.Errno} names the errno values callers
 * test for. Both live here, apart from the system-call layer ({@code io.aionet.linux}, not exported), so
 * that code on the module path can catch and inspect kernel errors without reaching into kernel access.
 * {@link io.aionet.BackendKind} names the backend an event channel runs on (io_uring, or epoll where
 * io_uring is refused).
 *
 * <p>In the seeds' terms: Drepper's and Polyakov's interfaces report a failed operation as
 * {@code -errno} in its completion record, not as an exception, and so does aionet — a failed
 * asynchronous operation arrives as an event whose result is {@code -errno}. {@code LinuxException}
 * is for the synchronous calls (creating a channel, registering memory, opening a socket), where a Java
 * program expects an exception.
 */
package io.aionet;
