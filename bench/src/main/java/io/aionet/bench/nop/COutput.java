package io.aionet.bench.nop;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code nop_bench} printed: its {@code setup …} line (flags requested and accepted) and one
 * {@code nop batch=B … ns_per_nop=X} line per batch size.
 *
 * @param setup     the setup line without its leading word, or {@code null}
 * @param nsPerNop    batch size → elapsed nanoseconds per NOP, in batch order
 * @param cpuNsPerNop batch size → CPU nanoseconds per NOP (absent for a program that does not print them)
 */
record COutput(String setup, Map<Integer, Double> nsPerNop, Map<Integer, Double> cpuNsPerNop) {
    /**
     * Parses the program's output.
     *
     * @throws IllegalArgumentException when a {@code nop} line lacks its fields, or no such line is there
     */
    static COutput parse(String out) {
        String setup = null;
        Map<Integer, Double> ns = new TreeMap<>();
        Map<Integer, Double> cpu = new TreeMap<>();
        for (String line : out.split("\n")) {
            line = line.strip();
            if (line.startsWith("setup ")) {
                setup = line.substring("setup ".length());
            } else if (line.startsWith("nop ")) {
                String batch = field(line, "batch");
                String v = field(line, "ns_per_nop");
                if (batch == null || v == null) {
                    throw new IllegalArgumentException("nop_bench line without batch or ns_per_nop: " + line);
                }
                ns.put(Integer.parseInt(batch), Double.parseDouble(v));
                String c = field(line, "cpu_ns_per_nop");
                if (c != null) {
                    cpu.put(Integer.parseInt(batch), Double.parseDouble(c));
                }
            }
        }
        if (ns.isEmpty()) {
            throw new IllegalArgumentException("nop_bench printed no result: " + out.strip());
        }
        return new COutput(setup, ns, cpu);
    }

    private static String field(String line, String key) {
        for (String word : line.split("\\s+")) {
            if (word.startsWith(key + "=")) {
                return word.substring(key.length() + 1);
            }
        }
        return null;
    }
}
