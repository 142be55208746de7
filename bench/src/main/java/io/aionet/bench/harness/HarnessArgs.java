package io.aionet.bench.harness;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ./aionet bench [NAME…] [--rounds N] [--out DIR] [--list]}.
 *
 * @param names  benchmarks to run, in order; empty: every registered one
 * @param rounds measured rounds after the warm-up round (default {@value #DEFAULT_ROUNDS})
 * @param out    the output folder; {@code null}: {@code results/<yyyy-mm-dd>} (see {@link #defaultOut})
 * @param list   only list the benchmarks
 * @param help   only print the usage
 */
public record HarnessArgs(List<String> names, int rounds, Path out, boolean list, boolean help) {
    /** Rounds when {@code --rounds} is not given. */
    public static final int DEFAULT_ROUNDS = 5;

    /** The usage text. */
    public static final String USAGE = """
            usage: ./aionet bench [NAME...] [--rounds N] [--out DIR] [--list]
              NAME        benchmarks to run (default: all); --list shows them
              --rounds N  measured rounds after one warm-up round (default 5)
              --out DIR   where JSON, Markdown and PNG go (default results/<yyyy-mm-dd>)
            """;

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value
     */
    public static HarnessArgs parse(String... args) {
        List<String> names = new ArrayList<>();
        int rounds = DEFAULT_ROUNDS;
        Path out = null;
        boolean list = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--rounds", "-r" -> {
                    String v = inline != null ? inline : value(args, ++i, a);
                    try {
                        rounds = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--rounds needs a whole number: " + v);
                    }
                    if (rounds < 1) {
                        throw new IllegalArgumentException("--rounds must be at least 1: " + rounds);
                    }
                }
                case "--out", "-o" -> {
                    String v = inline != null ? inline : value(args, ++i, a);
                    if (v.isBlank()) {
                        throw new IllegalArgumentException("--out needs a folder");
                    }
                    out = Path.of(v);
                }
                case "--list" -> list = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                    if (!names.contains(a)) {
                        names.add(a);
                    }
                }
            }
        }
        return new HarnessArgs(List.copyOf(names), rounds, out, list, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** {@code results/<yyyy-mm-dd>} under {@code root}. */
    public static Path defaultOut(Path root, LocalDate day) {
        return root.resolve("results").resolve(day.toString());
    }
}
