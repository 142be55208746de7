package io.aionet.internal.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Decodes what {@code read(2)} returns from an inotify descriptor: a run of
 * {@code struct inotify_event { int wd; u32 mask; u32 cookie; u32 len; char name[len]; }} records,
 * the name NUL-padded to {@code len} bytes. Bounded by the bytes read and by each record's own length:
 * a record whose {@code len} runs past the end (which the kernel never writes, and a fuzzer does) ends
 * the decoding instead of reading beyond it, and a name without its NUL stops at {@code len}.
 * Fuzzed by {@code KernelDecodersFuzzTest}.
 */
public final class InotifyRecords {
    /** {@code sizeof(struct inotify_event)} without the name. */
    public static final int HEADER = 16;

    /** Receives one record. */
    public interface Sink {
        /** One event: its mask, its cookie, and the entry's name ({@code null} when the record has none). */
        void record(int mask, int cookie, String name);
    }

    private InotifyRecords() {}

    /**
     * Hands every whole record in the first {@code n} bytes of {@code buf} to {@code sink}.
     *
     * @return the bytes decoded (less than {@code n} when the last record was cut or malformed)
     */
    public static long decode(MemorySegment buf, long n, Sink sink) {
        long end = Math.min(n, buf.byteSize());
        long off = 0;
        while (end - off >= HEADER) {
            int mask = buf.get(ValueLayout.JAVA_INT_UNALIGNED, off + 4);
            int cookie = buf.get(ValueLayout.JAVA_INT_UNALIGNED, off + 8);
            long len = Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT_UNALIGNED, off + 12));
            if (len > end - off - HEADER) {
                break; // the name would run past what was read
            }
            String name = null;
            if (len > 0) {
                long start = off + HEADER;
                long stop = start;
                while (stop < start + len && buf.get(ValueLayout.JAVA_BYTE, stop) != 0) {
                    stop++;
                }
                byte[] b = buf.asSlice(start, stop - start).toArray(ValueLayout.JAVA_BYTE);
                name = new String(b, StandardCharsets.UTF_8);
            }
            sink.record(mask, cookie, name);
            off += HEADER + len;
        }
        return off;
    }
}
