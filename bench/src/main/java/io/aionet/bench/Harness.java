package io.aionet.bench;

/** The macro benchmark harness behind {@code ./aionet bench}. */
public final class Harness {
    private Harness() {}

    /** Runs the harness; returns the exit status. */
    public static int main0(String[] args) {
        System.err.println("aionet bench: no benchmarks are built yet");
        return 2;
    }
}
