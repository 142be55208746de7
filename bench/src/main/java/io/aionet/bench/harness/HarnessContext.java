package io.aionet.bench.harness;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a benchmark gets from the harness.
 *
 * @param buildDir where native peers are compiled ({@code bench/native/build} in a checkout)
 * @param outDir   where results are written
 * @param log      progress lines go here
 * @param rounds   measured rounds after the warm-up round
 */
public record HarnessContext(Path buildDir, Path outDir, PrintStream log, int rounds) {}
