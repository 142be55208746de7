package io.aionet.cli;

import io.aionet.internal.ResourceSnapshot;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the soak watches in its own process: the library's figures ({@link ResourceSnapshot}:
 * descriptors, the native memory the library mapped, its open channels, areas and sockets, the
 * buffers held), the JDK's direct memory (where {@code Arena}s allocate), and the resident set size,
 * sampled while the connections run to tell a steady state from a leak.
 */
final class SoakResources {
    private SoakResources() {}

    /** One point of the resident set size: when (since sampling began), how many bytes. */
    record Sample(long nanos, long rss) {}

    /** The process's resident set size in bytes ({@code VmRSS} of {@code /proc/self/status}); -1 without /proc. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: no figure
        }
        return -1;
    }

    /** The machine's load averages over 1, 5 and 15 minutes ({@code /proc/loadavg}), or "?" without /proc. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Bytes of the JDK's direct memory in use (direct buffers and {@code Arena} allocations). */
    static long directMemory() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        return -1;
    }

    /**
     * Opens what the JDK opens once and keeps (the virtual-thread pollers' descriptors, NIO's socket
     * helpers): a virtual thread connects, blocks reading until the peer writes, and closes. Done
     * before the baseline, these belong to it instead of counting as a leak of the run.
     */
    static void warmUpJdk() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                    s.getInputStream().read();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (Socket peer = ss.accept()) {
                Thread.sleep(50); // the reader parks: its poller is started
                peer.getOutputStream().write(1);
            }
            t.join();
        }
    }

    /**
     * Pipes an event channel keeps for its file sends once they ended, for the next ones (io_uring's
     * file sends splice through a pipe; {@code FilePipes.KEEP} of them, two descriptors each, are kept):
     * a bounded cache, closed with the channel, not a leak.
     */
    static final int PIPE_DESCRIPTORS_KEPT_PER_CHANNEL = 2 * 16;

    /** Pipe descriptors in {@code s}. */
    static int pipes(ResourceSnapshot s) {
        int n = 0;
        for (String target : s.descriptors().values()) {
            if (target.startsWith("pipe:")) {
                n++;
            }
        }
        return n;
    }

    /** The figures of {@code s} by name, the descriptors split into pipes and the others. */
    static Map<String, Long> figures(ResourceSnapshot s) {
        Map<String, Long> m = new LinkedHashMap<>();
        int pipes = pipes(s);
        m.put("descriptors (but pipes)", (long) (s.fds() - pipes));
        m.put("pipes", (long) pipes);
        for (var e : s.figures().entrySet()) {
            if (!e.getKey().equals("fds")) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /**
     * What grew in {@code now} over {@code base}, one line per figure; pipes may grow by
     * {@code pipesAllowed} descriptors (the file sends' cache).
     */
    static List<String> growth(ResourceSnapshot now, ResourceSnapshot base, int pipesAllowed) {
        List<String> out = new ArrayList<>();
        for (String g : now.growthOver(base)) {
            if (!g.startsWith("open descriptors ")) {
                out.add(g);
            }
        }
        int others = now.fds() - pipes(now);
        int baseOthers = base.fds() - pipes(base);
        if (others > baseOthers) {
            out.add("descriptors other than pipes " + baseOthers + " -> " + others);
        }
        if (pipes(now) > pipes(base) + pipesAllowed) {
            out.add("pipe descriptors " + pipes(base) + " -> " + pipes(now) + " (the file sends keep up to "
                    + pipesAllowed + ")");
        }
        return out;
    }

    /**
     * Waits up to {@code timeoutMillis} until no figure is above {@code base} (closing is partly
     * asynchronous: cancelled receives hand their buffers back, {@code serve} frees a closed
     * connection's memory a second later and lingers up to two seconds for a client's FIN); returns
     * the last snapshot.
     */
    static ResourceSnapshot settle(ResourceSnapshot base, int pipesAllowed, long timeoutMillis)
            throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        ResourceSnapshot now = ResourceSnapshot.take();
        boolean gced = false;
        while (!growth(now, base, pipesAllowed).isEmpty() && System.nanoTime() < end) {
            if (!gced) {
                System.gc(); // lets dropped JDK sockets be cleaned
                gced = true;
            }
            Thread.sleep(100);
            now = ResourceSnapshot.take();
        }
        return now;
    }

    /** Samples the resident set size twice a second on a daemon thread until {@link #stop()}. */
    static final class RssSampler implements Runnable {
        private final List<Sample> samples = new ArrayList<>();
        private final long start = System.nanoTime();
        private final Thread thread;
        private volatile boolean stopped;

        RssSampler() {
            thread = Thread.ofPlatform().daemon().name("soak-rss").unstarted(this);
            thread.start();
        }

        @Override
        public void run() {
            while (!stopped) {
                sample();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void sample() {
            samples.add(new Sample(System.nanoTime() - start, rss()));
        }

        /** Stops sampling after one last sample; returns every sample. */
        synchronized List<Sample> stop() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            thread.join();
            sample();
            return List.copyOf(samples);
        }

        /** The latest sample's RSS. */
        synchronized long latest() {
            return samples.isEmpty() ? rss() : samples.get(samples.size() - 1).rss();
        }
    }

    /**
     * The resident set size right after a full collection, with the heap's committed and used bytes
     * then. How much of the committed heap is resident (touched) is not known — the collector commits
     * and uncommits regions as it goes — but it lies between the used bytes (live objects are resident)
     * and the committed ones, so what is resident besides the heap (code, metaspace, the collector's
     * tables, thread stacks, the library's and the JDK's native memory) lies between
     * {@link #beyondHeapAtLeast()} and {@link #beyondHeapAtMost()}.
     */
    record Resident(long rss, long heapCommitted, long heapUsed) {
        /**
         * Collects, then measures once the RSS has settled: a collector that shrinks the heap returns
         * the memory in the background, after {@link Runtime#totalMemory()} already tells the smaller
         * size (waits until the RSS has not dropped by a MiB for half a second, at most five seconds).
         */
        static Resident afterGc() throws InterruptedException {
            System.gc();
            long end = System.nanoTime() + 5_000_000_000L;
            long low = SoakResources.rss();
            long lowSince = System.nanoTime();
            while (System.nanoTime() - lowSince < 500_000_000L && System.nanoTime() < end) {
                Thread.sleep(50);
                long now = SoakResources.rss();
                if (now < low - (1 << 20)) {
                    low = now;
                    lowSince = System.nanoTime();
                }
            }
            Runtime rt = Runtime.getRuntime();
            long committed = rt.totalMemory();
            return new Resident(SoakResources.rss(), committed, committed - rt.freeMemory());
        }

        /** Resident bytes besides the heap, at most (the heap resident as little as its live objects). */
        long beyondHeapAtMost() {
            return rss - heapUsed;
        }

        /** Resident bytes besides the heap, at least (the heap resident as much as it has committed). */
        long beyondHeapAtLeast() {
            return rss - heapCommitted;
        }
    }

    /**
     * Whether the RSS held steady over the run's second half: what is resident besides the heap must
     * not be sure to have grown by more than {@code max(64 MiB, 15 %)} of the half-way RSS — the least
     * it can be at the end against the most it could be half-way (the JIT, the servers' pools and the
     * client's threads have grown by then). Taking the bounds this way round, the heap's unknown
     * resident part never passes for a leak; a leak that grows with the connections does show, the
     * more clearly the longer the run.
     */
    static boolean rssSteady(Resident half, Resident end) {
        return end.beyondHeapAtLeast() - half.beyondHeapAtMost() <= Math.max(64L << 20, half.rss() * 15 / 100);
    }
}
