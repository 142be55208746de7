package io.aionet.cli;

import io.aionet.bench.seed.SeedDemo;

/**
 * {@code aionet demo}: the project's main job. Shows what the kernel offers, reproduces the two seed-003
 * experiments (asynchronous vs synchronous receive of 1 GiB, zero-copy vs epoll-driven send on 10
 * sockets) and runs the NOP benchmark against C.
 */
final class DemoCommand {
    private DemoCommand() {}

    static int run(String[] args) throws Exception {
        System.out.println("== aionet demo: probe ==");
        ProbeCommand.print(System.out);
        System.out.println();
        SeedDemo.run(System.out, 1L << 30, 4, 64L << 20);
        System.out.println();
        System.out.println("== NOP round trips (prepare + submit + reap), aionet against C liburing ==");
        return BenchCommand.run(new String[] {"nop", "--rounds", "5"});
    }
}
