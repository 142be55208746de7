package io.aionet.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes the machine a run happened on — CPU, cores, memory, kernel, OS, JDK — because on small
 * shared machines a figure means little without it.
 */
public final class Machine {
    private Machine() {}

    /**
     * This machine: {@code cpu}, {@code cores}, {@code memory_gib}, {@code kernel}, {@code os},
     * {@code arch}, {@code jdk} and {@code load_average_1m} (how busy the machine was at the start).
     */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", procField("/proc/cpuinfo", "model name"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        String memKb = procField("/proc/meminfo", "MemTotal");
        m.put("memory_gib", memKb == null ? null : Math.round(parseKb(memKb) / 1024.0 / 1024.0 * 10) / 10.0);
        m.put("kernel", System.getProperty("os.version"));
        m.put("os", osRelease());
        m.put("arch", System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        m.put("load_average_1m", loadAverage());
        return m;
    }

    /** The description on one line, for tables and logs. */
    public static String oneLine(Map<String, Object> m) {
        StringBuilder b = new StringBuilder();
        append(b, m.get("cores"), " cores");
        append(b, m.get("cpu"), "");
        append(b, m.get("memory_gib"), " GiB");
        append(b, m.get("kernel") == null ? null : "Linux " + m.get("kernel"), "");
        append(b, m.get("os"), "");
        append(b, m.get("jdk"), "");
        append(b, m.get("load_average_1m") == null ? null : "load average " + m.get("load_average_1m"), "");
        return b.toString();
    }

    private static void append(StringBuilder b, Object v, String suffix) {
        if (v == null) {
            return;
        }
        if (!b.isEmpty()) {
            b.append(", ");
        }
        b.append(v).append(suffix);
    }

    /** The 1-minute load average when the run started: on a shared machine, how busy it was. */
    private static Double loadAverage() {
        try {
            String first = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
            return Double.parseDouble(first);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long parseKb(String v) {
        String digits = v.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    /** The value of the first {@code key: value} line of a /proc file, or null. */
    static String procField(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the field is left out
        }
        return null;
    }

    private static String osRelease() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            for (String line : lines) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            // left out
        }
        return null;
    }
}
