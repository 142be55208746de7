package io.aionet.bench.event;

import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.uring.IoUring;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code events} macro benchmark (issue 4, event channels): cross-thread user events — throughput
 * with one and two producers, CPU per event, and the wake-up latency of a sleeping consumer — for
 * aionet's {@code EventChannel.post} + {@code await}/{@code next}, the JDK's {@code Selector.wakeup()}
 * + {@code ConcurrentLinkedQueue} (Netty-style guarded wake-up, and a wake-up per post), and a C
 * reference on epoll + eventfd ({@code bench/native/events_epoll.c}); and one-shot timers, 10,000 per
 * run, for aionet's {@code addTimer} against {@code ScheduledThreadPoolExecutor}. Ratios of aionet to
 * each peer are taken within each round.
 */
public final class EventsMacro implements MacroBenchmark {
    static final String AIONET = "aionet";
    static final String SELECTOR = "jdk-selector";
    static final String SELECTOR_PLAIN = "jdk-selector-plain";
    static final String C = "c-epoll";
    static final String STPE = "jdk-stpe";
    static final String RATE = "M events/s";
    static final String CPU = "ns/event";
    static final String MICROS = "µs";
    /** Producer counts measured. */
    static final int[] PRODUCERS = {1, 2};
    /** Tags per throughput run. */
    static final long EVENTS = 2_000_000;
    /** Wake-ups timed per latency run. */
    static final int SAMPLES = 2_000;
    static final String TIMERS = "10k one-shot timers";
    static final String PERIODIC = "10k periodic timers";

    private AionetUserEvents aionet;
    private SelectorUserEvents selector;
    private SelectorUserEvents selectorPlain;
    private CEpollUserEvents c;
    private TimerRuns timers;

    /** Creates the benchmark; the channels are made on first use, on the harness thread that owns them. */
    public EventsMacro() {}

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String title() {
        return "Cross-thread user events and timers: events/s, CPU per event, wake-up latency";
    }

    @Override
    public List<String> impls() {
        return List.of(AIONET, SELECTOR, SELECTOR_PLAIN, C, STPE);
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) {
        Map<String, String> skipped = new LinkedHashMap<>();
        if (!IoUring.isAvailable()) {
            skipped.put(AIONET, "io_uring is not available: " + IoUring.unavailabilityCause().getMessage());
        }
        NativeBuild.Result r = NativeBuild.compile("events_epoll.c", ctx.buildDir(), "-lpthread");
        if (r.ok()) {
            c = new CEpollUserEvents(r.program());
        } else {
            skipped.put(C, r.problem());
        }
        return skipped;
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        return switch (impl) {
            case AIONET -> {
                if (aionet == null) {
                    aionet = new AionetUserEvents(); // owned by the harness thread, which consumes
                    timers = new TimerRuns();
                }
                List<Measurement> ms = userEvents(AIONET, aionet);
                ms.add(new Measurement(AIONET, TIMERS, RATE, TimerRuns.TIMERS * 1e3 / timers.aionet()));
                ms.addAll(periodic(AIONET, timers.aionetPeriodic()));
                yield ms;
            }
            case SELECTOR -> {
                if (selector == null) {
                    selector = new SelectorUserEvents(true);
                }
                yield userEvents(SELECTOR, selector);
            }
            case SELECTOR_PLAIN -> {
                if (selectorPlain == null) {
                    selectorPlain = new SelectorUserEvents(false);
                }
                yield userEvents(SELECTOR_PLAIN, selectorPlain);
            }
            case C -> runC();
            case STPE -> {
                if (timers == null) {
                    timers = new TimerRuns();
                }
                List<Measurement> ms = new ArrayList<>();
                ms.add(new Measurement(STPE, TIMERS, RATE, TimerRuns.TIMERS * 1e3 / timers.stpe()));
                ms.addAll(periodic(STPE, timers.stpePeriodic()));
                yield ms;
            }
            default -> throw new IllegalArgumentException("events has no impl " + impl);
        };
    }

    private static List<Measurement> periodic(String impl, TimerRuns.Periodic p) {
        return List.of(new Measurement(impl, PERIODIC, RATE, p.mEventsPerSecond()),
                new Measurement(impl, PERIODIC + " cpu", CPU, p.cpuNanosPerEvent()));
    }

    private static String producers(int p) {
        return p + (p == 1 ? " producer" : " producers");
    }

    private static List<Measurement> userEvents(String impl, UserEventPeer peer) throws Exception {
        List<Measurement> rates = new ArrayList<>();
        List<Measurement> cpus = new ArrayList<>();
        for (int p : PRODUCERS) {
            Throughput t = peer.throughput(EVENTS, p);
            rates.add(new Measurement(impl, producers(p), RATE, t.mEventsPerSecond()));
            cpus.add(new Measurement(impl, producers(p) + " cpu", CPU, t.cpuNanosPerEvent()));
        }
        Histogram h = peer.latency(SAMPLES);
        List<Measurement> ms = new ArrayList<>(rates);
        ms.addAll(cpus);
        ms.addAll(latency(impl, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9)));
        return ms;
    }

    private static List<Measurement> latency(String impl, long p50, long p99, long p999) {
        return List.of(new Measurement(impl, "wake-up p50", MICROS, p50 / 1e3),
                new Measurement(impl, "wake-up p99", MICROS, p99 / 1e3),
                new Measurement(impl, "wake-up p99.9", MICROS, p999 / 1e3));
    }

    private List<Measurement> runC() throws Exception {
        List<Measurement> rates = new ArrayList<>();
        List<Measurement> cpus = new ArrayList<>();
        for (int p : PRODUCERS) {
            Throughput t = c.throughput(EVENTS, p);
            rates.add(new Measurement(C, producers(p), RATE, t.mEventsPerSecond()));
            cpus.add(new Measurement(C, producers(p) + " cpu", CPU, t.cpuNanosPerEvent()));
        }
        long[] l = c.latency(SAMPLES);
        List<Measurement> ms = new ArrayList<>(rates);
        ms.addAll(cpus);
        ms.addAll(latency(C, l[0], l[1], l[2]));
        return ms;
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        List<Measurement> a = round.get(AIONET);
        if (a == null) {
            return List.of();
        }
        List<Measurement> ratios = new ArrayList<>();
        for (String peer : List.of(SELECTOR, SELECTOR_PLAIN, C, STPE)) {
            List<Measurement> other = round.get(peer);
            if (other == null) {
                continue;
            }
            for (Measurement m : a) {
                for (Measurement o : other) {
                    if (m.metric().equals(o.metric()) && o.value() > 0) {
                        ratios.add(new Measurement(AIONET, m.metric() + " / " + peer, "ratio", m.value() / o.value()));
                    }
                }
            }
        }
        return ratios;
    }

    @Override
    public List<String> chartMetrics() {
        List<String> m = new ArrayList<>();
        for (int p : PRODUCERS) {
            m.add(producers(p));
        }
        m.add(TIMERS);
        m.add(PERIODIC);
        return m;
    }

    @Override
    public String chartTitle() {
        return "million events per second (higher is better)";
    }

    @Override
    public String chartUnit() {
        return RATE;
    }

    @Override
    public List<String> notes() {
        return List.of(
                EVENTS + " tags per throughput run, split evenly over the producers; the consumer is the harness thread",
                "wake-up latency: " + SAMPLES + " samples per run, post after the consumer announced its wait plus a "
                        + Handshake.PAUSE_NANOS / 1000 + " µs pause (it is asleep in the kernel); time from post to the"
                        + " receive call returning the tag (HdrHistogram, 3 digits)",
                "cpu: CPU time (user + kernel) of consumer and producer threads together, per event",
                "jdk-selector: Netty-style guarded wakeup() (only when the consumer announced it may block);"
                        + " jdk-selector-plain: wakeup() after every offer; both ConcurrentLinkedQueue<Long>",
                "c-epoll: bench/native/events_epoll.c, Vyukov MPSC queue + eventfd written only when the consumer"
                        + " announced sleep, epoll_wait (gcc -O2)",
                TIMERS + ": delays spread evenly over " + TimerRuns.SPREAD_NANOS / 1000 + " µs, armed back to back;"
                        + " time from the first arm to the last expiry delivered; jdk-stpe: ScheduledThreadPoolExecutor(1)",
                PERIODIC + ": period " + TimerRuns.PERIOD_NANOS / 1_000_000 + " ms (1 M events/s offered), phases"
                        + " spread over one period, counted for " + TimerRuns.WINDOW_NANOS / 1_000_000 + " ms after one"
                        + " period; cpu: the thread that takes the events (aionet: the owner; jdk-stpe: the pool thread);"
                        + " the kernel's hrtimer work lands on whichever thread it interrupts");
    }

    @Override
    public void close() throws Exception {
        if (aionet != null) {
            aionet.close();
        }
        if (timers != null) {
            timers.close();
        }
        if (selector != null) {
            selector.close();
        }
        if (selectorPlain != null) {
            selectorPlain.close();
        }
    }
}
