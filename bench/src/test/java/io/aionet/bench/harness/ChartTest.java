package io.aionet.bench.harness;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart writer: a whisker from min to max on every bar, no two pieces of text overlapping (value
 * labels, category labels, legend, title) and none leaving the image, distinct colours, the title
 * naming what is plotted, metric names rid of the words they all share.
 */
class ChartTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static final List<String> IMPLS = List.of("aionet", "aionet-epoll", "c-liburing", "c-epoll",
            "netty-io_uring", "netty-epoll", "jdk-nio", "jdk-blocking-vt", "jdk-blocking");

    /** An echo-like result: 9 implementations, 6 long metric names, figures from 3 to 38 with wide spreads. */
    private static BenchmarkResult crowded() {
        List<ResultRow> rows = new ArrayList<>();
        String[] cells = {"1 conn 64 B", "1 conn 512 B", "64 conn 64 B", "64 conn 512 B", "1000 conn 64 B", "1000 conn 512 B"};
        for (int i = 0; i < IMPLS.size(); i++) {
            for (int c = 0; c < cells.length; c++) {
                double m = 3.3 + i * 3.7 + c * 0.61;
                rows.add(new ResultRow(IMPLS.get(i), cells[c] + " server cpu", "µs/req", Stats.of(m * 0.7, m, m * 1.45)));
                rows.add(new ResultRow(IMPLS.get(i), cells[c] + " throughput", "k req/s", Stats.of(100 - m)));
            }
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", 2);
        machine.put("kernel", "6.18.44");
        return new BenchmarkResult("echo", "TCP echo: requests/s, latency, server CPU", machine, 3, rows, List.of());
    }

    @Test
    void everyBarHasItsWhiskerAndNoTextOverlaps() {
        Chart.Layout l = Chart.layout(crowded(), new Chart.Spec("µs/req", null, false, "server CPU µs per request"));
        assertNotNull(l);
        assertEquals("echo: server CPU µs per request", l.title(), "the title names what is plotted, not the benchmark's title");
        assertEquals(IMPLS.size() * 6, l.bars().size(), "only the chosen unit is drawn");
        for (Chart.Bar b : l.bars()) {
            assertTrue(b.whiskerTop() <= b.box().getY() + 1e-6 && b.whiskerBottom() >= b.box().getY() - 1e-6,
                    "the whisker spans the median: " + b);
            assertTrue(b.whiskerBottom() - b.whiskerTop() > 1, "min < max gives a visible whisker: " + b);
            assertTrue(b.whiskerTop() >= l.plot().getY() - 1e-6, "the whisker stays in the plot: " + b);
        }
        List<Rectangle2D> boxes = new ArrayList<>();
        for (Chart.Bar b : l.bars()) {
            if (b.labelBox() != null) {
                boxes.add(b.labelBox());
                assertTrue(b.labelBox().getMaxY() <= b.whiskerTop(), "a label sits above its whisker: " + b);
                assertTrue(b.labelBox().getY() >= l.plot().getY() - 1e-6, "a label stays in the plot: " + b);
            }
        }
        assertFalse(boxes.isEmpty(), "nine bars a group still leave room for upright labels");
        for (Chart.Text t : l.texts()) {
            boxes.add(t.box());
        }
        Rectangle2D image = new Rectangle2D.Double(0, 0, Chart.WIDTH, Chart.HEIGHT);
        for (int i = 0; i < boxes.size(); i++) {
            assertTrue(image.contains(boxes.get(i)), "inside the image: " + boxes.get(i));
            for (int k = i + 1; k < boxes.size(); k++) {
                assertFalse(boxes.get(i).intersects(boxes.get(k)), "overlap: " + boxes.get(i) + " and " + boxes.get(k));
            }
        }
        // legend names, to the right of the plot
        for (int i = 0; i < IMPLS.size(); i++) {
            Chart.Text t = l.texts().get(2 + i);
            assertEquals(IMPLS.get(i), t.text());
            assertTrue(t.box().getX() > l.plot().getMaxX(), "the legend stands beside the plot");
        }
    }

    @Test
    void barsTooNarrowForAnyLabelSaySoAndStillOverlapNothing() {
        List<ResultRow> rows = new ArrayList<>();
        for (String impl : IMPLS) {
            for (int c = 0; c < 24; c++) {
                rows.add(new ResultRow(impl, "cell number " + c + " with a long name", "ns", Stats.of(10 + c, 12 + c, 15 + c)));
            }
        }
        BenchmarkResult r = new BenchmarkResult("wide", "t", Map.of("cores", 2, "kernel", "6.18.44-fc-v1098",
                "jdk", "Eclipse Adoptium OpenJDK 64-Bit Server VM 25.0.3+9-LTS"), 5, rows, List.of());
        Chart.Layout l = Chart.layout(r, new Chart.Spec("ns", null, false, null));
        assertTrue(l.bars().stream().allMatch(b -> b.labelBox() == null), "no room for any value label");
        assertTrue(l.subtitle().endsWith("some values only in the .md table"), l.subtitle());
        List<Rectangle2D> boxes = l.texts().stream().map(Chart.Text::box).toList();
        Rectangle2D image = new Rectangle2D.Double(0, 0, Chart.WIDTH, Chart.HEIGHT);
        for (int i = 0; i < boxes.size(); i++) {
            assertTrue(image.contains(boxes.get(i)), "inside the image: " + l.texts().get(i));
            for (int k = i + 1; k < boxes.size(); k++) {
                assertFalse(boxes.get(i).intersects(boxes.get(k)), "overlap: " + l.texts().get(i) + " and " + l.texts().get(k));
            }
        }
    }

    @Test
    void categoriesLoseTheWordsAllShareButKeepTheirUnits() {
        Chart.Layout l = Chart.layout(crowded(), new Chart.Spec("µs/req", null, false, null));
        assertEquals("echo: µs/req", l.title(), "without a chart title the unit names what is plotted");
        assertEquals("each group: … server cpu", l.caption());
        List<String> texts = l.texts().stream().map(Chart.Text::text).toList();
        assertTrue(texts.contains("1 conn 64 B"), "the size keeps its unit: " + texts);
        assertTrue(texts.stream().noneMatch(t -> t.endsWith("server cpu") && !t.startsWith("each group")), texts.toString());
        String[] kib = Chart.sharedWords(List.of("cpu 1 KiB", "cpu 4 KiB"));
        assertEquals("cpu", kib[0]);
        assertEquals("", kib[1], "a unit after a number stays with it");
        String[] one = Chart.sharedWords(List.of("throughput"));
        assertEquals("", one[0] + one[1], "a single metric keeps its name");
    }

    @Test
    void thePaletteIsDistinct() {
        for (int i = 0; i < Chart.PALETTE.length; i++) {
            for (int k = i + 1; k < Chart.PALETTE.length; k++) {
                Color a = Chart.PALETTE[i];
                Color b = Chart.PALETTE[k];
                double d = Math.sqrt(Math.pow(a.getRed() - b.getRed(), 2) + Math.pow(a.getGreen() - b.getGreen(), 2)
                        + Math.pow(a.getBlue() - b.getBlue(), 2));
                assertTrue(d > 60, "colours " + i + " and " + k + " are too alike: " + a + " " + b);
            }
        }
        assertTrue(Chart.PALETTE.length >= IMPLS.size(), "every implementation of the largest benchmark its own colour");
    }

    @Test
    void writesAPngWithTheBarsColours() throws Exception {
        Path png = dir.resolve("echo.png");
        Chart.Spec spec = new Chart.Spec("µs/req", null, false, "server CPU");
        assertTrue(Chart.write(crowded(), spec, png));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Chart.WIDTH, img.getWidth());
        assertEquals(Chart.HEIGHT, img.getHeight());
        Chart.Layout l = Chart.layout(crowded(), spec);
        for (Chart.Bar b : l.bars()) {
            int x = (int) (b.box().getX() + 1);
            int y = (int) (b.box().getMaxY() - 2);
            assertEquals(Chart.PALETTE[b.colour()].getRGB(), img.getRGB(x, y), "bar of " + b.impl() + " in its colour");
        }
    }

    @Test
    void logarithmicAxesAndNothingToDraw() {
        List<ResultRow> rows = List.of(new ResultRow("a", "small", "ns", Stats.of(2, 3, 4)),
                new ResultRow("b", "small", "ns", Stats.of(20000, 30000, 40000)));
        BenchmarkResult r = new BenchmarkResult("x", "t", Map.of(), 3, rows, List.of());
        Chart.Layout l = Chart.layout(r, new Chart.Spec("ns", null, true, null));
        assertEquals("ns (log scale)", l.unit());
        assertTrue(l.ticks().size() >= 5, "a tick a decade at least: " + l.ticks());
        for (Chart.Bar b : l.bars()) {
            assertTrue(b.whiskerTop() >= l.plot().getY() && b.whiskerBottom() <= l.plot().getMaxY() + 1e-6, b.toString());
        }
        assertNull(Chart.layout(r, new Chart.Spec("MB/s", null, false, null)), "no figure in that unit");
        assertNull(Chart.layout(r, new Chart.Spec("ns", List.of("other"), false, null)), "no such metric");
    }
}
