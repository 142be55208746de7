/**
 * The backend seam (not exported): the {@link io.aionet.backend.Backend} proactor that event channels,
 * sockets and receive pools are written against, its {@link io.aionet.backend.BufferGroup buffer
 * groups}, {@link io.aionet.backend.Feature capabilities}, and the {@link io.aionet.backend.BackendChoice
 * selector}. io_uring ({@code io.aionet.backend.uring}) is the first implementation; epoll
 * ({@code io.aionet.backend.epoll}) emulates the same completions.
 *
 * <p>Exceptions: setup and memory registration throw the checked {@link io.aionet.LinuxException};
 * request methods throw nothing checked (a queue that stays full is an {@link IllegalStateException});
 * a request the backend lacks is an {@link UnsupportedOperationException} naming the backend.
 */
package io.aionet.backend;
