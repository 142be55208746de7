package io.aionet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The bytes a soak run sends, and how it checks them. Every byte stream is a window onto one random
 * tape whose length is a prime ({@value #TAPE} bytes): a connection's byte at stream position
 * {@code p} is {@code tape[(start + p) mod TAPE]}, from a start the connection draws. A lost, doubled
 * or reordered piece shifts every byte after it, so it shows as corruption unless the shift is a
 * multiple of the prime, which no buffer or segment size is; and the total is checked too. Writers
 * send straight from the tape and readers compare with {@link Arrays#mismatch} (vectorized), so
 * checking every byte costs the client little. The files {@code serve} offers are windows of the
 * same tape, held in memory for comparing ranges.
 */
final class SoakData {
    /** The tape's length: a prime, so no power-of-two buffer or segment size divides it. */
    static final int TAPE = 1_048_573;
    /** The longest slice a writer takes or a reader compares at once. */
    static final int MAX_SLICE = 64 * 1024;
    /** Sizes of the files {@code serve} offers: empty, tiny, around its 64 KiB inline limit, spliced ones. */
    static final int[] FILE_SIZES = {0, 1, 1000, 4095, 65_535, 65_536, 65_537, 300_000, 1_048_583, 4 << 20, 8 << 20};

    /** The tape, followed by a copy of its first {@link #MAX_SLICE} bytes so no slice wraps. */
    private final byte[] tape;
    private final byte[][] files;
    /** Where in the tape each file begins. */
    private final int[] fileStarts;

    SoakData(long seed) {
        Random r = new Random(seed);
        tape = new byte[TAPE + MAX_SLICE];
        r.nextBytes(tape);
        System.arraycopy(tape, 0, tape, TAPE, MAX_SLICE);
        files = new byte[FILE_SIZES.length][];
        fileStarts = new int[FILE_SIZES.length];
        for (int i = 0; i < files.length; i++) {
            fileStarts[i] = r.nextInt(TAPE);
            files[i] = slice(fileStarts[i], FILE_SIZES[i]);
        }
    }

    /** The tape array, for writing slices straight from it. */
    byte[] tape() {
        return tape;
    }

    /** Where stream position {@code pos} of a stream starting at {@code start} lies in the tape. */
    static int index(int start, long pos) {
        return (int) ((start + pos) % TAPE);
    }

    /** {@code n} bytes of the tape from {@code start}, wrapping. */
    private byte[] slice(int start, int n) {
        byte[] b = new byte[n];
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, MAX_SLICE);
            System.arraycopy(tape, index(start, done), b, done, k);
            done += k;
        }
        return b;
    }

    /**
     * Bytes of {@code got[0..len)} that differ from the stream starting at {@code start}, position
     * {@code pos} onwards ({@code len <= }{@link #MAX_SLICE}); 0 when all match.
     */
    int mismatches(byte[] got, int len, int start, long pos) {
        int at = index(start, pos);
        return count(got, 0, tape, at, len);
    }

    /** Bytes of {@code got[0..len)} that differ from file {@code file} at {@code offset}. */
    int fileMismatches(byte[] got, int len, int file, long offset) {
        return count(got, 0, files[file], (int) offset, len);
    }

    /**
     * Where the first wrong bytes of {@code got[0..len)} came from, for the report: the tape offset
     * they were found at against the one expected ({@code expectedAt}; a small shift is a piece of the
     * stream lost, doubled or reordered, another offset another stream's bytes), or their first bytes
     * when they are not tape bytes at all.
     */
    String whereFrom(byte[] got, int len, int expectedAt, byte[] expected, int expectedFrom) {
        int i = Arrays.mismatch(got, 0, len, expected, expectedFrom, expectedFrom + len);
        if (i < 0) {
            return "";
        }
        int n = Math.min(16, len - i);
        int found = -1;
        if (n >= 8) {
            for (int t = 0; t < TAPE && found < 0; t++) {
                if (Arrays.equals(got, i, i + n, tape, t, t + n)) {
                    found = t;
                }
            }
        }
        if (found >= 0) {
            long shift = ((long) found - (expectedAt + i)) % TAPE;
            return "; at byte +" + i + " of a read of " + len + ": tape bytes from offset " + found + " instead of "
                    + ((expectedAt + i) % TAPE) + " (shift " + shift + ")";
        }
        StringBuilder sb = new StringBuilder();
        for (int k = i; k < Math.min(len, i + 24); k++) {
            int b = got[k] & 0xFF;
            sb.append(b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return "; at byte +" + i + " of a read of " + len + ": not tape bytes: \"" + sb + "\"";
    }

    /** The tape offset where byte {@code offset} of file {@code file} lies. */
    int fileTapeIndex(int file, long offset) {
        return index(fileStarts[file], offset);
    }

    /** File {@code i}'s bytes. */
    byte[] file(int i) {
        return files[i];
    }

    private static int count(byte[] a, int aFrom, byte[] b, int bFrom, int len) {
        int i = Arrays.mismatch(a, aFrom, aFrom + len, b, bFrom, bFrom + len);
        if (i < 0) {
            return 0;
        }
        int bad = 0;
        for (; i < len; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                bad++;
            }
        }
        return bad;
    }

    /** How many files there are. */
    int fileCount() {
        return files.length;
    }

    /** The size of file {@code i}. */
    int fileSize(int i) {
        return files[i].length;
    }

    /** The name {@code serve} offers file {@code i} under. */
    static String fileName(int i) {
        return "f" + i + ".bin";
    }

    /** Writes the files into {@code dir}. */
    void writeFiles(Path dir) throws IOException {
        for (int i = 0; i < files.length; i++) {
            Files.write(dir.resolve(fileName(i)), files[i]);
        }
    }
}
