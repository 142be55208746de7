/**
 * Event channels: Drepper's {@code ec_create} / {@code ec_next_event} / {@code ec_delay} /
 * {@code ec_to_fd} / {@code ec_destroy} and Polyakov's kevent, one queue of uniform
 * {@link io.aionet.event.Event} records for every event source — descriptors (edge, level and one-shot
 * {@link io.aionet.event.Trigger triggers}), timers on three clocks, signals, file changes (inotify),
 * POSIX message queues, futex words, messages posted from other threads and other channels, and the
 * completions of asynchronous operations ({@code io.aionet.net}).
 *
 * <p>An {@link io.aionet.event.EventChannel} runs on one backend (io_uring, or epoll where io_uring is
 * refused; {@link io.aionet.event.EventChannel#backend()}) and belongs to the thread that created it.
 * Taking an event ({@link io.aionet.event.EventChannel#next}) makes no system call while events are
 * queued and allocates nothing.
 *
 * <p><b>Exceptions</b> — the rule every aionet package follows (the {@code io.aionet.nio} provider
 * excepted, which throws what the JDK's provider throws):
 * <ul>
 *   <li>a synchronous call the kernel refuses (creating a channel, registering memory) throws the
 *       checked {@link io.aionet.LinuxException}; later, while events are pumped
 *       ({@code next}, {@code await}), such a refusal is an {@link java.io.UncheckedIOException}
 *       wrapping one;</li>
 *   <li>a failed asynchronous operation is not an exception: its event's result is {@code -errno};</li>
 *   <li>a bad argument is an {@link IllegalArgumentException} (a null one a
 *       {@link NullPointerException} naming the parameter);</li>
 *   <li>a call off the owner thread is a {@link WrongThreadException};</li>
 *   <li>a call on a closed channel is an {@link IllegalStateException};</li>
 *   <li>a facility the kernel or the backend lacks is an {@link UnsupportedOperationException}
 *       naming it.</li>
 * </ul>
 */
package io.aionet.event;
