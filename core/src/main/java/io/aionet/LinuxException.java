package io.aionet;

import java.io.IOException;

/**
 * A system call failed: carries the call's name, the errno number and its symbolic name.
 *
 * <p>This is the one exception the kernel layer throws for a failed call. Its message reads
 * {@code "io_uring_setup: EINVAL (22): Invalid argument"}. {@code EAGAIN} and {@code EINTR} are not
 * reported through it on hot paths: callers there see them as statuses.
 */
public final class LinuxException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final int errno;

    /**
     * A failure of {@code syscall} with {@code errno}.
     *
     * @param syscall the failed call, e.g. {@code "io_uring_setup"}
     * @param errno   the positive errno value
     */
    public LinuxException(String syscall, int errno) {
        java.util.Objects.requireNonNull(syscall, "syscall");
        this(syscall, errno, null);
    }

    /**
     * A failure of {@code syscall} with {@code errno} while the caller was doing {@code detail}.
     *
     * @param syscall the failed call
     * @param errno   the positive errno value
     * @param detail  what the caller was doing, or {@code null}
     */
    public LinuxException(String syscall, int errno, String detail) {
        java.util.Objects.requireNonNull(syscall, "syscall");
        super(syscall + ": " + Errno.describe(errno) + (detail == null ? "" : " (" + detail + ")"));
        this.syscall = syscall;
        this.errno = Math.abs(errno);
    }

    /** {@return the failed call's name, e.g. {@code "io_uring_setup"}} */
    public String syscall() {
        return syscall;
    }

    /** {@return the positive errno value, e.g. 22} */
    public int errno() {
        return errno;
    }

    /** {@return the errno's symbolic name, e.g. {@code "EINVAL"}} */
    public String errnoName() {
        return Errno.name(errno);
    }
}
