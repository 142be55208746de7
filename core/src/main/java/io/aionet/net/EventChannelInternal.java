package io.aionet.net;

/** Values shared with the event layer's bookkeeping. */
final class EventChannelInternal {
    private EventChannelInternal() {}

    /** The {@code user_data} the event channel ignores (slot 0): for cancellations nobody waits on. */
    static final long INTERNAL_TAG = 0;
}
