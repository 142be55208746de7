package io.aionet.linux;

import io.aionet.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without native access the first use of aionet says which flag to add, in one sentence, instead of an
 * {@link ExceptionInInitializerError}.
 */
@Timeout(120)
class NativeAccessTest {
    /** The child: opens a ring, the way any program's first call reaches the kernel. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            try (IoUring ring = IoUring.builder().entries(2).open()) {
                System.out.println("opened " + ring.sqEntries());
            }
        }
    }

    /** The usual first call, an event channel, tried twice: both attempts get the sentence. */
    public static final class ChannelChild {
        public static void main(String[] args) throws Exception {
            for (int i = 0; i < 2; i++) {
                try (io.aionet.event.EventChannel ch = io.aionet.event.EventChannel.create()) {
                    System.out.println("opened " + ch.backend());
                } catch (Throwable t) {
                    System.out.println("attempt " + i + ": " + t);
                }
            }
        }
    }

    private record Run(int status, String out) {}

    private static Run child(String... jvmOptions) throws Exception {
        return child(Child.class, jvmOptions);
    }

    private static Run child(Class<?> main, String... jvmOptions) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
        return new Run(p.exitValue(), out);
    }

    @Test
    void deniedNativeAccessNamesTheFlag() throws Exception {
        Run r = child("--illegal-native-access=deny");
        assertNotEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("java.lang.UnsatisfiedLinkError: aionet calls the kernel through the FFM API and "
                + "this JVM denies it native access: add --enable-native-access=ALL-UNNAMED to the java command line"), r.out());
        assertFalse(r.out().contains("ExceptionInInitializerError"), r.out());
    }

    @Test
    void everyEventChannelAttemptNamesTheFlag() throws Exception {
        Run r = child(ChannelChild.class, "--illegal-native-access=deny");
        String sentence = ": java.lang.UnsatisfiedLinkError: aionet calls the kernel through the FFM API and this JVM "
                + "denies it native access: add --enable-native-access=ALL-UNNAMED to the java command line";
        assertTrue(r.out().contains("attempt 0" + sentence), r.out());
        assertTrue(r.out().contains("attempt 1" + sentence), "not a NoClassDefFoundError the second time: " + r.out());
        assertFalse(r.out().contains("ExceptionInInitializerError"), r.out());
    }

    @Test
    void grantedNativeAccessWorksUnderDeny() throws Exception {
        Run r = child("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("opened 2"), r.out());
    }

    @Test
    void theMessageNamesTheModuleOnTheModulePath() {
        assertTrue(NativeAccess.message(Object.class.getModule()).contains("--enable-native-access=java.base to"),
                "a named module is named");
        assertTrue(NativeAccess.message(NativeAccessTest.class.getModule()).contains("--enable-native-access=ALL-UNNAMED"));
    }
}
