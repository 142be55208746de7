package io.aionet.event;

/** Readiness bits of a descriptor interest and of {@link Event#readiness()} (the {@code poll(2)} bits). */
public final class Readiness {
    private Readiness() {}

    /** Data to read ({@code POLLIN}). */
    public static final int READ = 0x001;
    /** Urgent data ({@code POLLPRI}). */
    public static final int PRIORITY = 0x002;
    /** Room to write ({@code POLLOUT}). */
    public static final int WRITE = 0x004;
    /** An error condition ({@code POLLERR}); always reported. */
    public static final int ERROR = 0x008;
    /** Hang-up ({@code POLLHUP}); always reported. */
    public static final int HANGUP = 0x010;
    /** The peer shut down writing ({@code POLLRDHUP}). */
    public static final int PEER_CLOSED = 0x2000;

    static final int VALID = READ | PRIORITY | WRITE | ERROR | HANGUP | PEER_CLOSED;
}
