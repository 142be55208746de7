package io.aionet.cli;

import io.aionet.bench.Harness;
import io.aionet.bench.harness.HarnessArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code aionet bench [NAME…] [--all] [--rounds N] [--out DIR] [--impl IMPL…] [--list] [--render DIR]}: the macro
 * harness of {@link Harness}; {@code --render DIR} redraws a results folder's charts from its JSON. Without a name (or with {@code --list}) it lists the benchmarks instead of running
 * all of them, which takes many minutes; {@code --all} runs every one.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"The macro benchmark harness: interleaved rounds of aionet against its peers; "
                + "JSON, Markdown and a PNG chart per benchmark.",
                "Without a NAME it lists the benchmarks; --all runs every one (many minutes)."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "benchmarks to run (see --list)")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "run every registered benchmark")
    boolean all;

    @Option(names = {"-r", "--rounds"}, paramLabel = "N", defaultValue = "" + HarnessArgs.DEFAULT_ROUNDS,
            description = "measured rounds after one warm-up round (default: ${DEFAULT-VALUE})")
    int rounds = HarnessArgs.DEFAULT_ROUNDS;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "where JSON, Markdown and PNG go (default: results/<yyyy-mm-dd>)")
    Path out;

    @Option(names = "--list", description = "list the benchmarks and what each compares")
    boolean list;

    @Option(names = "--impl", paramLabel = "IMPL", split = ",",
            description = "run only these implementations (e.g. --impl aionet-epoll); default: every one")
    List<String> impls = new ArrayList<>();

    @Option(names = "--render", paramLabel = "DIR",
            description = "redraw the charts of a results folder from its JSON, without running anything")
    Path render;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(Main.root(spec).out);
    }

    int run(PrintStream printTo) throws Exception {
        if (render != null) {
            if (all || !names.isEmpty()) {
                throw new IllegalArgumentException("--render redraws a results folder; it runs no benchmark");
            }
            return Harness.render(render, printTo);
        }
        if (all && !names.isEmpty()) {
            throw new IllegalArgumentException("name benchmarks or give --all, not both");
        }
        if (list || (!all && names.isEmpty())) {
            printTo.println("benchmarks (run one with ./aionet bench NAME, every one with ./aionet bench --all):");
            Harness.list(printTo);
            return 0;
        }
        List<String> run = all ? io.aionet.bench.harness.Benchmarks.names() : names;
        return Harness.run(new HarnessArgs(run, rounds, out, impls), printTo);
    }
}
