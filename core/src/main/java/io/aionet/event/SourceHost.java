package io.aionet.event;

import io.aionet.backend.Backend;

/**
 * What a {@link Source} sees of its channel: the backend its requests go to, the pending events its
 * completions become, and the few services a source needs from the hub. Narrow on purpose: sources
 * own their system calls; the channel does not make them on their behalf.
 */
interface SourceHost {
    /** The channel's backend. */
    Backend backend();

    /** Where events go. */
    PendingEvents pending();

    /** True when the backend has periodic (multishot) timeouts. */
    boolean multishotTimeouts();

    /** The channel's owner thread. */
    Thread owner();

    /** Queues a level-triggered source to poll again at the end of this round. */
    void rearmLater(FdSource s);

    /** A periodic timeout ticked after its removal: remove it again after this pump. */
    void removeTimerAgain(long userData);

    /** Drops registrations whose descriptor was closed (or now names another file), reporting each. */
    void sweepDescriptors(PendingEvents out);
}
