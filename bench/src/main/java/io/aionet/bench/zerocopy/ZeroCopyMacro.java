package io.aionet.bench.zerocopy;

import io.aionet.bench.bulk.PeerProcess;
import io.aionet.bench.bulk.Transfer;
import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.net.AsyncSocket;
import io.aionet.uring.IoUring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code zerocopy} macro benchmark (issue 5: below a size threshold a copying send is used —
 * measure, then choose the default of {@link AsyncSocket#DEFAULT_ZERO_COPY_THRESHOLD}): over loopback
 * TCP to a discarding C receiver, messages of 1 to 256 KiB sent with {@link AsyncSocket#send} (copy)
 * and with {@link AsyncSocket#sendZeroCopy} at threshold 0 ({@code SEND_ZC} every time). Measured per
 * size: MB/s, the sending process's CPU seconds per GiB and µs per send, and the share of zero-copy
 * sends the kernel copied (all of them on loopback: the figure is the price of pinning and
 * notifications when the copy cannot be avoided).
 */
public final class ZeroCopyMacro implements MacroBenchmark {
    static final String COPY = "send";
    static final String ZC = "sendZeroCopy";
    static final int STREAMS = 4;

    private Path peer;

    @Override
    public String name() {
        return "zerocopy";
    }

    @Override
    public String title() {
        return "send vs SEND_ZC by message size over loopback TCP: sender CPU s/GiB, MB/s, share copied";
    }

    @Override
    public List<String> impls() {
        return List.of(COPY, ZC);
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        NativeBuild.Result r = NativeBuild.compile("bulk_peer.c", ctx.buildDir(), "-lpthread");
        if (!r.ok()) {
            for (String i : impls()) {
                skipped.put(i, "the receiver cannot be built: " + r.problem());
            }
            return skipped;
        }
        peer = r.program();
        if (!IoUring.isAvailable()) {
            for (String i : impls()) {
                skipped.put(i, "io_uring is not available: " + IoUring.unavailabilityCause().getMessage());
            }
        }
        return skipped;
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        boolean zc = switch (impl) {
            case COPY -> false;
            case ZC -> true;
            default -> throw new IllegalArgumentException("zerocopy has no impl " + impl);
        };
        List<Measurement> out = new ArrayList<>();
        for (int size : ZeroCopyPlan.SIZES) {
            long perStream = ZeroCopyPlan.messagesPerStream(size, STREAMS);
            ZeroCopySender.Result r;
            try (PeerProcess sink = PeerProcess.start(peer, "epoll", Integer.toString(STREAMS))) {
                r = ZeroCopySender.run(sink.port(), STREAMS, size, perStream, zc);
                Transfer got = Transfer.parseResult(sink.line("result "));
                sink.await(30);
                if (got.bytes() != r.bytes() || r.bytes() != (long) size * perStream * STREAMS) {
                    throw new IOException(impl + " at " + size + " B: sent " + r.bytes() + ", received " + got.bytes());
                }
            }
            Transfer t = new Transfer(r.bytes(), r.nanos(), r.cpuNanos());
            String m = ZeroCopyPlan.label(size);
            out.add(new Measurement(impl, "cpu " + m, "CPU s/GiB", t.cpuSecondsPerGiB()));
            out.add(new Measurement(impl, "throughput " + m, "MB/s", t.megabytesPerSecond()));
            out.add(new Measurement(impl, "cpu/send " + m, "CPU us/send", ZeroCopyPlan.cpuMicrosPerSend(r)));
            if (zc) {
                out.add(new Measurement(impl, "copied " + m, "% copied", ZeroCopyPlan.copiedPercent(r)));
            }
        }
        return out;
    }

    /** Per size: zero-copy CPU per GiB over copy's, and the extra CPU µs a zero-copy send costs. */
    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        List<Measurement> copy = round.get(COPY);
        List<Measurement> zc = round.get(ZC);
        List<Measurement> out = new ArrayList<>();
        if (copy == null || zc == null) {
            return out;
        }
        for (Measurement z : zc) {
            for (Measurement c : copy) {
                if (!c.metric().equals(z.metric()) || !c.unit().equals(z.unit())) {
                    continue;
                }
                if (z.unit().equals("CPU s/GiB") && c.value() > 0) {
                    out.add(new Measurement(ZC, z.metric() + " / " + COPY, "ratio", z.value() / c.value()));
                } else if (z.unit().equals("CPU us/send")) {
                    out.add(new Measurement(ZC, "extra " + z.metric() + " over " + COPY, "CPU us/send",
                            z.value() - c.value()));
                }
            }
        }
        return out;
    }

    @Override
    public String chartTitle() {
        return "sender CPU seconds per GiB by message size (lower is better)";
    }

    @Override
    public String chartUnit() {
        return "CPU s/GiB";
    }

    @Override
    public List<String> notes() {
        return List.of(STREAMS + " loopback TCP connections on one event channel, " + ZeroCopySender.WINDOW
                        + " sends queued per connection (one in the kernel at a time), the same message memory"
                        + " sent over and over; per size min(" + ZeroCopyPlan.MESSAGES + " messages, "
                        + (ZeroCopyPlan.MAX_BYTES >> 20) + " MiB) per run",
                "receiver: C (bulk_peer epoll), non-blocking recv(2) into one 64 KiB buffer, in its own process",
                "sendZeroCopy: zeroCopyThreshold(0), so IORING_OP_SEND_ZC with IORING_SEND_ZC_REPORT_USAGE at every"
                        + " size; its completion comes after the kernel's notification",
                "CPU: the sending process (all threads, user + system) from the first send to the last completion;"
                        + " on loopback the kernel copies every zero-copy send (\"% copied\")");
    }
}
