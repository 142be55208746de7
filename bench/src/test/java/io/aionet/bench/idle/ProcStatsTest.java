package io.aionet.bench.idle;

import io.aionet.bench.harness.Benchmarks;
import io.aionet.bench.harness.MacroBenchmark;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatsTest {
    @Test
    void vmRssInBytes() {
        assertEquals(96_312L * 1024, ProcStats.parseVmRss(List.of("Name:\tjava", "VmPeak:\t  1 kB", "VmRSS:\t   96312 kB")));
        assertThrows(IllegalArgumentException.class, () -> ProcStats.parseVmRss(List.of("Name:\tjava")));
    }

    @Test
    void schedstatRunTime() {
        assertEquals(232025L, ProcStats.parseSchedstat("232025 8705697 2\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcStats.parseSchedstat("  "));
    }

    @Test
    void hardLimitOnOpenFiles() {
        List<String> limits = List.of("Limit                     Soft Limit           Hard Limit           Units",
                "Max open files            1024                 20000                files");
        assertEquals(20000, ProcStats.parseHardNoFile(limits));
        assertEquals(Long.MAX_VALUE, ProcStats.parseHardNoFile(
                List.of("Max open files            unlimited            unlimited            files")));
        assertThrows(IllegalArgumentException.class, () -> ProcStats.parseHardNoFile(List.of("Max processes 1 2")));
    }

    @Test
    void ownProcessIsReadable() throws Exception {
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcStats.rssBytes(pid) > 1 << 20, "a JVM holds more than 1 MiB");
        assertTrue(ProcStats.cpuNanos(pid) > 0);
        assertTrue(ProcStats.hardNoFile() > 0);
    }

    @Test
    void bulkSendfileAndIdleAreRegisteredWithTheirPeers() throws Exception {
        assertTrue(Benchmarks.names().containsAll(List.of("bulk", "sendfile", "idle")));
        try (MacroBenchmark b = Benchmarks.create("bulk")) {
            assertEquals(List.of("aionet", "aionet-epoll", "jdk-blocking", "jdk-nio", "c-epoll", "c-blocking", "c-uring"), b.impls());
        }
        try (MacroBenchmark b = Benchmarks.create("sendfile")) {
            assertEquals(List.of("aionet", "jdk-transferto", "sendfile-syscall"), b.impls());
        }
        try (MacroBenchmark b = Benchmarks.create("idle")) {
            assertEquals(List.of("aionet", "aionet-epoll", "jdk-nio"), b.impls());
            assertThrows(IllegalArgumentException.class, () -> b.run("netty"));
        }
    }
}
