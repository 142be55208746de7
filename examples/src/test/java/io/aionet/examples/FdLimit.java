package io.aionet.examples;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Raises the test JVM's soft descriptor limit ({@code RLIMIT_NOFILE}) towards its hard limit. */
final class FdLimit {
    private static final int RLIMIT_NOFILE = 7;

    private FdLimit() {}

    /** Raises the soft limit to at least {@code wanted} if the hard limit allows; returns the soft limit now. */
    static long raiseTo(long wanted) {
        Linker linker = Linker.nativeLinker();
        MethodHandle get = linker.downcallHandle(linker.defaultLookup().find("getrlimit").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MethodHandle set = linker.downcallHandle(linker.defaultLookup().find("setrlimit").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment rl = a.allocate(16, 8); // struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; }
            if ((int) get.invokeExact(RLIMIT_NOFILE, rl) != 0) {
                return -1;
            }
            long cur = rl.get(ValueLayout.JAVA_LONG, 0);
            long max = rl.get(ValueLayout.JAVA_LONG, 8);
            if (cur >= wanted || cur == -1) {
                return cur == -1 ? Long.MAX_VALUE : cur;
            }
            long target = max == -1 ? wanted : Math.min(wanted, max);
            rl.set(ValueLayout.JAVA_LONG, 0, target);
            if ((int) set.invokeExact(RLIMIT_NOFILE, rl) != 0) {
                return cur;
            }
            return target;
        } catch (Throwable t) {
            return -1;
        }
    }
}
