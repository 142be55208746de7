package io.aionet.bench.harness;

import io.aionet.bench.bulk.BulkMacro;
import io.aionet.bench.echo.EchoMacro;
import io.aionet.bench.event.EventsMacro;
import io.aionet.bench.idle.IdleMacro;
import io.aionet.bench.nop.NopMacro;
import io.aionet.bench.sendfile.SendfileMacro;
import io.aionet.bench.zerocopy.ZeroCopyMacro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of macro benchmarks {@code ./aionet bench} knows, in the order it runs them. A new
 * benchmark adds one {@code register} line to the static block below (or calls {@link #register}
 * before the harness runs).
 */
public final class Benchmarks {
    private Benchmarks() {}

    private static final Map<String, Supplier<? extends MacroBenchmark>> ALL = new LinkedHashMap<>();

    static {
        register("nop", NopMacro::new);
        register("events", EventsMacro::new);
        register("echo", EchoMacro::new);
        register("bulk", BulkMacro::new);
        register("sendfile", SendfileMacro::new);
        register("idle", IdleMacro::new);
        register("zerocopy", ZeroCopyMacro::new);
        register("spsc", io.aionet.bench.channel.SpscMacro::new);
        register("serve", io.aionet.bench.serve.ServeMacro::new);
        register("tomcat", io.aionet.bench.tomcat.TomcatMacro::new);
        // echo, bulk, sendfile, events, spsc, idle: one line each here
    }

    /**
     * Adds a benchmark under {@code name}.
     *
     * @throws IllegalArgumentException when the name is taken or not a plain word
     */
    public static synchronized void register(String name, Supplier<? extends MacroBenchmark> factory) {
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("benchmark names are lower-case words: " + name);
        }
        if (ALL.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("benchmark " + name + " is already registered");
        }
    }

    /** Every registered name, in run order. */
    public static synchronized List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * A fresh instance of benchmark {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static synchronized MacroBenchmark create(String name) {
        Supplier<? extends MacroBenchmark> f = ALL.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no benchmark named " + name + " (known: " + String.join(", ", ALL.keySet()) + ")");
        }
        return f.get();
    }
}
