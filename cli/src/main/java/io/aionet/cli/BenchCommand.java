package io.aionet.cli;

/** {@code aionet bench}: the macro harness. */
final class BenchCommand {
    private BenchCommand() {}

    static int run(String[] args) throws Exception {
        return io.aionet.bench.Harness.main0(args);
    }
}
