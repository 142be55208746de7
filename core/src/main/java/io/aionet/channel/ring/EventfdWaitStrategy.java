package io.aionet.channel.ring;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A {@link WaitStrategy} that sleeps on an eventfd: the bridge from a net channel to an event loop.
 * The producer writes the eventfd only when the consumer announced that it sleeps (the ring's sleeping
 * flag), so a busy channel makes no system call per message; an idle one makes one per wake-up.
 *
 * <p>Two ways to consume:
 * <ul>
 *   <li>a thread calls {@link SpscRing#drain(SpscRingHandler, int, long)}, which spins, then announces it
 *       sleeps and waits in {@code poll(2)} on the eventfd;</li>
 *   <li>an event loop polls {@link #fd()} with the rest of its descriptors (io_uring {@code POLL_ADD},
 *       epoll): before it blocks it calls {@link SpscRing#beginSleep()} (and does not block when that
 *       returns false), after it wakes it calls {@link SpscRing#endSleep()} and drains the ring. It may
 *       read the eventfd itself or call {@link #clear()}.</li>
 * </ul>
 *
 * <p>The descriptor is non-blocking and close-on-exec. The ring that owns this strategy closes it.
 */
public final class EventfdWaitStrategy extends WaitStrategy {
    private final int fd;
    private final Arena arena = Arena.ofShared();
    /** 8 bytes holding 1: what the producer writes (read-only after construction). */
    private final MemorySegment one;
    /** 8 bytes the consumer reads the counter into. */
    private final MemorySegment counter;
    private volatile boolean closed;

    EventfdWaitStrategy() {
        int r = Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC);
        if (r < 0) {
            arena.close();
            throw new UncheckedIOException(new LinuxException("eventfd", -r));
        }
        fd = r;
        one = arena.allocate(ValueLayout.JAVA_LONG);
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        counter = arena.allocate(ValueLayout.JAVA_LONG);
    }

    /**
     * The eventfd, for an event loop to poll (readable when the producer woke the consumer).
     *
     * @return the eventfd's descriptor, owned by this strategy (closed with it)
     * @throws IllegalStateException after {@link #close()}
     */
    public int fd() {
        if (closed) {
            throw new IllegalStateException("eventfd wait strategy is closed");
        }
        return fd;
    }

    /**
     * Resets the eventfd's counter (a non-blocking read); returns the count read, 0 when it was not
     * readable.
     *
     * @return the count read (how many wake-ups the producer wrote), or 0 when it was not readable
     * @throws IllegalStateException after {@link #close()}
     */
    public long clear() {
        if (closed) {
            throw new IllegalStateException("eventfd wait strategy is closed");
        }
        long r = Fds.read(fd, counter);
        return r == 8 ? counter.get(ValueLayout.JAVA_LONG, 0) : 0;
    }

    @Override
    boolean blocking() {
        return true;
    }

    @Override
    boolean idle(int step) {
        Thread.onSpinWait();
        return step >= SPINS_BEFORE_SLEEP;
    }

    @Override
    void sleep(long nanos) {
        int millis;
        if (nanos == Long.MAX_VALUE) {
            millis = -1;
        } else {
            long m = (nanos + 999_999) / 1_000_000;
            millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, m));
        }
        int r = Fds.poll(fd, Fds.POLLIN, millis);
        if (r > 0) {
            clear();
        } else if (r < 0 && r != -Errno.EINTR) {
            throw new UncheckedIOException(new LinuxException("poll", -r));
        }
    }

    @Override
    void wake() {
        if (!closed) {
            long r = Fds.write(fd, one);
            // EAGAIN only when the counter would overflow: the consumer is certainly awake then
            if (r < 0 && r != -Errno.EAGAIN) {
                throw new UncheckedIOException(new LinuxException("write(eventfd)", (int) -r));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Fds.close(fd);
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "eventfd(" + fd + ")";
    }
}
