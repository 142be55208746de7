package io.aionet.event;

/**
 * One uniform event record, whatever its source: Drepper's "uniform records of events".
 * {@link EventChannel#next(Event)} fills a caller-owned instance, so reading events allocates nothing
 * (file-system events, which carry a name, are the one exception).
 */
public final class Event {
    EventKind kind;
    long tag;
    int result;
    int flags;
    String name;
    Object attachment;

    /**
     * An empty record for {@link EventChannel#next(Event)} to fill. The owner thread usually keeps one
     * and reuses it for every event.
     */
    public Event() {
    }

    /** {@return what happened} */
    public EventKind kind() {
        return kind;
    }

    /** {@return the 64-bit tag the source was registered (or posted) with} */
    public long tag() {
        return tag;
    }

    /**
     * {@return the result: bytes moved for a completion, the readiness bits for {@link EventKind#FD_READY},
     * the signal number for {@link EventKind#SIGNAL}, the expirations for {@link EventKind#TIMER},
     * the inotify mask for {@link EventKind#FILE}; or {@code -errno} when negative}
     */
    public int result() {
        return result;
    }

    /**
     * {@return source-specific flags: completion flags for {@link EventKind#COMPLETION}, the cookie pairing the
     * halves of a rename for {@link EventKind#FILE}, the word's value for {@link EventKind#FUTEX}}
     */
    public int flags() {
        return flags;
    }

    /** {@return true when {@link #result()} is an error} */
    public boolean isError() {
        return result < 0;
    }

    /**
     * The positive errno of an error result, or 0.
     *
     * @return {@code -result()} when the result is negative, else 0
     */
    public int errno() {
        return result < 0 ? -result : 0;
    }

    /**
     * The symbolic name of the error, as the kernel headers spell it: a connect to a closed port
     * completes with {@code "ECONNREFUSED"}, a receive whose timeout expired with {@code "ECANCELED"}
     * or {@code "ETIME"}, a pool receive that found no free buffer with {@code "ENOBUFS"}. Allocates
     * nothing.
     *
     * @return the errno's name (see {@link io.aionet.Errno#name(int)}), or {@code ""} when the event is
     *         not an error
     */
    public String errorName() {
        return result < 0 ? io.aionet.Errno.name(-result) : "";
    }

    /**
     * {@return for {@link EventKind#FD_READY} and {@link EventKind#MQUEUE}: the {@link Readiness} bits that are set}
     */
    public int readiness() {
        return (kind == EventKind.FD_READY || kind == EventKind.MQUEUE) && result > 0 ? result : 0;
    }

    /** {@return for {@link EventKind#SIGNAL}: the signal number} */
    public int signal() {
        return kind == EventKind.SIGNAL ? result : 0;
    }

    /** {@return for {@link EventKind#FILE}: the name of the entry inside the watched directory, or {@code ""}} */
    public String name() {
        return name == null ? "" : name;
    }

    /**
     * {@return what the operation hands over with a {@link EventKind#COMPLETION}: for a receive into a
     * kernel-chosen buffer, the {@link io.aionet.dma.Buffer} the program now owns (release it when
     * done); otherwise {@code null}}
     */
    public Object attachment() {
        return attachment;
    }

    /**
     * {@return the received buffer of a completion, or {@code null}: {@link #attachment()} as a {@link io.aionet.dma.Buffer}}
     */
    public io.aionet.dma.Buffer buffer() {
        return attachment instanceof io.aionet.dma.Buffer b ? b : null;
    }

    void set(EventKind kind, long tag, int result, int flags, String name, Object attachment) {
        set(kind, tag, result, flags, name);
        this.attachment = attachment;
    }

    void set(EventKind kind, long tag, int result, int flags, String name) {
        this.attachment = null;
        this.kind = kind;
        this.tag = tag;
        this.result = result;
        this.flags = flags;
        this.name = name;
    }

    @Override
    public String toString() {
        return "Event[" + kind + ", tag=" + tag + ", result=" + result + (result < 0 ? " " + errorName() : "")
                + (flags != 0 ? ", flags=0x" + Integer.toHexString(flags) : "")
                + (name != null ? ", name=" + name : "") + "]";
    }
}
