package io.aionet.bench.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarksTest {
    @Test
    void nopIsRegistered() throws Exception {
        assertTrue(Benchmarks.names().contains("nop"));
        try (MacroBenchmark b = Benchmarks.create("nop")) {
            assertEquals("nop", b.name());
            assertEquals(java.util.List.of("aionet", "aionet-sqpoll", "c-liburing", "c-io_uring"), b.impls());
        }
    }

    @Test
    void unknownAndDuplicateNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Benchmarks.create("nope"));
        assertTrue(e.getMessage().contains("nop"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.register("nop", () -> null));
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.register("Bad Name", () -> null));
    }
}
