package io.aionet.cli;

import io.aionet.channel.capture.BpfProgram;
import io.aionet.channel.classifier.FlowClassifier;
import io.aionet.channel.capture.PacketDispatcher;
import io.aionet.channel.capture.PacketRing;
import io.aionet.channel.capture.PacketRingStats;
import io.aionet.channel.capture.PcapWriter;
import io.aionet.channel.tcp.TcpDirection;
import io.aionet.channel.tcp.TcpEngineLimits;
import io.aionet.channel.tcp.TcpFlow;
import io.aionet.channel.tcp.TcpReceiveEngine;
import io.aionet.channel.tcp.TcpStreamListener;
import io.aionet.Errno;
import io.aionet.LinuxException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code aionet capture --iface IF [--filter BPF] [--seconds S] [--pcap FILE] [--outgoing]}: Van
 * Jacobson's net channels end to end. Frames come through the mmap'd receive ring ({@link PacketRing}),
 * the flow classifier sends each to its flow's channel (mappings are installed as the TCP receive
 * engine discovers connections, the way sockets install them; unmatched frames go to the default
 * channel), the engine reassembles, and at the end each flow's byte count per direction and the ring's
 * drop counters are printed.
 *
 * <p>{@code --filter} takes compiled classic BPF, not an expression (that would need libpcap): a file
 * holding {@code tcpdump -dd EXPR} or {@code tcpdump -ddd EXPR} output, the {@code -ddd} numbers inline
 * with commas for line breaks ({@code "4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0"}), or the
 * shortcuts {@code tcp-port:N} / {@code udp-port:N} (IPv4, source or destination port N).
 */
@Command(name = "capture", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Van Jacobson's net channels: mmap'd packet ring, flow classifier and TCP reassembly "
                + "on one interface; prints each flow's bytes and the ring's drop counters.")
final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--iface", paramLabel = "IF", required = true, description = "the interface to capture on (e.g. lo)")
    String iface;

    @Option(names = "--filter", paramLabel = "FILE|NUMBERS|tcp-port:N|udp-port:N",
            description = "classic BPF: a file of 'tcpdump -dd'/'-ddd' output, -ddd numbers with commas for "
                    + "line breaks, or the shortcuts tcp-port:N / udp-port:N (IPv4)")
    String filterArg;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "how long to capture, (0, 86400] (default: ${DEFAULT-VALUE})")
    double seconds = 10;

    @Option(names = "--pcap", paramLabel = "FILE", description = "also write the frames to a pcap file")
    String pcap;

    @Option(names = "--outgoing", description = "on lo, keep the outgoing copy of each packet too")
    boolean outgoing;

    @Spec
    CommandSpec spec;

    /** The channel of one flow: what the classifier delivered to it. */
    static final class FlowChannel {
        final String name;
        long frames, wireBytes;

        FlowChannel(String name) {
            this.name = name;
        }
    }

    @Override
    public Integer call() throws Exception {
        return run(Main.root(spec).out);
    }

    int run(PrintStream out) throws Exception {
        if (!(seconds > 0) || seconds > 86_400) {
            throw new IllegalArgumentException("seconds must be in (0, 86400]: " + seconds);
        }
        BpfProgram filter = filterArg == null ? null : filter(filterArg);
        // on loopback each packet passes the tap twice (outgoing, then incoming): keep one copy
        boolean ignoreOutgoing = iface.equals("lo") && !outgoing;

        FlowChannel defaultChannel = new FlowChannel("default");
        FlowClassifier<FlowChannel> classifier = new FlowClassifier<>(defaultChannel, 2 * 65536);
        Map<Long, FlowChannel> channels = new LinkedHashMap<>();
        Map<Long, String> reports = new LinkedHashMap<>();
        FlowChannel[] opening = new FlowChannel[1]; // the channel the hook's factory hands out
        FlowClassifier.Hook hook = classifier.hook((proto, local, remote) -> opening[0]);
        TcpStreamListener listener = new TcpStreamListener() {
            @Override
            public void onOpen(TcpFlow f) {
                FlowChannel ch = new FlowChannel(f.toString());
                opening[0] = ch;
                channels.put(f.id(), ch);
                if (classifier.size() + 2 <= classifier.maxEntries()) {
                    hook.socketOpened(6, f.server(), f.client()); // client -> server packets
                    hook.socketOpened(6, f.client(), f.server()); // server -> client packets
                }
            }

            @Override
            public void onData(TcpFlow f, TcpDirection d, MemorySegment data, long off, long len) {
            }

            @Override
            public void onClose(TcpFlow f, TcpFlow.CloseReason reason) {
                hook.socketClosed(6, f.server(), f.client());
                hook.socketClosed(6, f.client(), f.server());
                FlowChannel ch = channels.get(f.id());
                reports.put(f.id(), String.format("%-50s c->s %,12d B  s->c %,12d B  gaps %,d B  frames %,d  %s%s",
                        f.toString(), f.bytes(TcpDirection.CLIENT_TO_SERVER), f.bytes(TcpDirection.SERVER_TO_CLIENT),
                        f.gapBytes(TcpDirection.CLIENT_TO_SERVER) + f.gapBytes(TcpDirection.SERVER_TO_CLIENT),
                        ch == null ? 0 : ch.frames, reason, f.handshakeSeen() ? "" : " (mid-stream)"));
            }
        };
        TcpReceiveEngine engine = new TcpReceiveEngine(TcpEngineLimits.DEFAULT, listener);
        PacketDispatcher<FlowChannel> dispatcher = new PacketDispatcher<>(classifier, (ch, mem, off, len, parsed, ts) -> {
            ch.frames++;
            ch.wireBytes += len;
            engine.accept(parsed, mem, ts);
        });

        PacketRingStats stats;
        long frames = 0;
        try (PacketRing ring = open(PacketRing.builder(iface).filter(filter).ignoreOutgoing(ignoreOutgoing), iface);
             PcapWriter writer = pcap == null ? null : new PcapWriter(Path.of(pcap), 1 << 18)) {
            out.printf("capturing on %s (ifindex %d) for %s s%s%s%n", iface, ring.ifindex(), seconds,
                    filter == null ? "" : ", BPF filter of " + filter.length() + " instructions",
                    ignoreOutgoing ? ", outgoing copies ignored (loopback)" : "");
            io.aionet.channel.packet.PacketHandler handler = writer == null ? dispatcher
                    : (mem, off, len, wire, ts, type) -> {
                        writer.onPacket(mem, off, len, wire, ts, type);
                        dispatcher.onPacket(mem, off, len, wire, ts, type);
                    };
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                frames += ring.poll(handler, (int) Math.max(1, Math.min(100, left / 1_000_000)));
            }
            frames += ring.drain(handler);
            stats = ring.stats();
        }
        engine.flush();

        out.printf("frames: %,d  (to flow channels %,d, to the default channel %,d; malformed %,d, truncated %,d)%n",
                frames, dispatcher.packets() - dispatcher.unmatched(), dispatcher.unmatched(),
                dispatcher.malformed(), dispatcher.truncated());
        out.printf("ring: packets %,d  drops %,d  freeze_q %,d%n", stats.packets(), stats.drops(), stats.freezeQueues());
        out.printf("tcp: flows %,d  segments %,d  evicted %,d  out-of-window %,d  gap bytes %,d  non-tcp %,d%n",
                engine.flowsCreated(), engine.segments(), engine.evicted(), engine.outOfWindow(), engine.gapBytes(), engine.nonTcp());
        int shown = 0;
        for (String r : reports.values()) {
            if (shown++ == 100) {
                out.printf("... %,d more flows%n", reports.size() - 100);
                break;
            }
            out.println(r);
        }
        if (pcap != null) {
            out.println("pcap written: " + pcap);
        }
        return 0;
    }

    private static PacketRing open(PacketRing.Builder b, String iface) throws LinuxException {
        try {
            return b.build();
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENODEV) {
                throw new IllegalArgumentException("no interface named " + iface);
            }
            if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES) {
                throw new IllegalArgumentException("AF_PACKET capture needs root (CAP_NET_RAW): " + e.getMessage());
            }
            throw e;
        }
    }

    /** Parses --filter: tcp-port:N, udp-port:N, a file of tcpdump -dd/-ddd output, or -ddd numbers with commas. */
    static BpfProgram filter(String arg) throws java.io.IOException {
        if (arg.startsWith("tcp-port:") || arg.startsWith("udp-port:")) {
            int port = Integer.parseInt(arg.substring(9));
            return BpfProgram.ipv4Port(arg.startsWith("tcp") ? 6 : 17, port);
        }
        Path p = Path.of(arg);
        if (!arg.contains(",") && !arg.contains("{") && Files.isRegularFile(p)) {
            return BpfProgram.parse(Files.readString(p));
        }
        return BpfProgram.parse(arg.contains("{") ? arg : arg.replace(',', '\n'));
    }
}
