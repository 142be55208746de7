package io.aionet.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MarkdownTest {
    @Test
    void oneRowPerMetricOneColumnPerImpl() {
        String t = Markdown.table(List.of(
                new ResultRow("aionet", "batch 1", "ns/NOP", Stats.of(300, 290, 310)),
                new ResultRow("c", "batch 1", "ns/NOP", Stats.of(250, 240, 260)),
                new ResultRow("aionet", "batch 1 / c", "ratio", Stats.of(1.2, 1.1, 1.3))));
        assertEquals("""
                | metric | unit | aionet | c |
                | --- | --- | ---: | ---: |
                | batch 1 | ns/NOP | 300 (290 – 310) | 250 (240 – 260) |
                | batch 1 / c | ratio | 1.2 (1.1 – 1.3) |  |
                """, t);
    }

    @Test
    void numbersKeepFourSignificantDigits() {
        assertEquals("41.73", Format.number(41.7289));
        assertEquals("1.083", Format.number(1.08333));
        assertEquals("12346", Format.number(12345.6));
        assertEquals("0", Format.number(0));
    }
}
