package io.aionet.bench.harness;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bar chart (PNG) of one benchmark, drawn with Java2D (headless): for every metric in one unit, a
 * group of bars, one per implementation, each bar the median over the rounds with a whisker from the
 * minimum to the maximum run. Value labels sit above their own whisker, horizontal when they fit the
 * bar, turned upright when they do not, left out (and said so) when even that does not fit, so no two
 * labels overlap; the legend stands beside the plot, never on it; metric names lose the words every
 * metric shares (said once under the axis) and wrap to their group's width.
 */
public final class Chart {
    private Chart() {}

    /** Image size in pixels. */
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    /**
     * Bar colours, one per implementation in the result's order: Tableau's ten (a light green in place
     * of its grey, which sat too near the purple), then a navy and a cyan; every pair differs by more
     * than 60 in RGB distance (ChartTest checks it).
     */
    static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0x8CD17D), new Color(0x2F2F6F), new Color(0x17BECF),
    };

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /**
     * What to draw.
     *
     * @param unit        the unit whose metrics are drawn; {@code null}: the first row's unit
     * @param metrics     the metrics to draw, in order; {@code null}: all in {@code unit}
     * @param logarithmic a logarithmic value axis, for figures that span decades
     * @param title       what the bars show (the quantity, not the benchmark's whole title); {@code null}:
     *                    the unit
     */
    public record Spec(String unit, List<String> metrics, boolean logarithmic, String title) {
        /** {@return the spec a benchmark declares} */
        public static Spec of(MacroBenchmark b) {
            return new Spec(b.chartUnit(), b.chartMetrics(), b.chartLogarithmic(), b.chartTitle());
        }
    }

    /**
     * The chart's pieces, placed: what {@link #paint} draws and what the tests check.
     *
     * @param title     the title line
     * @param subtitle  the line under it
     * @param caption   the words every metric shares, under the axis ({@code ""} when none)
     * @param impls     the implementations drawn, in legend order
     * @param bars      every bar with its whisker and value label
     * @param texts     every piece of text other than value labels, with its box
     * @param ticks     the value axis' ticks
     * @param plot      the plot area
     * @param unit      the value axis' unit
     */
    record Layout(String title, String subtitle, String caption, List<String> impls, List<Bar> bars,
                  List<Text> texts, List<Tick> ticks, Rectangle2D plot, String unit) {}

    /**
     * A bar: its box, whisker ends (pixels, top &lt; bottom), value label and the label's box (null when
     * it did not fit), and whether the label is upright.
     */
    record Bar(String impl, int colour, Rectangle2D box, double whiskerTop, double whiskerBottom, double capHalf,
               String label, Rectangle2D labelBox, boolean upright) {}

    /** A piece of text with its box; {@code font} 0 title, 1 small, 2 label. */
    record Text(String text, Rectangle2D box, int font) {}

    /** A tick of the value axis at pixel {@code y}. */
    record Tick(String label, double y) {}

    /**
     * Writes {@code file} (a {@code .png}) for {@code r} as {@code spec} says.
     *
     * @return false when there was nothing to draw (then no file is written)
     */
    public static boolean write(BenchmarkResult r, Spec spec, Path file) throws IOException {
        Layout l = layout(r, spec);
        if (l == null) {
            return false;
        }
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            paint(g, l);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
        return true;
    }

    /** Places everything; null when no figure of the spec's unit and metrics is there. */
    static Layout layout(BenchmarkResult r, Spec spec) {
        if (r.results().isEmpty()) {
            return null;
        }
        String unit = spec.unit() != null ? spec.unit() : r.results().get(0).unit();
        List<String> only = spec.metrics();
        Set<String> metricSet = new LinkedHashSet<>();
        Map<String, Map<String, Stats>> byImpl = new LinkedHashMap<>();
        for (ResultRow row : r.results()) {
            if (row.unit().equals(unit) && (only == null || only.contains(row.metric()))
                    && !Double.isNaN(row.stats().median())) {
                metricSet.add(row.metric());
                byImpl.computeIfAbsent(row.impl(), k -> new LinkedHashMap<>()).put(row.metric(), row.stats());
            }
        }
        if (metricSet.isEmpty()) {
            return null;
        }
        List<String> metrics = new ArrayList<>(metricSet);
        if (only != null) {
            metrics.sort(java.util.Comparator.comparingInt(only::indexOf));
        }
        List<String> impls = new ArrayList<>(byImpl.keySet());
        boolean log = spec.logarithmic();

        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        hints(g); // measure text as paint draws it
        try {
            FontMetrics small = g.getFontMetrics(SMALL);
            FontMetrics label = g.getFontMetrics(LABEL);
            FontMetrics title = g.getFontMetrics(TITLE);
            List<Text> texts = new ArrayList<>();

            String what = spec.title() != null ? spec.title() : unit;
            String titleLine = r.benchmark() + ": " + what;
            texts.add(new Text(titleLine, centred(title, titleLine, WIDTH / 2.0, 10), 0));
            String sub = "bars: median of " + r.rounds() + " interleaved round" + (r.rounds() == 1 ? "" : "s")
                    + "; whiskers: min – max; " + shortMachine(r);
            texts.add(new Text(sub, centred(small, sub, WIDTH / 2.0, 34), 1));

            // legend on the right, outside the plot
            int swatch = 12;
            int legendW = 0;
            for (String i : impls) {
                legendW = Math.max(legendW, small.stringWidth(i));
            }
            legendW += swatch + 6;
            double legendX = WIDTH - 24 - legendW;
            for (int i = 0; i < impls.size(); i++) {
                double y = 70 + i * (small.getHeight() + 4);
                texts.add(new Text(impls.get(i), new Rectangle2D.Double(legendX + swatch + 6, y,
                        small.stringWidth(impls.get(i)), small.getHeight()), 1));
            }

            // category labels: drop the words all metrics share, wrap to the group's width
            String[] shared = sharedWords(metrics);
            String caption = shared[0].isEmpty() && shared[1].isEmpty() ? ""
                    : "each group: " + (shared[0].isEmpty() ? "" : shared[0] + " ") + "…"
                    + (shared[1].isEmpty() ? "" : " " + shared[1]);
            double plotX = 90;
            double plotRight = legendX - 24;
            double groupW = (plotRight - plotX) / metrics.size();
            List<List<String>> wrapped = new ArrayList<>();
            int maxLines = 1;
            for (String m : metrics) {
                List<String> lines = wrap(label, strip(m, shared), groupW - 6);
                wrapped.add(lines);
                maxLines = Math.max(maxLines, lines.size());
            }
            double captionH = caption.isEmpty() ? 0 : small.getHeight() + 4;
            double plotBottom = HEIGHT - 16 - captionH - maxLines * label.getHeight() - 8;
            double plotTop = 64;
            for (int c = 0; c < metrics.size(); c++) {
                List<String> lines = wrapped.get(c);
                double cx = plotX + (c + 0.5) * groupW;
                for (int k = 0; k < lines.size(); k++) {
                    texts.add(new Text(lines.get(k), centred(label, lines.get(k), cx, plotBottom + 6 + k * label.getHeight()), 2));
                }
            }
            if (!caption.isEmpty()) {
                texts.add(new Text(caption, centred(small, caption, (plotX + plotRight) / 2, HEIGHT - 14 - small.getHeight()), 1));
            }

            // bars: widths first, so the label sizes (and the headroom they need) are known
            double barW = groupW * 0.84 / impls.size();
            double plotH = plotBottom - plotTop;
            record Pending(String impl, int colour, int cat, int slot, Stats s, String label, boolean upright, boolean fits) {}
            List<Pending> pending = new ArrayList<>();
            double minPositive = Double.POSITIVE_INFINITY;
            double maxValue = 0;
            for (int c = 0; c < metrics.size(); c++) {
                for (int i = 0; i < impls.size(); i++) {
                    Stats s = byImpl.get(impls.get(i)).get(metrics.get(c));
                    if (s == null || (log && s.median() <= 0)) {
                        continue; // a gap: this implementation has no figure here
                    }
                    String text = Format.number(s.median());
                    int tw = label.stringWidth(text);
                    boolean flat = tw + 2 <= barW;
                    boolean upright = !flat && label.getAscent() + 1 <= barW;
                    pending.add(new Pending(impls.get(i), i, c, i, s, text, upright, flat || upright));
                    maxValue = Math.max(maxValue, Math.max(s.max(), s.median()));
                    for (double v : new double[] {s.min(), s.median()}) {
                        if (v > 0) {
                            minPositive = Math.min(minPositive, v);
                        }
                    }
                }
            }
            if (pending.isEmpty()) {
                return null;
            }
            // the value axis: lo to hi, where hi leaves room above each whisker for its label
            double lo;
            double hiNeeded;
            if (log) {
                lo = Math.pow(10, Math.floor(Math.log10(minPositive)));
                hiNeeded = 1;
                for (Pending p : pending) {
                    double ext = p.fits ? (p.upright ? label.stringWidth(p.label) : label.getHeight()) + 6 : 4;
                    double top = Math.log10(Math.max(p.s.max(), p.s.median()) / lo);
                    hiNeeded = Math.max(hiNeeded, top * plotH / (plotH - ext));
                }
                hiNeeded = Math.max(hiNeeded, Math.log10(maxValue / lo) * 1.02);
            } else {
                lo = 0;
                hiNeeded = maxValue > 0 ? maxValue * 1.02 : 1;
                for (Pending p : pending) {
                    double ext = p.fits ? (p.upright ? label.stringWidth(p.label) : label.getHeight()) + 6 : 4;
                    double top = Math.max(p.s.max(), p.s.median());
                    hiNeeded = Math.max(hiNeeded, top * plotH / (plotH - ext));
                }
            }
            List<Tick> ticks = new ArrayList<>();
            double hi;
            final double loF = lo;
            java.util.function.DoubleUnaryOperator yOf;
            if (log) {
                int decades = (int) Math.ceil(hiNeeded);
                hi = decades;
                yOf = v -> plotBottom - Math.log10(v / loF) / decades * plotH;
                for (int d = 0; d <= decades; d++) {
                    for (int m : decades <= 3 ? new int[] {1, 2, 5} : new int[] {1}) {
                        double v = lo * Math.pow(10, d) * m;
                        if (Math.log10(v / lo) <= decades + 1e-9) {
                            ticks.add(new Tick(Format.number(v), yOf.applyAsDouble(v)));
                        }
                    }
                }
            } else {
                double step = niceStep(hiNeeded / 6);
                hi = Math.ceil(hiNeeded / step - 1e-9) * step;
                final double hiF = hi;
                yOf = v -> plotBottom - v / hiF * plotH;
                for (int k = 0; k * step <= hi + step * 1e-9; k++) {
                    ticks.add(new Tick(Format.number(k * step), yOf.applyAsDouble(k * step)));
                }
            }
            List<Bar> bars = new ArrayList<>();
            int unlabelled = 0;
            for (Pending p : pending) {
                double x = plotX + p.cat * groupW + groupW * 0.08 + p.slot * barW;
                double w = Math.max(1, barW - Math.min(3, barW * 0.15));
                double yMedian = yOf.applyAsDouble(Math.max(p.s.median(), log ? lo : 0));
                double base = plotBottom;
                Rectangle2D box = new Rectangle2D.Double(x, Math.min(yMedian, base), w, Math.abs(base - yMedian));
                double yMax = yOf.applyAsDouble(Math.max(p.s.max(), log ? lo : 0));
                double yMin = yOf.applyAsDouble(Math.max(p.s.min(), log ? lo : 0));
                double top = Math.min(yMax, yMedian);
                Rectangle2D labelBox = null;
                if (p.fits) {
                    double cx = x + w / 2;
                    if (p.upright) {
                        double len = label.stringWidth(p.label);
                        double thick = label.getAscent();
                        labelBox = new Rectangle2D.Double(cx - thick / 2, top - 5 - len, thick, len);
                    } else {
                        double tw = label.stringWidth(p.label);
                        labelBox = new Rectangle2D.Double(cx - tw / 2, top - 5 - label.getHeight(), tw, label.getHeight());
                    }
                } else {
                    unlabelled++;
                }
                bars.add(new Bar(p.impl, p.colour, box, yMax, yMin, Math.max(1, Math.min(w * 0.3, 6)), p.label, labelBox,
                        p.upright));
            }
            if (unlabelled > 0) {
                sub = sub + "; some values only in the .md table";
                texts.set(1, new Text(sub, centred(small, sub, WIDTH / 2.0, 34), 1));
            }
            return new Layout(titleLine, sub, caption, impls, bars, texts, ticks,
                    new Rectangle2D.Double(plotX, plotTop, plotRight - plotX, plotH),
                    unit + (log ? " (log scale)" : ""));
        } finally {
            g.dispose();
        }
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
    }

    private static void paint(Graphics2D g, Layout l) {
        hints(g);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Rectangle2D plot = l.plot();
        // grid and ticks
        g.setFont(SMALL);
        FontMetrics fm = g.getFontMetrics();
        for (Tick t : l.ticks()) {
            g.setColor(new Color(0xE4E4E4));
            g.drawLine((int) plot.getX(), (int) Math.round(t.y()), (int) plot.getMaxX(), (int) Math.round(t.y()));
            g.setColor(Color.DARK_GRAY);
            g.drawString(t.label(), (float) (plot.getX() - 6 - fm.stringWidth(t.label())),
                    (float) (t.y() + fm.getAscent() / 2.0 - 1));
        }
        // bars, whiskers, value labels
        g.setFont(LABEL);
        FontMetrics lm = g.getFontMetrics();
        for (Bar b : l.bars()) {
            g.setColor(PALETTE[b.colour() % PALETTE.length]);
            g.fill(b.box());
            g.setColor(new Color(0x222222));
            g.setStroke(new BasicStroke(1.3f));
            double cx = b.box().getCenterX();
            g.draw(new java.awt.geom.Line2D.Double(cx, b.whiskerTop(), cx, b.whiskerBottom()));
            g.draw(new java.awt.geom.Line2D.Double(cx - b.capHalf(), b.whiskerTop(), cx + b.capHalf(), b.whiskerTop()));
            g.draw(new java.awt.geom.Line2D.Double(cx - b.capHalf(), b.whiskerBottom(), cx + b.capHalf(), b.whiskerBottom()));
            if (b.labelBox() != null) {
                Rectangle2D box = b.labelBox();
                if (b.upright()) {
                    AffineTransform saved = g.getTransform();
                    g.translate(box.getMaxX() - 1, box.getMaxY());
                    g.rotate(-Math.PI / 2);
                    g.drawString(b.label(), 0f, 0f);
                    g.setTransform(saved);
                } else {
                    g.drawString(b.label(), (float) box.getX(), (float) (box.getY() + lm.getAscent()));
                }
            }
        }
        // axes
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.drawLine((int) plot.getX(), (int) plot.getY(), (int) plot.getX(), (int) plot.getMaxY());
        g.drawLine((int) plot.getX(), (int) plot.getMaxY(), (int) plot.getMaxX(), (int) plot.getMaxY());
        // texts: title, subtitle, legend names, category labels, caption
        for (Text t : l.texts()) {
            g.setFont(t.font() == 0 ? TITLE : t.font() == 1 ? SMALL : LABEL);
            g.setColor(t.font() == 0 ? Color.BLACK : new Color(0x333333));
            g.drawString(t.text(), (float) t.box().getX(), (float) (t.box().getY() + g.getFontMetrics().getAscent()));
        }
        // legend swatches, left of each implementation's name
        int first = 2;
        for (int i = 0; i < l.impls().size(); i++) {
            Rectangle2D name = l.texts().get(first + i).box();
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fill(new Rectangle2D.Double(name.getX() - 18, name.getCenterY() - 6, 12, 12));
        }
        // the value axis' unit, upright along the axis
        String unit = l.unit();
        g.setFont(SMALL);
        g.setColor(Color.DARK_GRAY);
        AffineTransform saved = g.getTransform();
        g.translate(18, plot.getCenterY() + g.getFontMetrics().stringWidth(unit) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(unit, 0f, 0f);
        g.setTransform(saved);
    }

    private static Rectangle2D centred(FontMetrics fm, String s, double cx, double top) {
        double w = fm.stringWidth(s);
        return new Rectangle2D.Double(cx - w / 2, top, w, fm.getHeight());
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** The leading and trailing words every metric shares, as long as each metric keeps a word of its own. */
    static String[] sharedWords(List<String> metrics) {
        if (metrics.size() < 2) {
            return new String[] {"", ""};
        }
        List<String[]> words = metrics.stream().map(m -> m.split(" ")).toList();
        int shortest = words.stream().mapToInt(w -> w.length).min().orElse(0);
        int pre = 0;
        while (pre < shortest - 1 && same(words, pre, true)) {
            pre++;
        }
        int suf = 0;
        while (pre + suf < shortest - 1 && same(words, suf, false)) {
            suf++;
        }
        // a shared unit after a number stays with it: "1 conn 64 B", not "1 conn 64" under "… B server cpu"
        final int kept = suf;
        if (kept > 0 && words.stream().allMatch(w -> isNumber(w[w.length - 1 - kept]))) {
            suf--;
        }
        String[] w0 = words.get(0);
        return new String[] {String.join(" ", java.util.Arrays.copyOfRange(w0, 0, pre)),
                String.join(" ", java.util.Arrays.copyOfRange(w0, w0.length - suf, w0.length))};
    }

    private static boolean isNumber(String word) {
        return word.matches("[0-9][0-9.,]*[kKMG]?");
    }

    private static boolean same(List<String[]> words, int k, boolean fromStart) {
        String first = null;
        for (String[] w : words) {
            String x = fromStart ? w[k] : w[w.length - 1 - k];
            if (first == null) {
                first = x;
            } else if (!first.equals(x)) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String metric, String[] shared) {
        String s = metric;
        if (!shared[0].isEmpty()) {
            s = s.substring(shared[0].length()).strip();
        }
        if (!shared[1].isEmpty()) {
            s = s.substring(0, s.length() - shared[1].length()).strip();
        }
        return s;
    }

    /** Words of {@code s} in lines no wider than {@code width}; a word wider than that stands alone, cut short with an ellipsis. */
    static List<String> wrap(FontMetrics fm, String s, double width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
            line.setLength(0);
            line.append(fit(fm, word, width));
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String fit(FontMetrics fm, String word, double width) {
        if (fm.stringWidth(word) <= width) {
            return word;
        }
        String w = word;
        while (w.length() > 1 && fm.stringWidth(w + "…") > width) {
            w = w.substring(0, w.length() - 1);
        }
        return w + "…";
    }

    private static String shortMachine(BenchmarkResult r) {
        Object cores = r.machine().get("cores");
        Object kernel = r.machine().get("kernel");
        Object jdk = r.machine().get("jdk");
        StringBuilder b = new StringBuilder();
        if (cores != null) {
            b.append(cores).append(" cores");
        }
        if (kernel != null) {
            b.append(b.isEmpty() ? "" : ", ").append("Linux ").append(kernel);
        }
        if (jdk != null) {
            b.append(b.isEmpty() ? "" : ", ").append(jdk.toString().replaceAll(".* ", "JDK "));
        }
        return b.isEmpty() ? "machine unknown" : b.toString();
    }
}
