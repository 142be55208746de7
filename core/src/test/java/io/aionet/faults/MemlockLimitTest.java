package io.aionet.faults;

import io.aionet.backend.BackendChoice;
import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.event.EventChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * RLIMIT_MEMLOCK of 64 KiB, for real: root ignores the limit (CAP_IPC_LOCK), so the test runs a child
 * JVM as the unprivileged user {@code nobody} with no capabilities ({@code setpriv}) under
 * {@code prlimit --memlock=65536}. A 1 MiB area must still be made (unlocked), registering it as a
 * fixed buffer must be refused softly ({@code registerFixed} returns false), and buffers from it must
 * still work. Kernels from 6.13 charge the rings themselves to the limit: a channel of the default size
 * (4096 completion entries) may then be refused, and the error must name the limit and the way out; a
 * channel sized to fit opens.
 */
class MemlockLimitTest {

    /** The child, run as nobody: prints one line per fact. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            try {
                EventChannel.create().close();
                System.out.println("default channel opened");
            } catch (io.aionet.LinuxException e) {
                System.out.println("default channel refused: " + e.getMessage());
            }
            try (EventChannel ch = EventChannel.create(io.aionet.event.EventChannelOptions.defaults()
                    .submissionEntries(32).completionEntries(256));
                 DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults().withLock(true))) {
                System.out.println("backend " + ch.backend().label());
                System.out.println("locked " + area.isLocked());
                System.out.println("fixed " + ch.registerFixed(area));
                Buffer b = area.reserve(100);
                b.put(0, (byte) 7);
                System.out.println("buffer " + b.get(0));
                b.release();
            }
            System.out.println("done");
        }
    }

    @Test
    void sixtyFourKibibytesOfLockableMemoryAsAnUnprivilegedUser() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/prlimit")),
                "needs setpriv and prlimit (util-linux)");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to the user nobody");
        String cp = Path.of(DmaArea.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + ":"
                + Path.of(Child.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "/usr/bin/prlimit", "--memlock=65536:65536",
                java, "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED",
                "-D" + BackendChoice.PROPERTY + "=" + System.getProperty(BackendChoice.PROPERTY, "auto"), // the suite's backend
                "-cp", cp, Child.class.getName()))
                .redirectErrorStream(true).directory(new java.io.File("/")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(!out.contains("Permission denied") || out.contains("done"),
                "the class folders are not readable by nobody: " + out);
        assertTrue(out.contains("done"), "the child ran to the end under the limit: " + out);
        assertTrue(out.contains("default channel opened") || out.contains("RLIMIT_MEMLOCK is 64 KiB"),
                "a refused ring names the limit and the way out: " + out);
        assertTrue(out.contains("locked false"), "a 1 MiB area is not locked under a 64 KiB limit: " + out);
        if (out.contains("backend epoll")) {
            // epoll pins nothing for a fixed buffer (its sends copy or use MSG_ZEROCOPY per call): no memory to refuse
            assertTrue(out.contains("fixed true"), "epoll keeps the region without locking memory: " + out);
        } else {
            assertTrue(out.contains("backend io_uring"), out);
            assertTrue(out.contains("fixed false"), "registering it as a fixed buffer is refused softly: " + out);
        }
        assertTrue(out.contains("buffer 7"), "its buffers still work: " + out);
    }
}
