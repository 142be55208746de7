package io.aionet.bench.seed;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The two benchmarks of seed 003, reproduced on loopback: the project's demo. Receive: 1 GiB from a
 * {@code sendfile()} sender, 4 asynchronous runs (kernel-chosen buffers) and 4 synchronous ones
 * ({@code recv} into one buffer), interleaved. Send: 10 sockets, asynchronous zero-copy against
 * synchronous epoll-driven {@code send}, interleaved.
 */
public final class SeedDemo {
    private SeedDemo() {}

    /**
     * The runs of both experiments, in the order measured (async and sync alternating), for
     * {@link DemoSummary}.
     *
     * @param receiveBytes bytes per receive run
     * @param receive      the receive runs
     * @param send         the send runs
     */
    public record Result(long receiveBytes, List<Run> receive, List<Run> send) {
        /** Copies the lists. */
        public Result {
            receive = List.copyOf(receive);
            send = List.copyOf(send);
        }
    }

    /** Runs both experiments, printing progress and the two tables to {@code out}; returns every run. */
    public static Result run(PrintStream out, long receiveBytes, int runs, long sendPerSocket) throws Exception {
        return run(out, receiveBytes, runs, sendPerSocket, false);
    }

    /**
     * Runs both experiments; with {@code verify} every receiver also checks each byte against what was
     * sent (CRC32C of each stream) and the run fails when one differs — a check that everything works
     * (the demo's {@code --check}), whose figures mean nothing.
     *
     * @return every run
     */
    public static Result run(PrintStream out, long receiveBytes, int runs, long sendPerSocket, boolean verify) throws Exception {
        Path file = Files.createTempFile("aionet-seed", ".bin");
        try {
            long fileSize = 64L << 20;
            writeFile(file, fileSize);
            out.printf(Locale.ROOT, "== receive: a sendfile() sender streams %s over loopback TCP ==%n", size(receiveBytes));
            List<Run> recv = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                for (boolean async : new boolean[] {true, false}) {
                    Run r = SeedReceive.run(async, file, fileSize, receiveBytes, verify);
                    recv.add(r);
                    out.printf(Locale.ROOT, "  run %d/%d %-5s %8.0f MB/s  receiver CPU %5.1f %%%n", i + 1, runs, r.mode(),
                            r.megabytesPerSecond(), r.cpuPercent());
                }
            }
            table(out, "receive (" + size(receiveBytes) + " per run)", recv, false);
            if (verify) {
                out.println("  verified: every run received exactly the bytes sent (CRC32C of the stream)");
            }
            out.println("  async: aionet AsyncSocket.receive into kernel-chosen buffers of a DMA area (multishot recv,");
            out.println("         provided buffer ring), each buffer released at once; sync: blocking recv() into one buffer.");
            out.println();

            out.printf(Locale.ROOT, "== send: %d sockets, %s each, to receivers that discard ==%n", SeedSend.SOCKETS, size(sendPerSocket));
            List<Run> send = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                for (boolean async : new boolean[] {true, false}) {
                    Run r = SeedSend.run(async, sendPerSocket, verify);
                    send.add(r);
                    out.printf(Locale.ROOT, "  run %d/%d %-5s %8.0f MB/s  sender CPU %5.1f %%%s%n", i + 1, runs, r.mode(),
                            r.megabytesPerSecond(), r.cpuPercent(),
                            Double.isNaN(r.copiedShare()) ? "" : String.format(Locale.ROOT, "  copied %.0f %%", 100 * r.copiedShare()));
                }
            }
            table(out, "send (" + SeedSend.SOCKETS + " sockets)", send, true);
            if (verify) {
                out.println("  verified: every receiver got exactly the bytes sent (CRC32C of each stream)");
            }
            out.println("  async: zero-copy sends (SEND_ZC) from DMA buffers, " + SeedSend.WINDOW
                    + " in flight per socket; sync: non-blocking send() driven by epoll.");
            out.println("  On loopback the kernel copies every zero-copy send (the packet is looped to a local socket,");
            out.println("  whose receive queue needs its own copy), so \"copied\" is 100 % here and the zero-copy path");
            out.println("  only pays for its notifications; across a real NIC the pages go to the device untouched.");
            return new Result(receiveBytes, recv, send);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void writeFile(Path file, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        long x = 0x9E3779B97F4A7C15L;
        while (b.remaining() >= 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b.putLong(x);
        }
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; written += 1 << 20) {
                b.clear();
                while (b.hasRemaining()) {
                    fc.write(b);
                }
            }
        }
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    private static void table(PrintStream out, String title, List<Run> runs, boolean copies) {
        out.println();
        out.println("  " + title);
        out.println(copies ? "  | mode  | MB/s median | min | max | CPU % median | copied |"
                : "  | mode  | MB/s median | min | max | CPU % median |");
        out.println(copies ? "  |---|---:|---:|---:|---:|---:|" : "  |---|---:|---:|---:|---:|");
        for (String mode : new String[] {"async", "sync"}) {
            double[] mbs = runs.stream().filter(r -> r.mode().equals(mode)).mapToDouble(Run::megabytesPerSecond).sorted().toArray();
            double[] cpu = runs.stream().filter(r -> r.mode().equals(mode)).mapToDouble(Run::cpuPercent).sorted().toArray();
            double[] cp = runs.stream().filter(r -> r.mode().equals(mode)).mapToDouble(Run::copiedShare).toArray();
            String copiedCol = "";
            if (copies) {
                copiedCol = Double.isNaN(cp[0]) ? " n/a |" : String.format(Locale.ROOT, " %.0f %% |", 100 * median(cp));
            }
            out.printf(Locale.ROOT, "  | %-5s | %.0f | %.0f | %.0f | %.1f |%s%n", mode, median(mbs), mbs[0], mbs[mbs.length - 1],
                    median(cpu), copiedCol);
        }
    }

    /** The median of {@code v} (the mean of the middle two for an even count); NaN when empty. */
    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
