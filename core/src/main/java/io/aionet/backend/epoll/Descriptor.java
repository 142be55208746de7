package io.aionet.backend.epoll;

/**
 * What the engine knows about one file descriptor: its requests, waiting for readability
 * ({@link #reads}: receives, accepts), writability ({@link #writes}: sends, connects, file sends) or
 * anything ({@link #polls}); how it is registered in the epoll set; the readiness last seen; and its
 * zero-copy state.
 *
 * <p>Two ways to be registered. A descriptor with I/O requests is in <em>I/O mode</em>: registered once
 * for {@code EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET}, readiness cached in {@link #readable} and
 * {@link #writable}; an attempt that gets {@code EAGAIN} clears the flag and the next edge sets it again.
 * A descriptor with polls only (an eventfd, a signalfd, a pipe) is in <em>poll mode</em>: registered for the
 * union of its polls' masks, level-triggered when one poll is level, edge-triggered ({@code EPOLLET}) when
 * one is multishot, else {@code EPOLLONESHOT}, re-armed with {@code EPOLL_CTL_MOD} after each firing.
 */
final class Descriptor {
    final int fd;
    final RequestQueue reads = new RequestQueue();
    final RequestQueue writes = new RequestQueue();
    final RequestQueue polls = new RequestQueue();
    /** Zero-copy sends with sequence numbers still unnotified, oldest first. */
    final RequestQueue zeroCopies = new RequestQueue();

    boolean registered;
    /** The events word registered ({@code EPOLLONESHOT}/{@code EPOLLET} included); meaningful when registered. */
    int registeredEvents;
    /** Registered {@code EPOLLONESHOT} and fired since: disarmed until re-armed. */
    boolean disarmed;
    boolean ioMode;
    /** Was idle when its latest request came: check the registration before relying on it (fd reuse). */
    boolean verify;
    boolean readable;
    boolean writable;
    /**
     * An event reported the peer's hang-up or an error ({@code EPOLLRDHUP}/{@code EPOLLHUP}/{@code EPOLLERR}):
     * a short read no longer proves the socket empty, since the end of stream still waits behind the data and
     * raises no new edge.
     */
    boolean hungUp;
    /** {@code O_NONBLOCK} is known to be set (accept, connect and sendfile need it). */
    boolean nonBlocking;

    /** {@code SO_ZEROCOPY}: 0 not tried, 1 on, -1 refused (sends are copied, notified at once). */
    int zeroCopyState;
    /** The sequence number the kernel gives the next zero-copy send call on this socket. */
    int zeroCopyNext;

    /** {@code SO_TYPE}, read when first needed: 0 not read, -1 unknown. */
    int socketType;

    /** In the engine's list of descriptors to run again next turn (a budget ran out). */
    boolean runAgain;
    Descriptor nextRunAgain;

    /** An engine-owned timerfd for one REALTIME/BOOTTIME timeout. */
    Request clockTimer;

    Descriptor(int fd) {
        this.fd = fd;
    }

    boolean hasRequests() {
        return !reads.isEmpty() || !writes.isEmpty() || !polls.isEmpty();
    }
}
