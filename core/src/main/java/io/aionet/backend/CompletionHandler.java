package io.aionet.backend;

/**
 * Receives completions from {@link Backend#reap} without allocating: the three fields of a completion
 * ({@code struct io_uring_cqe}'s {@code user_data}, {@code res}, {@code flags}) arrive as arguments.
 */
@FunctionalInterface
public interface CompletionHandler {
    /**
     * @param userData the request's 64-bit tag, as given
     * @param res      the result, or {@code -errno}
     * @param flags    {@code Backend.CQE_F_*}, the buffer id in the top 16 bits with {@link Backend#CQE_F_BUFFER}
     */
    void complete(long userData, int res, int flags);
}
