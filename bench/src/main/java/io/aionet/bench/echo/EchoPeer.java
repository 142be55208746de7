package io.aionet.bench.echo;

/**
 * One Java echo server of the {@code echo} macro benchmark (issue 5): it binds, then serves on the
 * calling thread (or threads it starts) until the process ends.
 */
interface EchoPeer {
    /** Binds 127.0.0.1:{@code port} (0: any) and returns the port; accepting may start later. */
    int start(int port) throws Exception;

    /** How it is configured, for the benchmark's notes. */
    String setup();

    /** Serves connections; returns only when the process is ending. */
    void serve() throws Exception;
}
