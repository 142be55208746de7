package io.aionet;

/**
 * Which kernel interface an event channel runs on. The choice is made once per process
 * ({@code -Daionet.backend=uring|epoll|auto}; {@code auto}, the default, takes io_uring where this
 * process may use it); both give the same API and the same completion semantics.
 */
public enum BackendKind {
    /** io_uring: requests and completions through shared rings (the fast path). */
    IO_URING("io_uring"),
    /** epoll and non-blocking system calls, with io_uring's completions emulated (the fallback). */
    EPOLL("epoll");

    private final String label;

    BackendKind(String label) {
        this.label = label;
    }

    /** {@return the backend's usual name: {@code "io_uring"} or {@code "epoll"}} */
    public String label() {
        return label;
    }
}
