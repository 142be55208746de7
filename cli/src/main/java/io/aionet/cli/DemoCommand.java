package io.aionet.cli;

import io.aionet.bench.Harness;
import io.aionet.bench.harness.BenchmarkResult;
import io.aionet.bench.harness.HarnessArgs;
import io.aionet.bench.seed.DemoSummary;
import io.aionet.bench.seed.SeedDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.aionet.bench.harness.Machine;
import io.aionet.bench.harness.Workspace;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code aionet demo}: the project's main job. Shows what the kernel offers, reproduces the two seed-003
 * experiments (asynchronous vs synchronous receive of 1 GiB, zero-copy vs epoll-driven send on 10
 * sockets), runs the NOP benchmark against C (the raw-system-call peer {@code c-io_uring} always, the
 * liburing peer when {@code liburing-dev} is installed) and ends with {@link DemoSummary}'s one-screen
 * summary: each experiment, aionet's figure, the peer's, the ratio and whether the claim held, kept
 * with its date and machine in {@code results/<yyyy-mm-dd>/demo.txt} beside the NOP benchmark's files.
 * {@code --check} runs each experiment once, briefly, with every byte checked against what was sent:
 * that the demo works here (on io_uring or epoll); it keeps no record.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The seed experiments: 1 GiB asynchronous vs synchronous receive, zero-copy vs "
                + "epoll-driven send on 10 sockets, and NOP round trips against C; a one-screen summary at the end.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "a short run to see the format: 256 MiB per receive run, 2 runs "
            + "of each experiment, 16 MiB per socket, 1 NOP round (figures are rougher)")
    boolean quick;

    @Option(names = "--check", description = "that the demo works here (io_uring or epoll), not figures: each "
            + "experiment once and briefly (64 MiB, 4 MiB per socket) with every byte checked against what was "
            + "sent, 1 NOP round; nothing is written to results/")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = Main.root(spec).out;
        if (quick && check) {
            throw new IllegalArgumentException("--quick or --check, not both");
        }
        out.println("== aionet demo" + (check ? " --check (every byte checked; its figures mean nothing)" : "") + ": probe ==");
        ProbeCommand.print(out);
        out.println();
        SeedDemo.Result seeds = check ? SeedDemo.run(out, 64L << 20, 1, 4L << 20, true)
                : quick ? SeedDemo.run(out, 256L << 20, 2, 16L << 20) : SeedDemo.run(out, 1L << 30, 4, 64L << 20);
        out.println();
        out.println("== NOP round trips (prepare + submit + reap), aionet against C (raw system calls; liburing) ==");
        List<BenchmarkResult> results = new ArrayList<>();
        // a check keeps its figures out of results/, where they would pass for measured ones
        Path nopOut = check ? Files.createTempDirectory("aionet-demo-check") : null;
        int status = Harness.run(new HarnessArgs(List.of("nop"), quick || check ? 1 : 5, nopOut), out, results);
        out.println();
        List<DemoSummary.Line> lines = new ArrayList<>(DemoSummary.seedLines(seeds));
        List<String> notes = new ArrayList<>();
        for (BenchmarkResult r : results) {
            lines.addAll(DemoSummary.nopLines(r));
            for (String n : r.notes()) {
                if (n.contains(" skipped: ") || n.contains(" dropped ")) {
                    notes.add("nop: " + n);
                }
            }
        }
        if (results.isEmpty()) {
            notes.add("nop: did not run (see above)");
        }
        notes.add("send runs on loopback, where the kernel copies every zero-copy send (see above).");
        if (check) {
            notes.add("a --check run: every byte was checksummed, so these figures mean nothing.");
        }
        String summary = DemoSummary.render(lines, notes);
        out.print(summary);
        if (check) {
            return status;
        }
        // the demo's own record: the summary with its date and machine, beside nop's JSON, table and chart
        Path root = Workspace.root();
        Path dir = HarnessArgs.defaultOut(root != null ? root : Path.of(""), LocalDate.now());
        Files.createDirectories(dir);
        Path record = dir.resolve("demo.txt");
        Files.writeString(record, "aionet demo" + (quick ? " --quick" : "") + ", "
                + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "machine: " + Machine.oneLine(Machine.describe()) + "\n\n" + summary);
        out.println("demo: wrote " + record);
        return status;
    }
}
