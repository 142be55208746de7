package io.aionet.uring;

import static io.aionet.uring.IoUringConstants.IORING_CQE_BUFFER_SHIFT;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_BUFFER;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_MORE;
import static io.aionet.uring.IoUringConstants.IORING_CQE_F_NOTIF;

/**
 * A caller-owned copy of one completion ({@code struct io_uring_cqe}), filled by
 * {@link IoUring#peekCqe(Cqe)}. Reusable: filling it allocates nothing.
 */
public final class Cqe {
    /** {@code user_data}: the 64-bit tag of the request. */
    public long userData;
    /** {@code res}: the result, or {@code -errno}. */
    public int res;
    /** {@code flags}: {@code IORING_CQE_F_*}. */
    public int flags;

    /** An empty completion, to be filled by {@link IoUring#peekCqe(Cqe)} or {@link IoUring#waitCqe}. */
    public Cqe() {}

    /** {@return true when more completions follow for the same request ({@code IORING_CQE_F_MORE})} */
    public boolean hasMore() {
        return (flags & IORING_CQE_F_MORE) != 0;
    }

    /** {@return true for a zero-copy send's notification ({@code IORING_CQE_F_NOTIF})} */
    public boolean isNotification() {
        return (flags & IORING_CQE_F_NOTIF) != 0;
    }

    /** {@return the provided buffer's id, or -1 when the completion carries none} */
    public int bufferId() {
        return (flags & IORING_CQE_F_BUFFER) != 0 ? flags >>> IORING_CQE_BUFFER_SHIFT : -1;
    }

    @Override
    public String toString() {
        return "Cqe[user_data=" + userData + ", res=" + res + ", flags=0x" + Integer.toHexString(flags) + "]";
    }
}
