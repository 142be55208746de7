package io.aionet.net;

import io.aionet.Errno;

import static io.aionet.uring.IoUringConstants.IORING_NOTIF_USAGE_ZC_COPIED;

/**
 * Where one send of a socket's queue stands: bytes sent so far, parts still in the kernel, zero-copy
 * notifications still due, whether the kernel copied, and the error that ended it. The library
 * continues a short send until all bytes went out, and reports one completion; a zero-copy send is done
 * only when its last notification arrived.
 */
final class SendProgress {
    long sent;
    int notifs;
    boolean copied;
    int error;
    boolean inFlight;

    void reset() {
        sent = 0;
        notifs = 0;
        copied = false;
        error = 0;
        inFlight = false;
    }

    /** A zero-copy part's notification ({@code IORING_CQE_F_NOTIF}) arrived. */
    void notified(int res) {
        notifs--;
        if ((res & IORING_NOTIF_USAGE_ZC_COPIED) != 0) {
            copied = true;
        }
    }

    /**
     * A part's result arrived.
     *
     * @param more   a notification follows ({@code IORING_CQE_F_MORE} on a zero-copy part)
     * @param length the send's total length
     * @param stop   the socket is closing or the send was cancelled: do not continue a short send
     * @return true when the rest must be sent (a short send)
     */
    boolean partCompleted(int res, boolean more, long length, boolean stop) {
        inFlight = false;
        if (more) {
            notifs++;
        }
        if (res < 0) {
            error = res;
            return false;
        }
        sent += res;
        if (sent < length) {
            if (stop) {
                error = -Errno.ECANCELED;
            } else if (res == 0) {
                error = -Errno.EPIPE; // the kernel took nothing: it will not take the rest either
            } else {
                return true;
            }
        }
        return false;
    }

    /** No part in the kernel and no notification due. */
    boolean settled() {
        return notifs == 0 && !inFlight;
    }

    /** The completion's result: the bytes sent, or {@code -errno}. */
    int result() {
        return error != 0 ? error : (int) Math.min(sent, Integer.MAX_VALUE);
    }

    /** The completion's flags: after an error the bytes sent before it, else {@link AsyncSocket#SEND_COPIED} or 0. */
    int eventFlags() {
        return error != 0 ? (int) Math.min(sent, Integer.MAX_VALUE) : (copied ? AsyncSocket.SEND_COPIED : 0);
    }
}
