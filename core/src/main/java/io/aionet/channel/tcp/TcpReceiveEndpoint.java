package io.aionet.channel.tcp;

import io.aionet.channel.classifier.FlowClassifier;
import io.aionet.channel.packet.FrameSender;
import io.aionet.channel.packet.PacketHandler;
import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import static io.aionet.channel.tcp.TcpDirection.CLIENT_TO_SERVER;

/**
 * Van Jacobson's TCP receive in the application: the endpoint of TCP connections to one local IPv4
 * address and port whose packets a net channel (an {@code XdpChannel} fed by the XDP classifier)
 * brings to user space instead of the kernel. The kernel's stack never sees these connections, so the
 * endpoint answers them itself: it accepts the handshake (SYN-ACK with an MSS option, no window
 * scaling, no SACK, no timestamps), runs every segment through a {@link TcpReceiveEngine} (sequence
 * tracking, reordering, duplicates) that yields the byte stream to a {@link TcpStreamListener}, sends
 * cumulative ACKs with the free window after every batch ({@link #flush()}; an out-of-order segment
 * gets an immediate duplicate ACK so the sender retransmits fast), and closes when the peer's FIN has
 * been reached (FIN-ACK, then the peer's last ACK). Every frame it sends is also fed to the engine, as
 * a tap would see it, so the engine knows both initial sequence numbers.
 *
 * <p>Scope: receive only (the endpoint sends no data), IPv4, no retransmission timer of its own — a
 * lost SYN-ACK or FIN-ACK is sent again when the peer retransmits its SYN or FIN. Checksums of arriving
 * segments are not verified (veth and offloading NICs hand over partial checksums). Not thread-safe:
 * the thread that drives the channel drives the endpoint.
 * {@snippet :
 * TcpReceiveEndpoint ep = new TcpReceiveEndpoint(localIp, 8080, TcpEngineLimits.DEFAULT, listener, xdpChannel);
 * while (running) {
 *     xdpChannel.poll(ep, 100);   // the endpoint is a PacketHandler
 *     ep.flush();                 // one ACK per connection that received, one TX wake-up
 * }
 * }
 */
public final class TcpReceiveEndpoint implements PacketHandler {
    private static final int SYN_RCVD = 1, ESTABLISHED = 2, LAST_ACK = 3;
    private static final int SYN = ParsedPacket.SYN, ACK = ParsedPacket.ACK, FIN = ParsedPacket.FIN, RST = ParsedPacket.RST;

    /** One connection's sending state. */
    private static final class Conn {
        final int remoteIp, remotePort;
        final long localMac, remoteMac;
        final int iss;
        int sndNxt;
        int state;
        TcpFlow flow;
        boolean dirty;
        Conn nextDirty;

        Conn(int remoteIp, int remotePort, long localMac, long remoteMac, int iss) {
            this.remoteIp = remoteIp;
            this.remotePort = remotePort;
            this.localMac = localMac;
            this.remoteMac = remoteMac;
            this.iss = iss;
            this.sndNxt = iss + 1;
            this.state = SYN_RCVD;
        }
    }

    private final int localIp;
    private final int localPort;
    private final int mss;
    private final TcpEngineLimits limits;
    private final FrameSender out;
    private final TcpReceiveEngine engine;
    private final FlowClassifier<Conn> conns;
    private final Conn miss = new Conn(0, 0, 0, 0, 0);
    private final ParsedPacket pp = new ParsedPacket();
    private Conn opening;
    private Conn dirtyHead;
    private int connections;
    private long synAcks, acks, resets, ignored, txBusy;

    /**
     * An endpoint for TCP to {@code localIp:localPort}.
     *
     * @param localIp  the local IPv4 address, most significant byte first
     * @param listener receives each connection's byte stream (direction {@link TcpDirection#CLIENT_TO_SERVER})
     * @param out      where segments go: the channel's TX ring
     * @param localPort the local TCP port, 1..65535
     * @param limits the engine's bounds (flows, bytes held, window)
     * @throws IllegalArgumentException for a port outside 1..65535
     */
    public TcpReceiveEndpoint(int localIp, int localPort, TcpEngineLimits limits, TcpStreamListener listener, FrameSender out) {
        java.util.Objects.requireNonNull(limits, "limits");
        java.util.Objects.requireNonNull(listener, "listener");
        java.util.Objects.requireNonNull(out, "out");
        if (localPort < 1 || localPort > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + localPort);
        }
        this.localIp = localIp;
        this.localPort = localPort;
        this.mss = 1460;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.out = Objects.requireNonNull(out, "out");
        Objects.requireNonNull(listener, "listener");
        this.engine = new TcpReceiveEngine(limits, new TcpStreamListener() {
            @Override
            public void onOpen(TcpFlow flow) {
                if (opening != null) {
                    opening.flow = flow;
                }
                listener.onOpen(flow);
            }

            @Override
            public void onData(TcpFlow flow, TcpDirection direction, MemorySegment data, long offset, long length) {
                listener.onData(flow, direction, data, offset, length);
            }

            @Override
            public void onGap(TcpFlow flow, TcpDirection direction, long streamOffset, long length) {
                listener.onGap(flow, direction, streamOffset, length);
            }

            @Override
            public void onClose(TcpFlow flow, TcpFlow.CloseReason reason) {
                listener.onClose(flow, reason);
            }
        });
        this.conns = new FlowClassifier<>(miss, Math.max(16, Math.min(limits.maxFlows(), 1 << 20)));
    }

    /** {@return the engine that reassembles the streams (its counters tell what arrived)} */
    public TcpReceiveEngine engine() { return engine; }

    /** {@return connections open now} */
    public int connections() { return connections; }

    /** {@return SYN-ACKs sent (retransmissions included)} */
    public long synAcksSent() { return synAcks; }

    /** {@return ACKs (and FIN-ACKs) sent} */
    public long acksSent() { return acks; }

    /** {@return resets sent to segments of no connection} */
    public long resetsSent() { return resets; }

    /** {@return frames that were not TCP to this endpoint} */
    public long ignored() { return ignored; }

    /** {@return segments not sent because every TX buffer was in flight (the peer retransmits)} */
    public long txBusy() { return txBusy; }

    @Override
    public void onPacket(MemorySegment ring, long offset, int captureLength, int wireLength, long timestampNanos, int packetType) {
        PacketParser.parseEthernet(ring, offset, Integer.toUnsignedLong(captureLength), pp);
        if (pp.status() != ParsedPacket.OK || pp.ipVersion() != 4 || pp.protocol() != PacketParser.IPPROTO_TCP
                || pp.fragment() || pp.dstIpv4() != localIp || pp.dstPort() != localPort) {
            ignored++;
            return;
        }
        int flags = pp.tcpFlags();
        int remoteIp = pp.srcIpv4(), remotePort = pp.srcPort();
        Conn c = conns.lookupV4(6, remoteIp, remotePort, localIp, localPort);
        if (c == miss) {
            if ((flags & (SYN | ACK | RST)) == SYN) {
                open(ring, offset, captureLength, timestampNanos, remoteIp, remotePort);
            } else if ((flags & RST) == 0) {
                reset(ring, offset, flags);
            }
            return;
        }
        if ((flags & RST) != 0) {
            engine.onFrame(ring, offset, captureLength, timestampNanos);
            drop(c);
            return;
        }
        if ((flags & (SYN | ACK)) == SYN) { // the peer did not get our SYN-ACK
            if (c.state == SYN_RCVD) {
                send(c, c.iss, SYN | ACK, mss, timestampNanos, false);
                synAcks++;
            }
            return;
        }
        if (c.state == SYN_RCVD && (flags & ACK) != 0 && pp.tcpAck() == c.iss + 1) {
            c.state = ESTABLISHED;
        }
        int before = c.flow == null ? 0 : c.flow.nextSeq(CLIENT_TO_SERVER);
        boolean finAcked = c.state == LAST_ACK && (flags & ACK) != 0 && pp.tcpAck() == c.sndNxt;
        long payload = pp.payloadLength();
        engine.onFrame(ring, offset, captureLength, timestampNanos);
        if (finAcked) {
            drop(c);
            return;
        }
        if (payload > 0 || (flags & FIN) != 0) {
            markDirty(c);
            if (c.flow != null && payload > 0 && c.flow.nextSeq(CLIENT_TO_SERVER) == before) {
                // out of order or a duplicate: acknowledge now so the sender repairs the hole quickly
                ackNow(c, timestampNanos);
            }
        }
    }

    private void open(MemorySegment ring, long offset, int len, long ts, int remoteIp, int remotePort) {
        if (!conns.tryInstallV4(6, remoteIp, remotePort, localIp, localPort,
                new Conn(remoteIp, remotePort, TcpSegmentWriter.readMac(ring, offset), TcpSegmentWriter.readMac(ring, offset + 6),
                        ThreadLocalRandom.current().nextInt()))) {
            ignored++; // table full: the peer's SYN goes unanswered and it tries again later
            return;
        }
        Conn c = conns.lookupV4(6, remoteIp, remotePort, localIp, localPort);
        connections++;
        opening = c;
        try {
            engine.onFrame(ring, offset, len, ts);
        } finally {
            opening = null;
        }
        send(c, c.iss, SYN | ACK, mss, ts, true);
        synAcks++;
    }

    private void drop(Conn c) {
        if (conns.removeV4(6, c.remoteIp, c.remotePort, localIp, localPort) != null) {
            connections--;
        }
        c.state = 0;
    }

    private void markDirty(Conn c) {
        if (!c.dirty) {
            c.dirty = true;
            c.nextDirty = dirtyHead;
            dirtyHead = c;
        }
    }

    private int window(TcpFlow f) {
        long free = limits.perFlowBufferBytes() - f.bufferedBytes(CLIENT_TO_SERVER);
        return (int) Math.max(0, Math.min(65535, free));
    }

    private int ackNumber(TcpFlow f) {
        return f.nextSeq(CLIENT_TO_SERVER) + (f.ended(CLIENT_TO_SERVER) ? 1 : 0);
    }

    private void ackNow(Conn c, long ts) {
        send(c, c.sndNxt, ACK, 0, ts, false);
        acks++;
    }

    /**
     * Sends the ACK (with the current window) of every connection that received since the last flush —
     * a FIN-ACK where the peer's FIN has been reached — and wakes the device once for the batch.
     *
     * @throws IOException when the sender cannot wake the device (the ACKs stay queued)
     */
    public void flush() throws IOException {
        long ts = 0;
        for (Conn c = dirtyHead; c != null; ) {
            Conn next = c.nextDirty;
            c.dirty = false;
            c.nextDirty = null;
            if (c.flow != null && c.state != 0) {
                if (c.state == LAST_ACK) {
                    send(c, c.sndNxt - 1, FIN | ACK, 0, ts, false); // our FIN again: the peer repeated its own
                } else if (c.flow.ended(CLIENT_TO_SERVER)) {
                    send(c, c.sndNxt, FIN | ACK, 0, ts, true);
                    c.sndNxt++;
                    c.state = LAST_ACK;
                } else {
                    send(c, c.sndNxt, ACK, 0, ts, false);
                }
                acks++;
            }
            c = next;
        }
        dirtyHead = null;
        out.flush();
    }

    /** Writes a segment of connection {@code c} into a TX buffer; {@code feed} also runs it through the engine. */
    private void send(Conn c, int seq, int flags, int mssOption, long ts, boolean feed) {
        MemorySegment f = out.beginSend();
        if (f == null) {
            txBusy++;
            return;
        }
        int ack = c.flow == null ? 0 : ackNumber(c.flow);
        int win = c.flow == null ? 65535 : window(c.flow);
        int len = TcpSegmentWriter.write(f, c.localMac, c.remoteMac, localIp, c.remoteIp, localPort, c.remotePort,
                seq, ack, flags, win, mssOption);
        if (feed) {
            engine.onFrame(f, 0, len, ts);
        }
        out.commitSend(len);
    }

    /** Answers a segment of no connection with a reset (RFC 9293 3.10.7.1). */
    private void reset(MemorySegment ring, long offset, int flags) {
        MemorySegment f = out.beginSend();
        if (f == null) {
            txBusy++;
            return;
        }
        long localMac = TcpSegmentWriter.readMac(ring, offset), remoteMac = TcpSegmentWriter.readMac(ring, offset + 6);
        int len;
        if ((flags & ACK) != 0) {
            len = TcpSegmentWriter.write(f, localMac, remoteMac, localIp, pp.srcIpv4(), localPort, pp.srcPort(),
                    pp.tcpAck(), 0, RST, 0, 0);
        } else {
            int segLen = (int) pp.payloadLength() + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
            len = TcpSegmentWriter.write(f, localMac, remoteMac, localIp, pp.srcIpv4(), localPort, pp.srcPort(),
                    0, pp.tcpSeq() + segLen, RST | ACK, 0, 0);
        }
        out.commitSend(len);
        resets++;
    }
}
