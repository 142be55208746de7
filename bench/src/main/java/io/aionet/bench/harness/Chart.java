package io.aionet.bench.harness;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bar chart (PNG) of one benchmark: the medians of every metric in one unit, one bar series per
 * implementation. Rendered headless with XChart, so it works on machines without a display.
 */
public final class Chart {
    private Chart() {}

    /**
     * Writes {@code file} (a {@code .png}).
     *
     * @param unit        the unit whose metrics are drawn; {@code null}: the first row's unit
     * @param only        the metrics to draw, in order; {@code null}: all in {@code unit}
     * @param logarithmic a logarithmic value axis, for figures that span decades
     * @return false when there was nothing to draw
     */
    public static boolean write(BenchmarkResult r, String unit, List<String> only, boolean logarithmic, Path file) throws IOException {
        if (r.results().isEmpty()) {
            return false;
        }
        String u = unit != null ? unit : r.results().get(0).unit();
        Set<String> metrics = new LinkedHashSet<>();
        Map<String, Map<String, Double>> byImpl = new LinkedHashMap<>();
        for (ResultRow row : r.results()) {
            if (row.unit().equals(u) && (only == null || only.contains(row.metric()))) {
                metrics.add(row.metric());
                byImpl.computeIfAbsent(row.impl(), k -> new LinkedHashMap<>()).put(row.metric(), row.stats().median());
            }
        }
        if (metrics.isEmpty()) {
            return false;
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(540)
                .title(r.benchmark() + ": " + r.title())
                .xAxisTitle("median of " + r.rounds() + " interleaved rounds; " + shortMachine(r))
                .yAxisTitle(u + (logarithmic ? " (log scale)" : ""))
                .build();
        Styler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.0");
        chart.getStyler().setAxisTitleFont(chart.getStyler().getAxisTitleFont().deriveFont(11f));
        List<String> xs = new ArrayList<>(metrics);
        if (only != null) {
            xs.sort(java.util.Comparator.comparingInt(only::indexOf));
        }
        int drawn = 0;
        for (Map.Entry<String, Map<String, Double>> e : byImpl.entrySet()) {
            if (!e.getValue().keySet().containsAll(metrics)) {
                continue; // a bar series needs a value for every category
            }
            List<Double> ys = new ArrayList<>();
            for (String x : xs) {
                ys.add(e.getValue().get(x));
            }
            chart.addSeries(e.getKey(), xs, ys);
            drawn++;
        }
        if (drawn == 0) {
            return false;
        }
        String name = file.toString();
        if (name.endsWith(".png")) {
            name = name.substring(0, name.length() - 4);
        }
        BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    private static String shortMachine(BenchmarkResult r) {
        Object cores = r.machine().get("cores");
        Object kernel = r.machine().get("kernel");
        Object jdk = r.machine().get("jdk");
        return cores + " cores, Linux " + kernel + ", " + (jdk == null ? "" : jdk.toString().replaceAll(".* ", "JDK "));
    }
}
