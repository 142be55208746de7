package io.aionet.bench.capture;

import io.aionet.channel.capture.BpfProgram;
import io.aionet.channel.packet.PacketHandler;
import io.aionet.channel.capture.PacketRing;
import io.aionet.channel.capture.PacketRingStats;
import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;
import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.linux.Native;
import io.aionet.linux.PacketSockets;
import io.aionet.linux.SockaddrLl;
import io.aionet.linux.Sockets;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Capture rate of Van Jacobson's mmap'd receive ring: packets per second a {@link PacketRing}
 * (AF_PACKET, TPACKET_V3, walked in place, each frame's headers parsed) takes off {@code lo} while a
 * sender thread blasts 64-byte UDP datagrams at a port (a bound socket that is never read swallows
 * them). Peer in the same run: the same AF_PACKET socket, filter and parsing without a ring — one
 * {@code recv()} system call and one copy per packet, the classic way.
 *
 * <p>Figures: the {@code packets} counter (per second) and the capturing thread's CPU time per packet
 * ({@code cpuNanos / packetsTotal}). The rate is bound by the sender (on loopback the kernel copies
 * into the ring, or queues to the socket, in the sender's context), so CPU per packet is the figure
 * that tells the two readers apart; the kernel's drop counter is printed at the end. Needs root.
 * <p>Run: {@code java -cp ... org.openjdk.jmh.Main PacketRingBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class PacketRingBenchmark {
    /** {@code ring}: PacketRing; {@code recv}: a recv() per packet on a ring-less AF_PACKET socket. */
    @Param({"ring", "recv"})
    public String impl;

    private DatagramSocket sink;
    private Thread sender;
    private final AtomicBoolean stop = new AtomicBoolean();
    private PacketRing ring;
    private int rawFd = -1;
    private Arena arena;
    private MemorySegment buf;
    private final ParsedPacket parsed = new ParsedPacket();
    private long parsedOk;
    private PacketHandler handler;

    /** Per-iteration counters JMH reports as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        /** Packets captured. */
        public long packets;
    }

    @Setup(Level.Trial)
    public void setup() throws Exception {
        sink = new DatagramSocket(null);
        sink.setReceiveBufferSize(4096);
        sink.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = sink.getLocalPort();
        BpfProgram filter = BpfProgram.ipv4Port(17, port);
        handler = (mem, off, len, wire, ts, type) -> {
            if (PacketParser.parseEthernet(mem, off, len, parsed) == ParsedPacket.OK) {
                parsedOk++;
            }
        };
        arena = Arena.ofShared();
        if (impl.equals("ring")) {
            ring = PacketRing.builder("lo").ignoreOutgoing(true).filter(filter).blockSize(1 << 20).blockCount(32).build();
        } else {
            rawFd = openRaw(filter);
            buf = arena.allocate(65536, 64);
        }
        sender = new Thread(() -> {
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
                ByteBuffer payload = ByteBuffer.allocateDirect(64);
                InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                while (!stop.get()) {
                    payload.clear();
                    ch.send(payload, to);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "udp-sender");
        sender.setDaemon(true);
        sender.start();
    }

    private int openRaw(BpfProgram filter) throws Exception {
        int fd = Native.check("socket", Sockets.socket(Sockets.AF_PACKET, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, 0));
        Native.check("PACKET_IGNORE_OUTGOING", Sockets.setsockopt(fd, PacketSockets.SOL_PACKET, PacketSockets.PACKET_IGNORE_OUTGOING, 1));
        Native.check("SO_RCVBUF", Sockets.setsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, 32 << 20));
        MemorySegment prog = filter.toSockFprog(arena);
        Native.check("SO_ATTACH_FILTER", Sockets.setsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_ATTACH_FILTER, prog, (int) prog.byteSize()));
        MemorySegment sll = arena.allocate(SockaddrLl.LAYOUT);
        sll.set(ValueLayout.JAVA_SHORT, SockaddrLl.OFFSETOF_sll_family, (short) Sockets.AF_PACKET);
        sll.set(ValueLayout.JAVA_SHORT, SockaddrLl.OFFSETOF_sll_protocol, PacketSockets.htons(PacketSockets.ETH_P_ALL));
        sll.set(ValueLayout.JAVA_INT, SockaddrLl.OFFSETOF_sll_ifindex, PacketSockets.ifNameToIndex("lo"));
        Native.check("bind", Sockets.bind(fd, sll, (int) SockaddrLl.SIZEOF));
        return fd;
    }

    /** Totals per iteration, for CPU per packet: the capturing thread's CPU time over the packets it took. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        /** CPU time of the capturing thread, nanoseconds. */
        public long cpuNanos;
        /** Packets captured (a total, not a rate). */
        public long packetsTotal;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    @Benchmark
    public void capture(Counters c, Cpu cpu) throws Exception {
        long t0 = THREADS.getCurrentThreadCpuTime();
        int n = captureOnce();
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
        cpu.packetsTotal += n;
        c.packets += n;
    }

    private int captureOnce() throws Exception {
        if (ring != null) {
            return ring.poll(handler, 10);
        }
        int n = 0;
        while (n < 64) {
            long r = Sockets.recv(rawFd, buf, Sockets.MSG_DONTWAIT);
            if (r == -Errno.EAGAIN) {
                if (n == 0) {
                    Fds.poll(rawFd, Fds.POLLIN, 10);
                    continue;
                }
                break;
            }
            Native.check("recv", r);
            handler.onPacket(buf, 0, (int) r, (int) r, 0, 0);
            n++;
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stop.set(true);
        sender.join(5000);
        if (ring != null) {
            PacketRingStats s = ring.stats();
            System.out.printf("%n[ring] kernel counters: packets %,d drops %,d freeze_q %,d; parsed %,d%n",
                    s.packets(), s.drops(), s.freezeQueues(), parsedOk);
            ring.close();
        }
        if (rawFd >= 0) {
            Fds.close(rawFd);
            System.out.printf("%n[recv] parsed %,d%n", parsedOk);
        }
        arena.close();
        sink.close();
    }
}
