package io.aionet.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link BenchmarkResult} as the JSON object {@code BENCHMARKS.md} fixes:
 * {@code {"benchmark", "machine", "results": [{"impl", "metric", "unit", "median", "min", "max",
 * "runs"}]}}, plus {@code "title"}, {@code "rounds"} and {@code "notes"}, and reads it back
 * ({@link #parse}, for redrawing a chart from a results folder). A small writer and reader of its own
 * keep the bench module free of a JSON library.
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

    /**
     * Reads a result {@link #of} wrote (or any JSON object of that shape): {@code null} figures become
     * NaN; a missing {@code title} is empty, missing {@code rounds} the longest {@code runs}.
     *
     * @throws IllegalArgumentException when {@code text} is not JSON or not such an object
     */
    public static BenchmarkResult parse(String text) {
        Reader in = new Reader(text);
        Object v = in.value();
        in.skipSpace();
        if (in.pos != text.length()) {
            throw in.error("text after the JSON value");
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not a benchmark result (a JSON object): " + kind(v));
        }
        Object name = m.get("benchmark");
        Object results = m.get("results");
        if (!(name instanceof String) || !(results instanceof List<?> rows)) {
            throw new IllegalArgumentException("a benchmark result needs \"benchmark\" and \"results\"");
        }
        List<ResultRow> out = new java.util.ArrayList<>();
        int longest = 0;
        for (Object o : rows) {
            if (!(o instanceof Map<?, ?> row)) {
                throw new IllegalArgumentException("a result is not an object: " + kind(o));
            }
            double[] runs;
            if (row.get("runs") instanceof List<?> rl) {
                runs = new double[rl.size()];
                for (int i = 0; i < runs.length; i++) {
                    runs[i] = figure(rl.get(i));
                }
            } else {
                runs = new double[0];
            }
            longest = Math.max(longest, runs.length);
            Stats s = new Stats(figure(row.get("median")), figure(row.get("min")), figure(row.get("max")), runs);
            out.add(new ResultRow(text(row, "impl"), text(row, "metric"), text(row, "unit"), s));
        }
        Map<String, Object> machine = new java.util.LinkedHashMap<>();
        if (m.get("machine") instanceof Map<?, ?> mm) {
            for (Map.Entry<?, ?> e : mm.entrySet()) {
                machine.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        List<String> notes = new java.util.ArrayList<>();
        if (m.get("notes") instanceof List<?> nl) {
            for (Object n : nl) {
                notes.add(String.valueOf(n));
            }
        }
        int rounds = m.get("rounds") instanceof Number n ? n.intValue() : longest;
        String title = m.get("title") instanceof String t ? t : "";
        return new BenchmarkResult((String) name, title, machine, rounds, out, notes);
    }

    private static String text(Map<?, ?> row, String key) {
        if (!(row.get(key) instanceof String s)) {
            throw new IllegalArgumentException("a result needs \"" + key + "\" (a string)");
        }
        return s;
    }

    private static double figure(Object o) {
        if (o == null) {
            return Double.NaN;
        }
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("a figure is not a number: " + kind(o));
    }

    private static String kind(Object o) {
        return o == null ? "null" : o instanceof Map ? "an object" : o instanceof List ? "an array"
                : o instanceof String ? "a string" : o.toString();
    }

    /** A reader of RFC 8259 JSON: objects become ordered maps, arrays lists, numbers doubles. */
    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at offset " + pos);
        }

        void skipSpace() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{' -> {
                    pos++;
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    skipSpace();
                    if (peek('}')) {
                        return m;
                    }
                    do {
                        skipSpace();
                        if (pos >= s.length() || s.charAt(pos) != '"') {
                            throw error("expected a key");
                        }
                        String k = string();
                        skipSpace();
                        expect(':');
                        m.put(k, value());
                        skipSpace();
                    } while (peek(','));
                    expect('}');
                    return m;
                }
                case '[' -> {
                    pos++;
                    List<Object> l = new java.util.ArrayList<>();
                    skipSpace();
                    if (peek(']')) {
                        return l;
                    }
                    do {
                        l.add(value());
                        skipSpace();
                    } while (peek(','));
                    expect(']');
                    return l;
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (s.startsWith("true", pos)) {
                        pos += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", pos)) {
                        pos += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", pos)) {
                        pos += 4;
                        return null;
                    }
                    int start = pos;
                    while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                        pos++;
                    }
                    if (start == pos) {
                        throw error("unexpected '" + c + "'");
                    }
                    String num = s.substring(start, pos);
                    try {
                        if (num.matches("-?[0-9]{1,18}")) {
                            return Long.parseLong(num); // integers stay integers ("cores": 2, not 2.0)
                        }
                        return Double.parseDouble(num);
                    } catch (NumberFormatException e) {
                        pos = start;
                        throw error("bad number");
                    }
                }
            }
        }

        private boolean peek(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private String string() {
            pos++; // the opening quote
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }
    }
}
