package io.aionet.nio;

import java.nio.channels.CompletionHandler;

/**
 * Where the outcome of one asynchronous operation goes: a {@link CompletionHandler} with its
 * attachment, an {@link IoFuture}, or a parked thread of a blocking stream.
 */
interface Done<V> {
    /** The operation ended on its loop thread: {@code exc == null} for success. */
    void done(V value, Throwable exc);

    /**
     * True when nobody waits for the outcome any more (a cancelled future): the channel then drops the
     * operation if it has not reached the kernel, and keeps bytes a read received anyway for the next read.
     */
    default boolean abandoned() {
        return false;
    }

    /**
     * Called on the loop thread before a read's bytes go into the caller's buffer: true when the outcome
     * is now this operation's to deliver (a cancel arriving later fails), false when it was abandoned —
     * the bytes then stay with the channel for the next read.
     */
    default boolean claim() {
        return !abandoned();
    }

    /** The operation ended at once on the initiating thread (closed channel, nothing to do). */
    default void immediate(V value, Throwable exc) {
        done(value, exc);
    }

    /** A completion handler and its attachment, invoked by the group's rules. */
    record Handler<V, A>(AionetChannelGroup group, Loop loop, CompletionHandler<V, ? super A> handler, A attachment)
            implements Done<V> {
        @Override
        public void done(V value, Throwable exc) {
            group.complete(handler, attachment, value, exc);
        }

        @Override
        public void immediate(V value, Throwable exc) {
            group.invokeImmediate(loop, handler, attachment, value, exc);
        }
    }
}
