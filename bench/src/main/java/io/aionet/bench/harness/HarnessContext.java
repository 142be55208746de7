package io.aionet.bench.harness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What a benchmark gets from the harness.
 *
 * @param buildDir where native peers are compiled ({@code bench/native/build} in a checkout)
 * @param outDir   where results are written
 * @param log      progress lines go here
 * @param rounds   measured rounds after the warm-up round
 * @param only     the implementations asked for ({@code --impl}); empty: every one
 */
public record HarnessContext(Path buildDir, Path outDir, PrintStream log, int rounds, List<String> only) {
    /** Copies {@code only}. */
    public HarnessContext {
        only = List.copyOf(only);
    }

    /** A context that runs every implementation. */
    public HarnessContext(Path buildDir, Path outDir, PrintStream log, int rounds) {
        this(buildDir, outDir, log, rounds, List.of());
    }
}
