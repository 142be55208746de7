package io.aionet.bench.idle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code /proc} says about another process: its resident set ({@code VmRSS} in
 * {@code /proc/PID/status}), its CPU time (the sum of every thread's {@code /proc/PID/task/TID/schedstat}
 * run time, in nanoseconds) and the hard descriptor limit ({@code /proc/self/limits}).
 */
final class ProcStats {
    private ProcStats() {}

    /** VmRSS of {@code pid} in bytes. */
    static long rssBytes(long pid) throws IOException {
        return parseVmRss(Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")));
    }

    /** The {@code VmRSS:   N kB} line of a status file, in bytes. */
    static long parseVmRss(List<String> status) {
        for (String l : status) {
            if (l.startsWith("VmRSS:")) {
                String[] f = l.substring(6).strip().split("\\s+");
                if (f.length == 2 && f[1].equals("kB")) {
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        }
        throw new IllegalArgumentException("no VmRSS line in kB");
    }

    /** CPU nanoseconds every live thread of {@code pid} has run. */
    static long cpuNanos(long pid) throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    sum += parseSchedstat(Files.readString(t.resolve("schedstat")));
                } catch (NoSuchFileException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return sum;
    }

    /** The first field of a schedstat line: nanoseconds on the CPU. */
    static long parseSchedstat(String line) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 1 || f[0].isEmpty()) {
            throw new IllegalArgumentException("empty schedstat");
        }
        return Long.parseLong(f[0]);
    }

    /** The hard limit on open files of this process (Long.MAX_VALUE for unlimited), from a limits file's lines. */
    static long parseHardNoFile(List<String> limits) {
        for (String l : limits) {
            if (l.startsWith("Max open files")) {
                String[] f = l.substring("Max open files".length()).strip().split("\\s+");
                if (f.length >= 2) {
                    return f[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[1]);
                }
            }
        }
        throw new IllegalArgumentException("no Max open files line");
    }

    /** This process's hard limit on open files (children inherit it). */
    static long hardNoFile() throws IOException {
        return parseHardNoFile(Files.readAllLines(Path.of("/proc/self/limits")));
    }
}
