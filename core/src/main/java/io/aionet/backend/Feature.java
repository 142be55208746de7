package io.aionet.backend;

/** Requests a {@link Backend} may lack; ask {@link Backend#supports(Feature)} before making them. */
public enum Feature {
    /** {@link Backend#futexWait} (io_uring: Linux 6.7). */
    FUTEX_WAIT,
    /** {@link Backend#TIMEOUT_MULTISHOT} periodic timeouts (io_uring: Linux 6.4). */
    MULTISHOT_TIMEOUT,
    /** Buffer groups consumed in part ({@link Backend#CQE_F_BUF_MORE}; io_uring: Linux 6.12). */
    INCREMENTAL_BUFFERS,
    /** {@link Backend#sendZc} and {@link Backend#sendmsgZc} that really avoid the copy. */
    SEND_ZC,
    /** {@link Backend#registerBuffers} and {@link Backend#sendZcFixed}. */
    FIXED_BUFFERS,
    /** {@link Backend#post} to another channel through the kernel. */
    POST,
    /** {@link Backend#link}: chains the kernel runs in order ({@code IOSQE_IO_LINK}); elsewhere the caller orders them. */
    LINKS
}
