package io.aionet.cli;

import io.aionet.channel.BpfProgram;
import io.aionet.channel.FlowClassifier;
import io.aionet.channel.PacketDispatcher;
import io.aionet.channel.PacketRing;
import io.aionet.channel.PacketRingStats;
import io.aionet.channel.PcapWriter;
import io.aionet.channel.TcpDirection;
import io.aionet.channel.TcpEngineLimits;
import io.aionet.channel.TcpFlow;
import io.aionet.channel.TcpReceiveEngine;
import io.aionet.channel.TcpStreamListener;
import io.aionet.Errno;
import io.aionet.LinuxException;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
final class CaptureCommand {
    private CaptureCommand() {}

    static final String USAGE = "usage: aionet capture --iface IF [--filter FILE|NUMBERS|tcp-port:N|udp-port:N] "
            + "[--seconds S] [--pcap FILE] [--outgoing]";

    /** The channel of one flow: what the classifier delivered to it. */
    static final class FlowChannel {
        final String name;
        long frames, wireBytes;

        FlowChannel(String name) {
            this.name = name;
        }
    }

    static int run(String[] args) throws Exception {
        String iface = null, filterArg = null, pcap = null;
        double seconds = 10;
        boolean outgoing = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iface" -> iface = value(args, ++i);
                case "--filter" -> filterArg = value(args, ++i);
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
                case "--pcap" -> pcap = value(args, ++i);
                case "--outgoing" -> outgoing = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (iface == null) {
            throw new IllegalArgumentException("--iface is required\n" + USAGE);
        }
        if (!(seconds > 0) || seconds > 86_400) {
            throw new IllegalArgumentException("--seconds must be in (0, 86400]: " + seconds);
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
            System.out.printf("capturing on %s (ifindex %d) for %s s%s%s%n", iface, ring.ifindex(), seconds,
                    filter == null ? "" : ", BPF filter of " + filter.length() + " instructions",
                    ignoreOutgoing ? ", outgoing copies ignored (loopback)" : "");
            io.aionet.channel.PacketHandler handler = writer == null ? dispatcher
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

        System.out.printf("frames: %,d  (to flow channels %,d, to the default channel %,d; malformed %,d, truncated %,d)%n",
                frames, dispatcher.packets() - dispatcher.unmatched(), dispatcher.unmatched(),
                dispatcher.malformed(), dispatcher.truncated());
        System.out.printf("ring: packets %,d  drops %,d  freeze_q %,d%n", stats.packets(), stats.drops(), stats.freezeQueues());
        System.out.printf("tcp: flows %,d  segments %,d  evicted %,d  out-of-window %,d  gap bytes %,d  non-tcp %,d%n",
                engine.flowsCreated(), engine.segments(), engine.evicted(), engine.outOfWindow(), engine.gapBytes(), engine.nonTcp());
        int shown = 0;
        for (String r : reports.values()) {
            if (shown++ == 100) {
                System.out.printf("... %,d more flows%n", reports.size() - 100);
                break;
            }
            System.out.println(r);
        }
        if (pcap != null) {
            System.out.println("pcap written: " + pcap);
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

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
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
