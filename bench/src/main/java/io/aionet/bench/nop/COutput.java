package io.aionet.bench.nop;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code nop_bench} printed: its {@code setup …} line (flags requested and accepted) and one
 * {@code nop batch=B … ns_per_nop=X} line per batch size.
 *
 * @param setup     the setup line without its leading word, or {@code null}
 * @param nsPerNop  batch size → nanoseconds per NOP, in batch order
 */
record COutput(String setup, Map<Integer, Double> nsPerNop) {
    /**
     * Parses the program's output.
     *
     * @throws IllegalArgumentException when a {@code nop} line lacks its fields, or no such line is there
     */
    static COutput parse(String out) {
        String setup = null;
        Map<Integer, Double> ns = new TreeMap<>();
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
            }
        }
        if (ns.isEmpty()) {
            throw new IllegalArgumentException("nop_bench printed no result: " + out.strip());
        }
        return new COutput(setup, ns);
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
