package io.aionet.linux;

import java.lang.foreign.MemorySegment;

/**
 * The check {@link Native} runs before its first restricted call: when the JVM refuses aionet native
 * access ({@code --illegal-native-access=deny} without {@code --enable-native-access}), the first use of
 * aionet fails with one sentence that names the flag to add, instead of an
 * {@link ExceptionInInitializerError} from whichever system-call class happened to load first.
 *
 * <p>Without {@code --enable-native-access} and without {@code deny} (JDK 25's default, {@code warn}),
 * the calls work and the JDK prints its own warning naming the flag.
 *
 * <p>The public entry points ({@code EventChannel.create}, {@code DmaArea.allocate},
 * {@code IoUring.Builder.open}) call {@link #require()} before touching any class whose initializer
 * makes downcall handles: a class whose initializer failed answers every later use with a
 * {@link NoClassDefFoundError}, so the check at the entry gives the sentence on every attempt, not only
 * the first.
 */
public final class NativeAccess {
    private NativeAccess() {}

    /**
     * Returns when aionet's module may call restricted methods.
     *
     * @throws UnsatisfiedLinkError when the JVM denies it, with the sentence naming the flag to add
     */
    public static void require() {
        require(NativeAccess.class.getModule());
    }

    /**
     * Returns when {@code module} may call restricted methods.
     *
     * @throws UnsatisfiedLinkError when the JVM denies it; an {@link Error}, so that it leaves the class
     *                              initializer that runs this check as it is, not wrapped
     */
    static void require(Module module) {
        if (module.isNativeAccessEnabled()) {
            return;
        }
        try {
            // a restricted method that does nothing: the JVM refuses it exactly when it would refuse a downcall
            MemorySegment.NULL.reinterpret(0);
        } catch (IllegalCallerException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError(message(module));
            error.initCause(e);
            throw error;
        }
    }

    /** The sentence: which flag to add for {@code module}. */
    static String message(Module module) {
        String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
        return "aionet calls the kernel through the FFM API and this JVM denies it native access: add "
                + "--enable-native-access=" + target + " to the java command line"
                + (module.isNamed() ? "" : " (aionet is on the class path; on the module path the flag is "
                + "--enable-native-access=io.aionet)");
    }
}
