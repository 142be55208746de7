package io.aionet.event.spi;

import io.aionet.backend.Backend;
import io.aionet.event.EventChannel;

/** What an {@link Operation} sees of its channel: the backend, the slot table, the event sink. */
public interface OperationHost {
    /** The channel's backend (one per channel). */
    Backend backend();

    /** The channel's slots. */
    SlotTable table();

    /** The channel's pending events. */
    EventSink sink();

    /** Submits queued requests now (e.g. a cancel-by-fd before the descriptor is closed). */
    void submitNow();

    /** Throws {@link WrongThreadException} off the owner thread, {@link IllegalStateException} when closed. */
    void checkOwner();

    /** True after the channel closed. */
    boolean isClosed();

    /**
     * The channel's one instance of {@code type}, made by {@code make} on first use: per-channel state of
     * a layer above (the AIO control blocks' operations), kept as long as the channel.
     */
    <T> T extension(Class<T> type, java.util.function.Function<EventChannel, T> make);

    /**
     * One round of the pump for a caller that waits for its own requests (AIO's {@code lio_listio(WAIT)},
     * {@code aio_suspend}, {@code aio_cancel}): submits, dispatches what the backend holds, and when that
     * was nothing waits up to {@code timeoutNanos} for a completion and dispatches it. Events made meanwhile
     * stay pending for {@code next}. Owner thread.
     *
     * @throws IllegalStateException when called from inside the pump (a completion handler)
     */
    void waitForCompletions(long timeoutNanos);
}
