package io.aionet.cli;

/**
 * {@code aionet demo}: the project's main job. Until the seed experiments land it shows what the kernel
 * offers and runs the NOP benchmark.
 */
final class DemoCommand {
    private DemoCommand() {}

    static int run(String[] args) throws Exception {
        System.out.println("== aionet demo: probe ==");
        ProbeCommand.print(System.out);
        System.out.println();
        System.out.println("== aionet demo: NOP round trips (prepare + submit + reap) ==");
        return BenchCommand.run(new String[] {"nop", "--rounds", "5"});
    }
}
