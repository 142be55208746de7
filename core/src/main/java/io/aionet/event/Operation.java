package io.aionet.event;

import io.aionet.uring.Sqe;

/**
 * The seam through which asynchronous operations (the socket layer's send, receive, accept, connect,
 * sendfile) complete on an event channel — Drepper's {@code SIGEV_EC}: every operation is submitted
 * <em>on</em> a channel and its completion is delivered there as an {@link Event}.
 *
 * <p>An operation owns one slot of its channel. It prepares requests with {@link #sqe()}, tags each
 * with {@link #track(Sqe)} (after the {@code prep} call, which rewrites the whole entry), and turns
 * their completions into events with {@link #emit} from {@link #completed}. It lives until
 * {@link #detach()}; its slot is freed, and {@link #released()} called, once the kernel holds none of
 * its requests. Everything here runs on the channel's owner thread.
 */
public abstract class Operation extends Source {

    /** Attaches a new operation to {@code channel}; owner thread only. */
    protected Operation(EventChannel channel) {
        super(channel, 0);
        channel.attachOperation(this);
    }

    /** The channel this operation completes on. */
    protected final EventChannel channel() {
        return channel;
    }

    /** A free submission entry of the channel's ring (the queue is submitted to make room when full). */
    protected final Sqe sqe() {
        return channel.sqe();
    }

    /** Tags a prepared entry as a request of this operation; returns it for further adjustments. */
    protected final Sqe track(Sqe prepared) {
        inKernel++;
        return prepared.userData(userData());
    }

    /**
     * Counts a request this operation's {@link #requestTag()} was given by another layer that prepared
     * the entry itself (e.g. a DMA receive pool arming a multishot receive).
     */
    protected final void trackExternal() {
        inKernel++;
    }

    /** Tags a prepared entry as channel bookkeeping whose completion nobody needs (e.g. a cancellation). */
    protected final Sqe untracked(Sqe prepared) {
        return prepared.userData(EventChannel.INTERNAL);
    }

    /** The {@code user_data} requests of this operation carry (for cancelling them by tag). */
    protected final long requestTag() {
        return userData();
    }

    /** Requests of this operation the kernel has not finished. */
    protected final int pendingRequests() {
        return inKernel;
    }

    /** Queues an event for the program, in completion order; ignored once the operation is detached. */
    protected final void emit(EventKind kind, long tag, int result, int flags, Object attachment) {
        if (!removed) {
            channel.pendingEvents().add(kind, tag, result, flags, null, attachment);
        }
    }

    /**
     * A request of this operation completed.
     *
     * @param more true when the same request will complete again ({@code IORING_CQE_F_MORE})
     */
    protected abstract void completed(int res, int flags, boolean more);

    /** Ends the operation: no more completions are reported; its slot is freed once the kernel is done. */
    protected final void detach() {
        channel.detachOperation(this);
    }

    /** True after {@link #detach()}. */
    protected final boolean isDetached() {
        return removed;
    }

    /** Called once, when the kernel holds no request of the detached operation (or the channel closed). */
    protected void released() {
    }

    // ---- Source plumbing: operations arm themselves through their own methods

    @Override
    final void arm() {
    }

    @Override
    final void cancel() {
    }

    @Override
    final void onCompletion(int res, int flags, boolean terminal, PendingEvents out) {
        completed(res, flags, !terminal);
    }

    @Override
    final boolean completesAfterRemoval() {
        return true; // a detached operation still learns that its requests ended (to hand back buffers)
    }

    @Override
    final void retired() {
        released();
    }
}
