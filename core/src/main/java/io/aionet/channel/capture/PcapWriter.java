package io.aionet.channel.capture;

import io.aionet.channel.packet.PacketHandler;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes captured frames as a classic pcap file (nanosecond timestamps, LINKTYPE_ETHERNET), so a
 * capture taken through Van Jacobson's mmap'd receive ring ({@link PacketRing}) can be read by
 * tcpdump, Wireshark or tshark. Usable directly as a {@link PacketHandler}. Not thread-safe.
 */
public final class PcapWriter implements PacketHandler, AutoCloseable {
    /** Magic of a pcap file with nanosecond timestamps. */
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;

    private final OutputStream out;
    private final int snapLength;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] copy = new byte[2048];
    private long frames;
    private IOException failure;

    /**
     * Creates (or truncates) {@code file} and writes the file header.
     *
     * @param snapLength the largest frame length recorded in the header (frames are written whole)
     * @param file the pcap file to write
     * @throws IOException when the file cannot be written
     */
    public PcapWriter(Path file, int snapLength) throws IOException {
        java.util.Objects.requireNonNull(file, "file");
        if (snapLength <= 0) {
            throw new IllegalArgumentException("snap length must be > 0: " + snapLength);
        }
        this.snapLength = snapLength;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLength).putInt(LINKTYPE_ETHERNET);
        out.write(h.array());
    }

    /**
     * Appends one frame ({@code [offset, offset + length)} of {@code mem}).
     *
     * @param mem the memory holding the frame
     * @param offset where the frame starts in {@code mem}, in bytes
     * @param length the captured length written, in bytes
     * @param wireLength the frame's length on the wire (at least {@code length})
     * @param timestampNanos when it was captured, in nanoseconds since the epoch
     * @throws IOException when the file cannot be written
     */
    public void write(MemorySegment mem, long offset, int length, int wireLength, long timestampNanos) throws IOException {
        int n = Math.min(length, snapLength);
        if (copy.length < n) {
            copy = new byte[Math.max(n, copy.length * 2)];
        }
        MemorySegment.copy(mem, ValueLayout.JAVA_BYTE, offset, copy, 0, n);
        header.clear();
        header.putInt((int) (timestampNanos / 1_000_000_000L)).putInt((int) (timestampNanos % 1_000_000_000L))
                .putInt(n).putInt(Math.max(wireLength, n));
        out.write(header.array(), 0, 16);
        out.write(copy, 0, n);
        frames++;
    }

    /** {@link PacketHandler} entry: writes the frame; an I/O failure is kept and thrown by {@link #close()}. */
    @Override
    public void onPacket(MemorySegment ring, long offset, int captureLength, int wireLength, long timestampNanos, int packetType) {
        if (failure != null) {
            return;
        }
        try {
            write(ring, offset, captureLength, wireLength, timestampNanos);
        } catch (IOException e) {
            failure = e;
        }
    }

    /** {@return frames written} */
    public long frames() {
        return frames;
    }

    /** Flushes and closes the file; throws the first write failure, if any. */
    @Override
    public void close() throws IOException {
        out.close();
        if (failure != null) {
            throw failure;
        }
    }
}
