package io.aionet.bench.harness;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * What {@code ./aionet bench NAME… [--rounds N] [--out DIR] [--impl IMPL…]} asks the harness to run
 * (the command line itself is parsed by the {@code cli} module).
 *
 * @param names  benchmarks to run, in order, each once
 * @param rounds measured rounds after the warm-up round (default {@value #DEFAULT_ROUNDS})
 * @param out    the output folder; {@code null}: {@code results/<yyyy-mm-dd>} (see {@link #defaultOut})
 * @param impls  only these implementations (each must belong to a named benchmark); empty: every one
 */
public record HarnessArgs(List<String> names, int rounds, Path out, List<String> impls) {
    /** Rounds when {@code --rounds} is not given. */
    public static final int DEFAULT_ROUNDS = 5;

    /**
     * Checks the values; repeated names run once.
     *
     * @throws IllegalArgumentException when no benchmark is named or {@code rounds} is below 1
     */
    public HarnessArgs {
        names = List.copyOf(new java.util.LinkedHashSet<>(names));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one benchmark");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
        }
        impls = List.copyOf(new java.util.LinkedHashSet<>(impls));
    }

    /** Every implementation of each benchmark. */
    public HarnessArgs(List<String> names, int rounds, Path out) {
        this(names, rounds, out, List.of());
    }

    /** {@code results/<yyyy-mm-dd>} under {@code root}. */
    public static Path defaultOut(Path root, LocalDate day) {
        return root.resolve("results").resolve(day.toString());
    }
}
