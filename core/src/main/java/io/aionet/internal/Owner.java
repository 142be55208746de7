package io.aionet.internal;

/**
 * The one check behind "misuse is caught, not raced": an event channel, and every socket on it, is
 * driven by the channel's owner thread only; any other thread gets {@link WrongThreadException} — the
 * same type from every operation of every channel and socket — before anything touches the ring.
 * Other threads reach a channel through its thread-safe {@code post}.
 */
public final class Owner {
    private Owner() {}

    /**
     * Throws {@link WrongThreadException} unless the calling thread is {@code owner}.
     *
     * @param what the object being used, named in the message
     */
    public static void check(Thread owner, Object what) {
        Thread t = Thread.currentThread();
        if (t != owner) {
            throw wrongThread(owner, t, what);
        }
    }

    private static WrongThreadException wrongThread(Thread owner, Thread t, Object what) {
        return new WrongThreadException(what + " is owned by thread \"" + owner.getName()
                + "\" (its event channel's owner), not \"" + t.getName()
                + "\"; other threads may only post() to the channel");
    }
}
