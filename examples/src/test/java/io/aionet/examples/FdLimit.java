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

    /** The soft and hard limits ({@code -1}: unlimited), or null when they cannot be read. */
    static long[] get() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment rl = a.allocate(16, 8);
            if ((int) GET.invokeExact(RLIMIT_NOFILE, rl) != 0) {
                return null;
            }
            return new long[] {rl.get(ValueLayout.JAVA_LONG, 0), rl.get(ValueLayout.JAVA_LONG, 8)};
        } catch (Throwable t) {
            return null;
        }
    }

    /** Sets the soft limit (the hard one kept); true when it took. */
    static boolean setSoft(long soft) {
        long[] now = get();
        if (now == null) {
            return false;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment rl = a.allocate(16, 8);
            rl.set(ValueLayout.JAVA_LONG, 0, soft);
            rl.set(ValueLayout.JAVA_LONG, 8, now[1]);
            return (int) SET.invokeExact(RLIMIT_NOFILE, rl) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    private static final MethodHandle GET = handle("getrlimit");
    private static final MethodHandle SET = handle("setrlimit");

    private static MethodHandle handle(String name) {
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

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
