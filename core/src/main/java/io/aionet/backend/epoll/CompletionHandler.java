package io.aionet.backend.epoll;

/**
 * Receives the engine's completions without allocating: {@code (user_data, res, flags)} with io_uring's
 * meaning ({@code res} = bytes, descriptor or 0, or {@code -errno}; {@code flags} = {@code IORING_CQE_F_*}).
 */
@FunctionalInterface
public interface CompletionHandler {
    /**
     * @param userData the request's 64-bit tag
     * @param res      the result, or {@code -errno}
     * @param flags    {@code IORING_CQE_F_MORE}, {@code _F_BUFFER} (buffer id in {@code flags >>> 16}),
     *                 {@code _F_BUF_MORE}, {@code _F_NOTIF}
     */
    void handle(long userData, int res, int flags);
}
