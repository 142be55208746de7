package io.aionet.backend;

import io.aionet.uring.IoUring;

import java.util.Locale;

/**
 * Which backend runs, and why: io_uring when the kernel lets this process use it, epoll otherwise.
 * The system property {@code aionet.backend} ({@code uring}, {@code epoll} or {@code auto}, the
 * default) overrides the choice.
 *
 * @param name   {@code "io_uring"} or {@code "epoll"}
 * @param reason why epoll was chosen, or {@code null} for io_uring
 */
public record BackendChoice(String name, String reason) {

    /** The system property that forces a backend. */
    public static final String PROPERTY = "aionet.backend";

    /** The backend this process would use. */
    public static BackendChoice current() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "epoll" -> new BackendChoice("epoll", "forced by -D" + PROPERTY + "=epoll");
            case "uring", "io_uring" -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=uring, but io_uring is unavailable: "
                            + IoUring.unavailabilityCause().getMessage());
                }
                yield new BackendChoice("io_uring", null);
            }
            case "auto", "" -> IoUring.isAvailable()
                    ? new BackendChoice("io_uring", null)
                    : new BackendChoice("epoll", String.valueOf(IoUring.unavailabilityCause().getMessage()));
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be uring, epoll or auto: " + wanted);
        };
    }

    /** {@code "backend: io_uring"} or {@code "backend: epoll (<reason>)"}. */
    public String describe() {
        return reason == null ? "backend: " + name : "backend: " + name + " (" + reason + ")";
    }
}
