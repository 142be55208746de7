package io.aionet.event;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.linux.Futexes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.aionet.uring.IoUringConstants.FUTEX2_SIZE_U32;
import static io.aionet.uring.IoUringConstants.FUTEX_BITSET_MATCH_ANY;

/**
 * A 32-bit futex word as an event source (Drepper's "synchronization primitives" on the event
 * channel), kevent-style: it stays registered and reports each wake.
 *
 * <p>With futex operations in the ring (Linux 6.7) it is an {@code IORING_OP_FUTEX_WAIT} on the word,
 * re-armed after every completion with the value just observed as the new expected value: a wake
 * (res 0) and a change found at re-arm time (res {@code -EAGAIN}) both report, and a change that
 * happens while no wait is armed is found by the next arm — nothing is lost except an A-B-A change
 * between two arms, as with any futex. The wait is shared (no {@code FUTEX2_PRIVATE}), so wakers may
 * be other processes mapping the same memory.
 *
 * <p>Without them, the fallback is an eventfd used as a wake counter (read to zero per event, so wakes
 * coalesce as they do for the ring's wait): the source polls an eventfd of its own,
 * and {@link EventChannel#wakeFutex} writes it for every fallback source registered on the word in
 * this process. The fallback therefore sees only wakes made through {@code wakeFutex} in this JVM (not
 * raw {@code FUTEX_WAKE} calls or other processes), and notices a value change only at registration.
 */
final class FutexSource extends Source {
    /** Package-private switch for tests: use the eventfd fallback even when the ring has futex ops. */
    static volatile boolean forceFallback;

    /** Fallback sources by word address; guarded by itself (a wake writes the eventfds under the lock). */
    private static final Map<Long, List<FutexSource>> FALLBACK = new HashMap<>();
    private static final MemorySegment ONE;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    static {
        ONE = Arena.global().allocate(ValueLayout.JAVA_LONG);
        ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    final MemorySegment word;
    /** The value the armed wait expects (the last one observed). */
    int expected;
    final boolean fallback;
    private final int eventFd;
    private final Arena arena;
    private final MemorySegment scratch;
    boolean armed;
    private boolean closedFd;

    FutexSource(EventChannel channel, long tag, MemorySegment word, int expected, boolean fallback) {
        super(channel, tag);
        this.word = word;
        this.expected = expected;
        this.fallback = fallback;
        if (fallback) {
            this.eventFd = Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC);
            if (eventFd < 0) {
                throw new java.io.UncheckedIOException(new io.aionet.LinuxException("eventfd", -eventFd));
            }
            this.arena = Arena.ofConfined();
            this.scratch = arena.allocate(8, 8);
            synchronized (FALLBACK) {
                FALLBACK.computeIfAbsent(word.address(), a -> new ArrayList<>()).add(this);
            }
            if (load() != expected) {
                Fds.write(eventFd, ONE); // the word has moved on already: report at once, like -EAGAIN
            }
        } else {
            this.eventFd = -1;
            this.arena = null;
            this.scratch = null;
        }
    }

    /** Checks a futex word: native, 4-byte aligned, at least 4 bytes, alive. */
    static void check(MemorySegment word) {
        if (word == null) {
            throw new IllegalArgumentException("futex word must not be null");
        }
        if (!word.isNative()) {
            throw new IllegalArgumentException("futex word must be native memory (a heap segment has no stable address)");
        }
        if (word.byteSize() < 4) {
            throw new IllegalArgumentException("futex word needs 4 bytes, the segment has " + word.byteSize());
        }
        if ((word.address() & 3) != 0) {
            throw new IllegalArgumentException("futex word must be 4-byte aligned: 0x" + Long.toHexString(word.address()));
        }
        if (!word.scope().isAlive()) {
            throw new IllegalArgumentException("futex word's memory is no longer alive");
        }
    }

    /** The word's value; acquire pairs with the waker's release store before its wake. */
    private int load() {
        return (int) INT.getAcquire(word, 0L);
    }

    @Override
    void arm() {
        generation++;
        inKernel++;
        armed = true;
        if (fallback) {
            channel.sqe().prepPollMultishot(eventFd, Readiness.READ).userData(userData());
        } else {
            // futex2 takes the value and mask as unsigned 32-bit quantities for a U32 word
            channel.sqe().prepFutexWait(word, expected & 0xffffffffL, FUTEX_BITSET_MATCH_ANY & 0xffffffffL,
                    FUTEX2_SIZE_U32).userData(userData());
        }
    }

    @Override
    void cancel() {
        if (armed) {
            if (fallback) {
                channel.sqe().prepPollRemove(userData()).userData(EventChannel.INTERNAL);
            } else {
                channel.sqe().prepCancel(userData(), 0).userData(EventChannel.INTERNAL);
            }
            armed = false;
        }
        unlist();
    }

    @Override
    void onCompletion(int res, int flags, boolean terminal, PendingEvents out) {
        if (terminal) {
            armed = false;
        }
        if (res == -Errno.ECANCELED) {
            return;
        }
        if (fallback) {
            if (res < 0) {
                out.add(EventKind.ERROR, tag, res, 0, null);
                return;
            }
            Fds.read(eventFd, scratch); // take every pending wake: one event per poll
            expected = load();
            out.add(EventKind.FUTEX, tag, 0, expected, null);
            if (terminal && !removed) {
                arm();
            }
            return;
        }
        if (res != 0 && res != -Errno.EAGAIN) {
            out.add(EventKind.ERROR, tag, res, 0, null); // -EFAULT, -EINVAL: the word is unusable
            return;
        }
        expected = load();
        out.add(EventKind.FUTEX, tag, 0, expected, null);
        if (!removed) {
            arm();
        }
    }

    private void unlist() {
        if (!fallback) {
            return;
        }
        synchronized (FALLBACK) {
            List<FutexSource> l = FALLBACK.get(word.address());
            if (l != null && l.remove(this) && l.isEmpty()) {
                FALLBACK.remove(word.address());
            }
        }
    }

    @Override
    void retired() {
        unlist();
        if (fallback && !closedFd) {
            closedFd = true;
            Fds.close(eventFd);
            arena.close();
        }
    }

    /**
     * Wakes up to {@code count} waiters on {@code word}: kernel waiters ({@code FUTEX_WAKE}: threads in
     * {@code futex(2)}, rings' {@code FUTEX_WAIT}) first, then fallback sources of this process. Any thread.
     */
    static int wake(MemorySegment word, int count) {
        int woken = Futexes.futexWake(word, count);
        if (woken < 0) {
            throw new java.io.UncheckedIOException(new io.aionet.LinuxException("futex(FUTEX_WAKE)", -woken));
        }
        synchronized (FALLBACK) {
            List<FutexSource> l = FALLBACK.get(word.address());
            if (l != null) {
                for (int i = 0; i < l.size() && woken < count; i++) {
                    Fds.write(l.get(i).eventFd, ONE);
                    woken++;
                }
            }
        }
        return woken;
    }
}
