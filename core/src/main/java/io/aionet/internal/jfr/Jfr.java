package io.aionet.internal.jfr;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Where the library meets JFR. Open channels and pools register their counters here; two periodic
 * hooks turn them into {@link ChannelStatisticsEvent}s and {@link ReceivePoolStatisticsEvent}s while a
 * recording enables those events. Socket operations ask {@link #startSlow()} for an event to time
 * themselves with: {@code null} (no allocation, no clock read) unless a recording enables
 * {@link SlowOperationEvent}.
 */
public final class Jfr {
    /** The counters of one open event channel, read by the periodic hook (racy reads: approximate). */
    public interface ChannelCounters {
        /**
         * Fills {@code e}'s fields.
         *
         * @param e the event about to be committed
         */
        void fill(ChannelStatisticsEvent e);
    }

    /** The counters of one open receive pool, read by the periodic hook (racy reads: approximate). */
    public interface PoolCounters {
        /**
         * Fills {@code e}'s fields.
         *
         * @param e the event about to be committed
         */
        void fill(ReceivePoolStatisticsEvent e);
    }

    /**
     * Weak: a channel or pool the program dropped without closing must stay collectable (and reach the
     * leak detector), so the registry never holds its counters strongly.
     */
    private static final Set<ChannelCounters> CHANNELS = weakSet();
    private static final Set<PoolCounters> POOLS = weakSet();
    /** Null when this JVM has no flight recorder. */
    private static final EventType SLOW;

    static {
        EventType slow = null;
        try {
            FlightRecorder.addPeriodicEvent(ChannelStatisticsEvent.class, () -> {
                for (ChannelCounters c : snapshot(CHANNELS)) {
                    ChannelStatisticsEvent e = new ChannelStatisticsEvent();
                    c.fill(e);
                    e.commit();
                }
            });
            FlightRecorder.addPeriodicEvent(ReceivePoolStatisticsEvent.class, () -> {
                for (PoolCounters p : snapshot(POOLS)) {
                    ReceivePoolStatisticsEvent e = new ReceivePoolStatisticsEvent();
                    p.fill(e);
                    e.commit();
                }
            });
            slow = EventType.getEventType(SlowOperationEvent.class);
        } catch (RuntimeException | LinkageError e) {
            // no flight recorder in this JVM (or it refused the events): aionet runs without them
            Log.debugNoJfr(e);
        }
        SLOW = slow;
    }

    private Jfr() {
    }

    private static <T> Set<T> weakSet() {
        return Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    }

    private static <T> List<T> snapshot(Set<T> s) {
        synchronized (s) {
            return new ArrayList<>(s);
        }
    }

    /**
     * Reports {@code c} in the periodic statistics until {@link #unregister(ChannelCounters)}.
     *
     * @param c the channel's counters
     */
    public static void register(ChannelCounters c) {
        CHANNELS.add(c);
    }

    /**
     * Stops reporting {@code c}.
     *
     * @param c the channel's counters
     */
    public static void unregister(ChannelCounters c) {
        CHANNELS.remove(c);
    }

    /**
     * Reports {@code p} in the periodic statistics until {@link #unregister(PoolCounters)}.
     *
     * @param p the pool's counters
     */
    public static void register(PoolCounters p) {
        POOLS.add(p);
    }

    /**
     * Stops reporting {@code p}.
     *
     * @param p the pool's counters
     */
    public static void unregister(PoolCounters p) {
        POOLS.remove(p);
    }

    /** {@return a begun event to time an operation with, or null (the usual case) when no recording wants it} */
    public static SlowOperationEvent startSlow() {
        if (SLOW == null || !SLOW.isEnabled()) {
            return null;
        }
        SlowOperationEvent e = new SlowOperationEvent();
        e.begin();
        return e;
    }

    /**
     * Ends {@code e} (from {@link #startSlow()}; null: nothing to do) and commits it when it took longer
     * than the recording's threshold.
     *
     * @param e         the event, or null
     * @param operation what the operation was
     * @param fd        its socket
     * @param tag       its tag
     * @param result    its result
     */
    public static void endSlow(SlowOperationEvent e, String operation, int fd, long tag, int result) {
        if (e == null) {
            return;
        }
        e.end();
        if (e.shouldCommit()) {
            e.operation = operation;
            e.fd = fd;
            e.tag = tag;
            e.result = result;
            e.commit();
        }
    }

    /** The logger's side of a missing flight recorder. */
    private static final class Log {
        static void debugNoJfr(Throwable e) {
            io.aionet.internal.Log.EVENT.log(System.Logger.Level.DEBUG, "JFR events unavailable: " + e);
        }
    }
}
