package io.aionet.channel.tcp;

import io.aionet.channel.classifier.FlowClassifier;
import io.aionet.channel.packet.PacketHandler;

import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Van Jacobson's user-space TCP receive engine, passive: it watches the TCP flows a {@link io.aionet.channel.capture.PacketRing}
 * delivers and yields each direction's byte stream to a {@link TcpStreamListener}.
 *
 * <p>It tracks the handshake (SYN, SYN-ACK and their initial sequence numbers) and the teardown (FIN in
 * both directions, RST); places segments by sequence number with wraparound arithmetic; reorders
 * out-of-order segments; drops duplicates and retransmissions; trims partial overlaps; and reports
 * holes that are never filled (a segment the capture missed) as gaps when a buffer limit forces it or
 * when the flow ends.
 *
 * <p>Captured traffic is hostile input: malformed or truncated packets are counted, never thrown;
 * segments far outside the window are dropped; memory is bounded by {@link TcpEngineLimits} —
 * per-direction and total out-of-order bytes, and a maximum number of flows with oldest-first eviction
 * (a SYN flood of new flows evicts old ones rather than growing). A flow is created only by a SYN or a
 * segment with data, never by a bare ACK, FIN or RST.
 *
 * <p>Flows are found with an allocation-free {@link FlowClassifier} keyed by the packet's 4-tuple, one
 * entry per direction. In-order data is yielded in place from the packet's memory. Not thread-safe.
 * {@snippet :
 * TcpReceiveEngine engine = new TcpReceiveEngine(TcpEngineLimits.DEFAULT, listener);
 * try (PacketRing ring = PacketRing.builder("lo").ignoreOutgoing(true).build()) {
 *     while (running) ring.poll(engine, 100);   // the engine is a PacketHandler
 * }
 * engine.flush();
 * }
 */
public final class TcpReceiveEngine implements PacketHandler {
    final TcpEngineLimits limits;
    final TcpStreamListener listener;
    private final FlowClassifier<Object> table;
    private final Object miss = new Object();
    private final ParsedPacket parsed = new ParsedPacket();
    private TcpFlow oldest, newest;
    private int flows;
    private long nextId;

    long bufferedBytes;
    long gapBytes;
    long outOfWindow;
    private long malformed, truncated, nonTcp, fragments, ignored, evicted, created, segments;

    /**
     * An engine with the given limits that yields to {@code listener}.
     *
     * @param limits the bounds on flows, on out-of-order bytes held and on the window
     * @param listener receives every flow's byte streams, gaps and close, on the thread that feeds the engine
     */
    public TcpReceiveEngine(TcpEngineLimits limits, TcpStreamListener listener) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.table = new FlowClassifier<>(miss, 2 * limits.maxFlows());
    }

    /**
     * {@link PacketHandler} entry: parses the Ethernet frame and feeds it to the engine. Packets of
     * other protocols are counted and ignored.
     */
    @Override
    public void onPacket(MemorySegment ring, long offset, int captureLength, int wireLength, long timestampNanos, int packetType) {
        PacketParser.parseEthernet(ring, offset, Integer.toUnsignedLong(captureLength), parsed);
        accept(parsed, ring, timestampNanos);
    }

    /**
     * Parses an Ethernet frame held in {@code [offset, offset + length)} of {@code mem} and feeds it.
     *
     * @param mem the memory holding the frame (often a block of the mmap'd packet ring)
     * @param offset where the frame starts in {@code mem}, in bytes
     * @param length the frame's captured length in bytes
     * @param timestampNanos when the frame arrived, in nanoseconds on the capture's clock
     */
    public void onFrame(MemorySegment mem, long offset, long length, long timestampNanos) {
        PacketParser.parseEthernet(mem, offset, length, parsed);
        accept(parsed, mem, timestampNanos);
    }

    /**
     * Feeds a packet that was already parsed from {@code mem}. Never throws for any packet content;
     * exceptions thrown by the listener propagate.
     *
     * @param p the packet as {@link io.aionet.channel.packet.PacketParser} parsed it
     * @param mem the memory it was parsed from
     * @param timestampNanos when the packet arrived, in nanoseconds on the capture's clock
     */
    public void accept(ParsedPacket p, MemorySegment mem, long timestampNanos) {
        int st = p.status();
        if (p.protocol() != PacketParser.IPPROTO_TCP || (p.ipVersion() != 4 && p.ipVersion() != 6)) {
            if (st == ParsedPacket.MALFORMED) malformed++;
            else if (st == ParsedPacket.TRUNCATED) truncated++;
            else nonTcp++;
            return;
        }
        if (p.fragment()) {
            fragments++; // TCP is not reassembled from IP fragments
            return;
        }
        if (st != ParsedPacket.OK) {
            if (st == ParsedPacket.TRUNCATED) truncated++;
            else malformed++;
            return;
        }
        segments++;
        int flags = p.tcpFlags();
        Object hit = find(p);
        TcpHalfStream half;
        if (hit == miss) {
            boolean syn = (flags & ParsedPacket.SYN) != 0;
            if (!(syn || p.payloadLength() > 0) || (flags & ParsedPacket.RST) != 0) {
                ignored++;
                return;
            }
            boolean senderIsServer = syn && (flags & ParsedPacket.ACK) != 0;
            TcpFlow f = create(p, senderIsServer, timestampNanos);
            half = senderIsServer ? f.toClient : f.toServer;
        } else {
            half = (TcpHalfStream) hit;
            if ((flags & (ParsedPacket.SYN | ParsedPacket.ACK)) == ParsedPacket.SYN && half.synSeen && half.isn != p.tcpSeq()) {
                // the 4-tuple is reused by a new connection (its FIN/RST was missed): start over
                close(half.flowRef(), TcpFlow.CloseReason.REPLACED);
                TcpFlow f = create(p, false, timestampNanos);
                half = f.toServer;
            }
        }
        segment(half, p, mem, flags, timestampNanos);
    }

    private Object find(ParsedPacket p) {
        return p.ipVersion() == 4
                ? table.lookupV4(PacketParser.IPPROTO_TCP, p.srcIpv4(), p.srcPort(), p.dstIpv4(), p.dstPort())
                : table.lookupV6(PacketParser.IPPROTO_TCP, p.srcHi(), p.srcLo(), p.srcPort(), p.dstHi(), p.dstLo(), p.dstPort());
    }

    private void segment(TcpHalfStream half, ParsedPacket p, MemorySegment mem, int flags, long ts) {
        TcpFlow f = half.flowRef();
        f.lastSeenNanos = ts;
        int seq = p.tcpSeq();
        if ((flags & ParsedPacket.RST) != 0) {
            // a reset counts only inside the window (a blind reset far from it is ignored)
            if (!half.started || half.offsetOf(seq) >= 0) {
                close(f, TcpFlow.CloseReason.RST);
            } else {
                outOfWindow++;
            }
            return;
        }
        int dataSeq = seq;
        if ((flags & ParsedPacket.SYN) != 0) {
            half.syn(seq);
            f.handshakeSeen = true;
            dataSeq = seq + 1;
        } else {
            half.startAt(seq);
        }
        half.data(dataSeq, mem, p.payloadOffset(), p.payloadLength());
        if ((flags & ParsedPacket.FIN) != 0) {
            half.fin(dataSeq + (int) p.payloadLength());
        }
        if (f.toServer.ended() && f.toClient.ended() && !f.closed) {
            close(f, TcpFlow.CloseReason.FIN);
        }
    }

    private TcpFlow create(ParsedPacket p, boolean senderIsServer, long ts) {
        if (flows >= limits.maxFlows()) {
            evicted++;
            close(oldest, TcpFlow.CloseReason.EVICTED);
        }
        TcpFlow f = senderIsServer
                ? new TcpFlow(this, nextId++, p.ipVersion(), p.dstHi(), p.dstLo(), p.dstPort(), p.srcHi(), p.srcLo(), p.srcPort())
                : new TcpFlow(this, nextId++, p.ipVersion(), p.srcHi(), p.srcLo(), p.srcPort(), p.dstHi(), p.dstLo(), p.dstPort());
        f.firstSeenNanos = ts;
        install(f, true);
        f.older = newest;
        if (newest != null) {
            newest.newer = f;
        } else {
            oldest = f;
        }
        newest = f;
        flows++;
        created++;
        listener.onOpen(f);
        return f;
    }

    private void install(TcpFlow f, boolean add) {
        int tcp = PacketParser.IPPROTO_TCP;
        if (f.ipVersion == 4) {
            int c = (int) f.clientLo, s = (int) f.serverLo;
            if (add) {
                table.installV4(tcp, c, f.clientPort, s, f.serverPort, f.toServer);
                table.installV4(tcp, s, f.serverPort, c, f.clientPort, f.toClient);
            } else {
                table.removeV4(tcp, c, f.clientPort, s, f.serverPort);
                table.removeV4(tcp, s, f.serverPort, c, f.clientPort);
            }
        } else if (add) {
            table.installV6(tcp, f.clientHi, f.clientLo, f.clientPort, f.serverHi, f.serverLo, f.serverPort, f.toServer);
            table.installV6(tcp, f.serverHi, f.serverLo, f.serverPort, f.clientHi, f.clientLo, f.clientPort, f.toClient);
        } else {
            table.removeV6(tcp, f.clientHi, f.clientLo, f.clientPort, f.serverHi, f.serverLo, f.serverPort);
            table.removeV6(tcp, f.serverHi, f.serverLo, f.serverPort, f.clientHi, f.clientLo, f.clientPort);
        }
    }

    private void close(TcpFlow f, TcpFlow.CloseReason reason) {
        if (f.closed) {
            return;
        }
        f.closed = true;
        install(f, false);
        if (f.older != null) f.older.newer = f.newer;
        else oldest = f.newer;
        if (f.newer != null) f.newer.older = f.older;
        else newest = f.older;
        f.older = f.newer = null;
        flows--;
        f.toServer.flushWithGaps();
        f.toClient.flushWithGaps();
        listener.onClose(f, reason);
    }

    /** Ends every flow (end of capture): held data is yielded with its holes reported as gaps. */
    public void flush() {
        while (oldest != null) {
            close(oldest, TcpFlow.CloseReason.FLUSHED);
        }
    }

    /** {@return flows tracked now} */
    public int flows() { return flows; }
    /** {@return flows created so far} */
    public long flowsCreated() { return created; }
    /** {@return out-of-order bytes held over all flows now} */
    public long bufferedBytes() { return bufferedBytes; }
    /** {@return bytes reported as gaps over all flows} */
    public long gapBytes() { return gapBytes; }
    /** {@return TCP segments processed} */
    public long segments() { return segments; }
    /** {@return packets with impossible headers} */
    public long malformed() { return malformed; }
    /** {@return packets cut short by the capture} */
    public long truncated() { return truncated; }
    /** {@return packets that were not TCP over IP} */
    public long nonTcp() { return nonTcp; }
    /** {@return IP fragments (not reassembled)} */
    public long fragments() { return fragments; }
    /** {@return segments that matched no flow and could not start one (bare ACK, FIN, RST)} */
    public long ignored() { return ignored; }
    /** {@return flows evicted to make room} */
    public long evicted() { return evicted; }
    /** {@return segments (and resets) dropped as out of window} */
    public long outOfWindow() { return outOfWindow; }
}
