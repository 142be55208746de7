package io.aionet.internal.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.IntConsumer;

/**
 * Decodes what {@code read(2)} returns from a signalfd: whole {@code struct signalfd_siginfo} records
 * of 128 bytes, {@code ssi_signo} (u32) first. A cut record at the end is ignored. Fuzzed by
 * {@code KernelDecodersFuzzTest}.
 */
public final class SignalfdRecords {
    /** {@code sizeof(struct signalfd_siginfo)}. */
    public static final int SIZE = 128;

    private SignalfdRecords() {}

    /**
     * Hands the signal number of every whole record in the first {@code n} bytes of {@code buf} to
     * {@code signo}; numbers outside 1..64 (not a signal) are skipped.
     *
     * @return the records decoded
     */
    public static int decode(MemorySegment buf, long n, IntConsumer signo) {
        long end = Math.min(n, buf.byteSize());
        int count = 0;
        for (long off = 0; end - off >= SIZE; off += SIZE) {
            int s = buf.get(ValueLayout.JAVA_INT_UNALIGNED, off);
            if (s >= 1 && s <= 64) {
                signo.accept(s);
                count++;
            }
        }
        return count;
    }
}
