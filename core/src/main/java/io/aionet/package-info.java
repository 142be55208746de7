/**
 * What every layer of aionet shares: the kernel's error, named.
 *
 * <p>{@link io.aionet.LinuxException} is the checked exception a failed system call becomes (the call's
 * name, the errno number and its symbolic name); {@link io.aionet.Errno} names the errno values callers
 * test for. Both live here, apart from the system-call layer ({@code io.aionet.linux}, not exported), so
 * that code on the module path can catch and inspect kernel errors without reaching into kernel access.
 */
package io.aionet;
