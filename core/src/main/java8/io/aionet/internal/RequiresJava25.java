package io.aionet.internal;

/**
 * The core jar's {@code Main-Class}, compiled for Java 8 (its own Maven execution) so that every JVM a
 * user may still have can load it: {@code java -jar aionet-core.jar} on a JDK older than 25 says which
 * Java it found and what aionet needs, instead of an {@code UnsupportedClassVersionError} naming a class
 * file version. On 25 or newer it says what the jar is. It references no other aionet class: every other
 * class file is Java 25's.
 */
public final class RequiresJava25 {
    static final int MIN_FEATURE = 25;

    private RequiresJava25() {
    }

    /**
     * Prints what the jar is, or why this JVM cannot run it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        String spec = System.getProperty("java.specification.version", "0");
        int feature = feature(spec);
        String home = System.getProperty("java.home", "?");
        if (feature < MIN_FEATURE) {
            System.err.println("aionet needs Java " + MIN_FEATURE + " or newer (the FFM API, java.lang.foreign);"
                    + " this is Java " + spec + " at " + home + ": run it with a JDK " + MIN_FEATURE
                    + " (set JAVA_HOME, or put its bin/java first on PATH).");
            System.exit(1);
        }
        System.out.println("aionet-core: the library (module io.aionet), not a program; Java " + spec
                + " at " + home + " can use it. Depend on it (see the README) and run with"
                + " --enable-native-access=io.aionet (ALL-UNNAMED on the class path); `aionet probe` tells"
                + " which backend this kernel allows.");
    }

    /** {@code "1.8"} is 8, {@code "17"} is 17. */
    static int feature(String spec) {
        String s = spec.startsWith("1.") ? spec.substring(2) : spec;
        int dot = s.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
