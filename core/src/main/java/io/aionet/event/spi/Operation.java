package io.aionet.event.spi;

import io.aionet.backend.Backend;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;

/**
 * An asynchronous operation (the socket layer's send, receive, accept, connect, file send) completing
 * on an event channel — Drepper's {@code SIGEV_EC}: every operation is submitted <em>on</em> a channel
 * and its completions are delivered there as events.
 *
 * <p>An operation owns one slot. It makes requests on {@link #backend()} tagged with
 * {@link #request(int)} — one sub-request id per concurrent request, so their completions are told
 * apart by id, not by order — and turns their completions into events with {@link #emit} from
 * {@link #completed}. It lives until {@link #detach()}; its slot is freed, and {@link #released()}
 * called, once the kernel holds none of its requests. Owner thread only.
 */
public abstract class Operation extends Slot {
    private final EventChannel channel;
    private final OperationHost host;
    private final Backend backend;

    /** Attaches a new operation to {@code channel}. */
    protected Operation(EventChannel channel) {
        this.channel = channel;
        this.host = EventSpi.host(channel);
        host.checkOwner();
        this.backend = host.backend();
        host.table().attach(this);
    }

    /** The channel this operation completes on. */
    protected final EventChannel channel() {
        return channel;
    }

    /** The channel's backend: where this operation's requests go. */
    protected final Backend backend() {
        return backend;
    }

    /** The {@code user_data} for a new request with sub-request id {@code sub}, counted as in the kernel. */
    protected final long request(int sub) {
        return countRequest(sub);
    }

    /** {@code user_data} for bookkeeping whose completion nobody needs (a cancellation). */
    protected static long untracked() {
        return SlotTable.INTERNAL;
    }

    /** Requests of this operation the kernel has not finished. */
    protected final int pendingRequests() {
        return requestsInKernel();
    }

    /** Queues an event for the program, in completion order; ignored once detached. */
    protected final void emit(EventKind kind, long tag, int result, int flags, Object attachment) {
        if (!removed) {
            host.sink().add(kind, tag, result, flags, null, attachment);
        }
    }

    /** Submits what is queued now. */
    protected final void submitNow() {
        host.submitNow();
    }

    /**
     * A request of this operation completed.
     *
     * @param sub  the sub-request id it was made with
     * @param more true when the same request completes again ({@code CQE_F_MORE})
     */
    protected abstract void completed(int sub, int res, int flags, boolean more);

    /** Ends the operation: no more events; its slot is freed once the kernel is done. */
    protected final void detach() {
        if (!removed) {
            host.table().remove(this);
        }
    }

    /** True after {@link #detach()} (or the channel's close). */
    protected final boolean isDetached() {
        return removed;
    }

    /** Called once, when the kernel holds no request of the detached operation (or the channel closed). */
    protected void released() {
    }

    @Override
    protected final void complete(int sub, int res, int flags, boolean terminal) {
        completed(sub, res, flags, !terminal);
    }

    @Override
    protected final boolean completesAfterRemoval() {
        return true; // a detached operation still learns that its requests ended (to hand back buffers)
    }

    @Override
    protected final void retired() {
        released();
    }
}
