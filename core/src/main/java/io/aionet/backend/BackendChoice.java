package io.aionet.backend;

import io.aionet.BackendKind;
import io.aionet.LinuxException;
import io.aionet.backend.epoll.EpollBackend;
import io.aionet.backend.uring.UringBackend;
import io.aionet.uring.IoUring;

import java.util.Locale;

/**
 * The backend selector: io_uring when the kernel lets this process use it, epoll otherwise. The
 * system property {@code aionet.backend} ({@code uring}, {@code epoll} or {@code auto}, the default)
 * overrides the choice; the reason for epoll is kept, as Netty keeps its {@code UNAVAILABILITY_CAUSE}.
 *
 * @param kind   the backend chosen
 * @param reason why epoll was chosen, or {@code null} for io_uring
 */
public record BackendChoice(BackendKind kind, String reason) {

    /** The system property that forces a backend. */
    public static final String PROPERTY = "aionet.backend";

    /**
     * The backend this process uses now (the property is read on every call, so a test may set it).
     *
     * @throws IllegalStateException    when {@code uring} is forced and io_uring is unavailable
     * @throws IllegalArgumentException when the property names no backend
     * @throws UnsatisfiedLinkError     when the JVM denies aionet native access (the sentence names the flag)
     */
    public static BackendChoice current() {
        io.aionet.linux.NativeAccess.require(); // the one sentence, before the probe's downcalls
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "epoll" -> new BackendChoice(BackendKind.EPOLL, "forced by -D" + PROPERTY + "=epoll");
            case "uring", "io_uring" -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=uring, but io_uring is unavailable: "
                            + IoUring.unavailabilityCause().getMessage());
                }
                yield new BackendChoice(BackendKind.IO_URING, null);
            }
            case "auto", "" -> IoUring.isAvailable()
                    ? new BackendChoice(BackendKind.IO_URING, null)
                    : new BackendChoice(BackendKind.EPOLL, String.valueOf(IoUring.unavailabilityCause().getMessage()));
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be uring, epoll or auto: " + wanted);
        };
    }

    /** The backend's name, {@code "io_uring"} or {@code "epoll"}. */
    public String name() {
        return kind.label();
    }

    /** {@code "backend: io_uring"} or {@code "backend: epoll (<reason>)"}. */
    public String describe() {
        return reason == null ? "backend: " + name() : "backend: " + name() + " (" + reason + ")";
    }

    /**
     * Opens a backend of this kind, owned by the calling thread.
     *
     * @throws LinuxException when the kernel refuses it
     */
    public Backend open(BackendConfig config) throws LinuxException {
        return switch (kind) {
            case IO_URING -> UringBackend.open(config);
            case EPOLL -> EpollBackend.open(config);
        };
    }

    /** {@link #current()}{@code .open(config)}. */
    public static Backend openCurrent(BackendConfig config) throws LinuxException {
        return current().open(config);
    }
}
