package io.aionet.channel.tcp;

import io.aionet.channel.packet.TestPackets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aionet.channel.packet.PacketParser;
import io.aionet.channel.packet.ParsedPacket;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz test of the packet parsers and the TCP receive engine. {@code mvn test} runs it in
 * fuzzing mode for a bounded time (core/pom.xml's "fuzz" surefire execution sets JAZZER_FUZZ=1); with
 * plain JUnit it runs in regression mode over the stored inputs.
 *
 * <p>One target, three modes chosen by the first byte: raw bytes into the parsers (no exception, the
 * payload inside the frame); raw frames into the engine (no exception, limits hold); and structured
 * segments cut from one known byte stream per direction (shuffled, duplicated, overlapping, wrapped,
 * some missing, FIN and RST) — every byte the engine yields must be the stream's byte at that offset.
 */
class PacketFuzzTest {
    static final TcpEngineLimits LIMITS = new TcpEngineLimits(4, 3000, 5000, 100_000);

    /** The byte at stream offset {@code p} of direction {@code d}. */
    static byte truth(int d, long p) {
        long x = p * 0x9E3779B97F4A7C15L + d;
        return (byte) (x >>> 56);
    }

    @FuzzTest(maxDuration = "15s")
    void parsersAndEngine(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> parsers(data.consumeRemainingAsBytes());
            case 1 -> rawEngine(data);
            default -> structuredEngine(data);
        }
    }

    private static void parsers(byte[] frame) {
        ParsedPacket p = new ParsedPacket();
        MemorySegment s = MemorySegment.ofArray(frame);
        for (int ip = 0; ip < 2; ip++) {
            int st = ip == 0 ? PacketParser.parseEthernet(s, p) : PacketParser.parseIp(s, 0, frame.length, p);
            assertTrue(st >= ParsedPacket.OK && st <= ParsedPacket.UNSUPPORTED);
            if (st == ParsedPacket.OK && (p.protocol() == 6 || p.protocol() == 17) && p.fragmentOffset() == 0) {
                assertTrue(p.payloadOffset() >= 0 && p.payloadLength() >= 0);
                assertTrue(p.payloadOffset() + p.payloadLength() <= frame.length, "payload inside the frame");
                p.payload(s); // must not throw
            }
        }
    }

    private static void rawEngine(FuzzedDataProvider data) {
        TcpReceiveEngine e = new TcpReceiveEngine(LIMITS, (flow, dir, mem, off, len) -> mem.asSlice(off, len));
        while (data.remainingBytes() > 0) {
            byte[] f = data.consumeBytes(data.consumeInt(0, 200));
            e.onFrame(MemorySegment.ofArray(f), 0, f.length, 0);
            assertTrue(e.flows() <= LIMITS.maxFlows());
            assertTrue(e.bufferedBytes() <= LIMITS.totalBufferBytes());
        }
        e.flush();
        assertEquals(0, e.bufferedBytes());
    }

    private static void structuredEngine(FuzzedDataProvider data) {
        int[] isn = {data.consumeInt(), data.consumeInt()};
        long[] expect = new long[2]; // next stream offset per direction of flow 0
        TcpStreamListener check = new TcpStreamListener() {
            @Override
            public void onData(TcpFlow flow, TcpDirection d, MemorySegment mem, long off, long len) {
                if (flow.id() != 0) {
                    return;
                }
                int k = d.ordinal();
                for (long i = 0; i < len; i++) {
                    assertEquals(truth(k, expect[k] + i), mem.get(ValueLayout.JAVA_BYTE, off + i), "byte at " + (expect[k] + i));
                }
                expect[k] += len;
            }

            @Override
            public void onGap(TcpFlow flow, TcpDirection d, long at, long len) {
                if (flow.id() == 0) {
                    assertEquals(expect[d.ordinal()], at, "gap starts where the data stopped");
                    expect[d.ordinal()] += len;
                }
            }
        };
        TcpReceiveEngine e = new TcpReceiveEngine(LIMITS, check);
        feed(e, 0, isn[0], ParsedPacket.SYN, 0, 0);
        feed(e, 1, isn[1], ParsedPacket.SYN | ParsedPacket.ACK, 0, 0);
        while (data.remainingBytes() > 0) {
            int d = data.consumeBoolean() ? 1 : 0;
            int off = data.consumeInt(-70_000, 70_000);
            int len = data.consumeInt(0, 1500);
            int flags = switch (data.consumeInt(0, 15)) {
                case 0 -> ParsedPacket.FIN | ParsedPacket.ACK;
                case 1 -> ParsedPacket.RST;
                default -> ParsedPacket.ACK;
            };
            feed(e, d, isn[d] + 1 + off, flags, off, len);
            assertTrue(e.bufferedBytes() <= LIMITS.totalBufferBytes());
            assertTrue(e.flows() <= LIMITS.maxFlows());
        }
        e.flush();
        assertEquals(0, e.bufferedBytes());
    }

    /** A segment of direction {@code d} (0 client→server) at stream offset {@code off} with the stream's bytes. */
    private static void feed(TcpReceiveEngine e, int d, int seq, int flags, long off, int len) {
        byte[] payload = new byte[len];
        for (int i = 0; i < len; i++) payload[i] = truth(d, off + i);
        byte[] f = d == 0
                ? TestPackets.tcp4(TestPackets.REMOTE, 40000, TestPackets.LOCAL, 80, seq, 0, flags, payload)
                : TestPackets.tcp4(TestPackets.LOCAL, 80, TestPackets.REMOTE, 40000, seq, 0, flags, payload);
        e.onFrame(MemorySegment.ofArray(f), 0, f.length, 0);
    }
}
