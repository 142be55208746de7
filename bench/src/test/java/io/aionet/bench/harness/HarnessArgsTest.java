package io.aionet.bench.harness;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HarnessArgsTest {
    @Test
    void repeatedNamesRunOnceInOrder() {
        HarnessArgs a = new HarnessArgs(List.of("nop", "echo", "nop"), 3, Path.of("res"));
        assertEquals(List.of("nop", "echo"), a.names());
        assertEquals(3, a.rounds());
        assertEquals(Path.of("res"), a.out());
    }

    @Test
    void badInputSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HarnessArgs(List.of("nop"), 0, null));
        assertTrue(e.getMessage().contains("rounds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HarnessArgs(List.of(), 5, null));
    }

    @Test
    void anUnknownImplIsRefusedBeforeAnythingRuns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> io.aionet.bench.Harness.run(
                new HarnessArgs(List.of("nop"), 1, null, List.of("aionet-epol")), new java.io.PrintStream(new java.io.ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("aionet-epol") && e.getMessage().contains("c-liburing"), e.getMessage());
        assertEquals(List.of("aionet-epoll"), new HarnessArgs(List.of("echo"), 1, null, List.of("aionet-epoll", "aionet-epoll")).impls());
    }

    @Test
    void defaultOutIsResultsByDate() {
        assertEquals(Path.of("/r/results/2026-03-04"), HarnessArgs.defaultOut(Path.of("/r"), LocalDate.of(2026, 3, 4)));
    }
}
