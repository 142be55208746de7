package io.aionet.bench.harness;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HarnessArgsTest {
    @Test
    void defaults() {
        HarnessArgs a = HarnessArgs.parse();
        assertEquals(List.of(), a.names());
        assertEquals(5, a.rounds());
        assertNull(a.out());
        assertFalse(a.list());
        assertFalse(a.help());
    }

    @Test
    void namesRoundsAndOut() {
        HarnessArgs a = HarnessArgs.parse("nop", "--rounds", "7", "echo", "--out", "/tmp/x");
        assertEquals(List.of("nop", "echo"), a.names());
        assertEquals(7, a.rounds());
        assertEquals(Path.of("/tmp/x"), a.out());
    }

    @Test
    void inlineValuesAndRepeatedNames() {
        HarnessArgs a = HarnessArgs.parse("--rounds=3", "nop", "nop", "--out=res");
        assertEquals(List.of("nop"), a.names());
        assertEquals(3, a.rounds());
        assertEquals(Path.of("res"), a.out());
    }

    @Test
    void listAndHelp() {
        assertTrue(HarnessArgs.parse("--list").list());
        assertTrue(HarnessArgs.parse("-h").help());
    }

    @Test
    void badInputSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HarnessArgs.parse("--rounds"));
        assertTrue(e.getMessage().contains("--rounds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HarnessArgs.parse("--rounds", "x"));
        assertThrows(IllegalArgumentException.class, () -> HarnessArgs.parse("--rounds", "0"));
        assertThrows(IllegalArgumentException.class, () -> HarnessArgs.parse("--out", " "));
        e = assertThrows(IllegalArgumentException.class, () -> HarnessArgs.parse("--fast"));
        assertTrue(e.getMessage().contains("--fast"), e.getMessage());
    }

    @Test
    void defaultOutIsResultsByDate() {
        assertEquals(Path.of("/r/results/2026-03-04"), HarnessArgs.defaultOut(Path.of("/r"), LocalDate.of(2026, 3, 4)));
    }
}
