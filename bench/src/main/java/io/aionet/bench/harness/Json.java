package io.aionet.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link BenchmarkResult} as the JSON object {@code BENCHMARKS.md} fixes:
 * {@code {"benchmark", "machine", "results": [{"impl", "metric", "unit", "median", "min", "max",
 * "runs"}]}}, plus {@code "title"}, {@code "rounds"} and {@code "notes"}. A small writer of its own
 * keeps the bench module free of a JSON library.
 */
public final class Json {
    private Json() {}

    /** The result as pretty-printed JSON (two-space indent, one result per line), ending with a newline. */
    public static String of(BenchmarkResult r) {
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        b.append("  \"benchmark\": ").append(string(r.benchmark())).append(",\n");
        b.append("  \"title\": ").append(string(r.title())).append(",\n");
        b.append("  \"machine\": ").append(value(r.machine())).append(",\n");
        b.append("  \"rounds\": ").append(r.rounds()).append(",\n");
        b.append("  \"results\": [");
        List<ResultRow> rows = r.results();
        for (int i = 0; i < rows.size(); i++) {
            ResultRow row = rows.get(i);
            Stats s = row.stats();
            b.append(i == 0 ? "\n" : ",\n");
            b.append("    {\"impl\": ").append(string(row.impl()))
                    .append(", \"metric\": ").append(string(row.metric()))
                    .append(", \"unit\": ").append(string(row.unit()))
                    .append(", \"median\": ").append(number(s.median()))
                    .append(", \"min\": ").append(number(s.min()))
                    .append(", \"max\": ").append(number(s.max()))
                    .append(", \"runs\": [");
            for (int k = 0; k < s.runs().length; k++) {
                b.append(k == 0 ? "" : ", ").append(number(s.runs()[k]));
            }
            b.append("]}");
        }
        b.append(rows.isEmpty() ? "],\n" : "\n  ],\n");
        b.append("  \"notes\": ").append(value(r.notes())).append("\n");
        b.append("}\n");
        return b.toString();
    }

    /** A JSON value for a string, number, boolean, null, map (string keys) or list. */
    static String value(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            return string(s);
        }
        if (o instanceof Double || o instanceof Float) {
            return number(((Number) o).doubleValue());
        }
        if (o instanceof Number || o instanceof Boolean) {
            return o.toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "" : ", ").append(string(String.valueOf(e.getKey()))).append(": ").append(value(e.getValue()));
                first = false;
            }
            return b.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(value(l.get(i)));
            }
            return b.append(']').toString();
        }
        throw new IllegalArgumentException("no JSON form for " + o.getClass().getName());
    }

    /** A JSON number; NaN and infinities, which JSON lacks, become {@code null}. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A JSON string literal with the escapes RFC 8259 requires. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
