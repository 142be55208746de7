package io.aionet.bench.harness;

/**
 * No implementation of a benchmark can run on this machine (a kernel feature, tool or library is
 * missing for every one of them): the benchmark is skipped, which is not a failure.
 */
public final class NothingToRunException extends Exception {
    private static final long serialVersionUID = 1L;

    /** With the reasons, one per implementation. */
    public NothingToRunException(String message) {
        super(message);
    }
}
