package io.aionet.internal;

import java.util.function.IntConsumer;

/**
 * The JVM's own signal handlers ({@code sun.misc.Signal}, module {@code jdk.unsupported}) behind one
 * small seam, so that the event channel's signal source names no internal API. A handle returned by
 * {@link #install} restores the handler it replaced.
 */
public final class JvmSignals {
    private JvmSignals() {
    }

    /** What {@link #install} replaced: restore it with {@link #restore(Installed)}. */
    public static final class Installed {
        private final sun.misc.Signal signal;
        private final sun.misc.SignalHandler previous;

        private Installed(sun.misc.Signal signal, sun.misc.SignalHandler previous) {
            this.signal = signal;
            this.previous = previous;
        }
    }

    /**
     * Installs {@code handler} (called with the signal number, on a thread the JVM starts per signal)
     * for the signal the JVM names {@code name} ("INT", "USR1", ...).
     *
     * @throws IllegalArgumentException when the JVM refuses a handler for that signal
     */
    public static Installed install(String name, IntConsumer handler) {
        sun.misc.Signal signal = new sun.misc.Signal(name);
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> handler.accept(s.getNumber()));
        return new Installed(signal, previous);
    }

    /** Puts back the handler {@code installed} replaced. */
    public static void restore(Installed installed) {
        sun.misc.Signal.handle(installed.signal, installed.previous);
    }
}
