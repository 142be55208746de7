package io.aionet.internal;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Which of the library's resources are open right now, and the opt-in leak detector.
 *
 * <p>Every event channel, DMA area and socket takes a {@link Handle} when it is made and closes it in
 * its own {@code close()}. {@link #open(Kind)} counts what is open (the tests' leak accounting compares
 * the counts before and after each test class); {@link #liveBuffers()} sums the buffers the program
 * holds in open areas.
 *
 * <p>With {@code -Daionet.leakDetection=true} each handle also keeps the stack where its resource was
 * made and registers the resource with a {@link Cleaner}: a resource that becomes unreachable without
 * being closed is reported — on the {@code io.aionet.leak} {@link System.Logger} at {@code WARNING},
 * and to a listener set with {@link #onLeak(Consumer)} — with that stack, as Netty's
 * {@code ResourceLeakDetector} does. A DMA area also remembers where each buffer it hands out was
 * reserved, and reports buffers still unreleased when it is closed or collected. The Cleaner only
 * reports; it never closes anything (the memory is the kernel's to unpin, on the owner's thread).
 * Off, a handle costs one set insertion and removal per resource lifetime and nothing per operation.
 */
public final class Resources {
    /** True when {@code -Daionet.leakDetection=true}: creation stacks are kept and leaks reported. */
    public static final boolean LEAK_DETECTION = Boolean.getBoolean("aionet.leakDetection");

    /** The kinds of resource counted. */
    public enum Kind {
        /** {@code io.aionet.event.EventChannel}. */
        EVENT_CHANNEL,
        /** {@code io.aionet.dma.DmaArea}. */
        DMA_AREA,
        /** {@code io.aionet.net.AsyncSocket}. */
        SOCKET,
        /** {@code io.aionet.net.AsyncServerSocket}. */
        SERVER_SOCKET,
        /** {@code io.aionet.net.AsyncDatagramSocket}. */
        DATAGRAM_SOCKET,
        /** {@code io.aionet.aio.AioFile}. */
        AIO_FILE
    }

    private static final System.Logger LEAK_LOG = System.getLogger("io.aionet.leak");
    private static final Set<Handle> OPEN = ConcurrentHashMap.newKeySet();
    private static final Cleaner CLEANER = LEAK_DETECTION ? Cleaner.create() : null;
    private static final AtomicLong LEAKS = new AtomicLong();
    private static volatile Consumer<String> listener;

    private Resources() {}

    /**
     * Registers a resource just made. Call at the end of its constructor (or factory), once it is
     * sure to exist, and {@link Handle#close()} from its {@code close()}.
     *
     * @param resource the object whose reachability the leak detector watches; the handle keeps no
     *                 reference to it
     */
    public static Handle track(Kind kind, Object resource, String description) {
        Handle h = new Handle(kind, description);
        OPEN.add(h);
        if (CLEANER != null) {
            h.cleanable = CLEANER.register(resource, h);
        }
        return h;
    }

    /** How many resources of {@code kind} are open (made and not closed, reachable or not). */
    public static int open(Kind kind) {
        int n = 0;
        for (Handle h : OPEN) {
            if (h.kind == kind) {
                n++;
            }
        }
        return n;
    }

    /** Open resources by kind. */
    public static Map<Kind, Integer> openByKind() {
        Map<Kind, Integer> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, 0);
        }
        for (Handle h : OPEN) {
            m.merge(h.kind, 1, Integer::sum);
        }
        return m;
    }

    /** Descriptions of the open resources, with their creation stacks when leak detection is on. */
    public static List<String> describeOpen() {
        List<String> out = new ArrayList<>();
        for (Handle h : OPEN) {
            out.add(h.kind + " " + h.description + (h.site != null ? "\n" + stack(h.site) : ""));
        }
        return out;
    }

    /** Buffers the program holds in open DMA areas (reserved or received, not yet released). */
    public static long liveBuffers() {
        long n = 0;
        for (Handle h : OPEN) {
            LongSupplier s = h.liveBuffers;
            if (s != null) {
                n += s.getAsLong();
            }
        }
        return n;
    }

    /** Leaks reported since the process started (only counted with leak detection on). */
    public static long leaksReported() {
        return LEAKS.get();
    }

    /**
     * Also hands every leak report to {@code l} (for tests, or a program that wants to fail on a
     * leak); {@code null} removes it. The logger gets every report either way.
     */
    public static void onLeak(Consumer<String> l) {
        listener = l;
    }

    /** Reports a leak found by a resource itself, e.g. a buffer still unreleased when its area closes. */
    public static void reportLeak(String what, Throwable site) {
        String msg = "LEAK: " + what + (site != null ? "\n" + stack(site)
                : " (run with -Daionet.leakDetection=true to see where it was made)");
        LEAKS.incrementAndGet();
        LEAK_LOG.log(System.Logger.Level.WARNING, msg);
        Consumer<String> l = listener;
        if (l != null) {
            l.accept(msg);
        }
    }

    /** A stack kept to say where a resource was made (null when leak detection is off). */
    public static Throwable site(String what) {
        return LEAK_DETECTION ? new Throwable(what) : null;
    }

    private static String stack(Throwable t) {
        StringBuilder sb = new StringBuilder("  " + t.getMessage() + ":");
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("\n    at ").append(e);
        }
        return sb.toString();
    }

    /** One open resource. Closing it twice is harmless. */
    public static final class Handle implements Runnable {
        final Kind kind;
        final String description;
        final Throwable site;
        volatile boolean closed;
        Cleaner.Cleanable cleanable;
        volatile LongSupplier liveBuffers;
        /** Where each outstanding buffer of an area was reserved (leak detection only), or null. */
        volatile Throwable[] leaseSites;

        Handle(Kind kind, String description) {
            this.kind = kind;
            this.description = description;
            this.site = LEAK_DETECTION ? new Throwable(kind + " " + description + " created") : null;
        }

        /** Sets the count of buffers the resource's program holds (DMA areas); must not reference the resource strongly. */
        public void liveBuffers(LongSupplier s) {
            this.liveBuffers = s;
        }

        /** Shares the area's per-slot reservation stacks, reported if the area is collected unclosed. */
        public void leaseSites(Throwable[] sites) {
            this.leaseSites = sites;
        }

        /** The resource was closed: no longer counted, never reported. */
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            OPEN.remove(this);
            Cleaner.Cleanable c = cleanable;
            if (c != null) {
                c.clean(); // runs run() now, which sees closed and reports nothing
            }
        }

        /** The Cleaner's action: the resource became unreachable. */
        @Override
        public void run() {
            if (closed) {
                return;
            }
            closed = true;
            OPEN.remove(this);
            reportLeak(kind + " " + description + " became unreachable without close()", site);
            Throwable[] sites = leaseSites;
            if (sites != null) {
                for (Throwable s : sites) {
                    if (s != null) {
                        reportLeak("a buffer of " + description + " was never released", s);
                    }
                }
            }
        }
    }
}
