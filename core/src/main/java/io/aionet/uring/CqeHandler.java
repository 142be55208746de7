package io.aionet.uring;

/**
 * Receives completions from {@link IoUring#forEachCqe(CqeHandler, int)} without allocating: the three
 * fields of {@code struct io_uring_cqe} arrive as arguments.
 */
@FunctionalInterface
public interface CqeHandler {
    /**
     * Handles one completion; it is consumed when the call returns.
     *
     * @param userData the request's 64-bit tag
     * @param res      the result, or {@code -errno}
     * @param flags    {@code IORING_CQE_F_*}
     */
    void handle(long userData, int res, int flags);
}
