package io.aionet.cli;

import io.aionet.bench.seed.SeedDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code aionet demo}: the project's main job. Shows what the kernel offers, reproduces the two seed-003
 * experiments (asynchronous vs synchronous receive of 1 GiB, zero-copy vs epoll-driven send on 10
 * sockets) and runs the NOP benchmark against C. {@code --quick} runs each briefly with every byte
 * checked: that the demo works here (on io_uring or epoll), not its figures.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The seed experiments: 1 GiB asynchronous vs synchronous receive, zero-copy vs "
                + "epoll-driven send on 10 sockets, and NOP round trips against C (--quick: each briefly).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "each experiment briefly (64 MiB, 4 MiB per socket, one run each,"
            + " every byte checked; one NOP round): a check that everything works here, not figures")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = Main.root(spec).out;
        out.println("== aionet demo" + (quick ? " --quick (a check, not figures)" : "") + ": probe ==");
        ProbeCommand.print(out);
        out.println();
        if (quick) {
            SeedDemo.run(out, 64L << 20, 1, 4L << 20, true);
        } else {
            SeedDemo.run(out, 1L << 30, 4, 64L << 20);
        }
        out.println();
        out.println("== NOP round trips (prepare + submit + reap), aionet against C liburing ==");
        return BenchCommand.run(out, "nop", quick ? 1 : 5);
    }
}
