package io.aionet.event.spi;

import io.aionet.backend.Backend;

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
}
