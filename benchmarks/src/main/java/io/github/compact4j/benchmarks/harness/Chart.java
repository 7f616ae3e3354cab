package io.github.compact4j.benchmarks.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws the harness's charts with Java2D (headless): panels of grouped bars, one group per x value
 * (a conversation, a size) and one bar per series (a strategy, a client) in each. The savings
 * report's chart ({@link #write(Path, List, String)}) has three panels: tokens saved, probes
 * answered right, and tokens sent to a summarizer; {@code BenchmarkCharts} draws the JMH figures
 * of {@code docs/benchmarks.md} with the same code.
 */
public final class Chart {

    /** Width of the PNG, in pixels. */
    public static final int WIDTH = 1400;
    /** Height of the savings chart, in pixels. */
    public static final int HEIGHT = 1200;

    private static final Color[] PALETTE = {new Color(0x4C78A8), new Color(0xF58518), new Color(0x54A24B),
        new Color(0xE45756), new Color(0x72B7B2), new Color(0xB279A2), new Color(0xFF9DA6), new Color(0x9D755D),
        new Color(0xBAB0AC), new Color(0xEECA3B)};

    /** How a panel's values map to bar heights. */
    public enum Scale {
        /** From 0 to the panel's maximum. */
        LINEAR,
        /** Logarithmic from the smallest to the largest value (all values must be positive). */
        LOG
    }

    /**
     * One panel of grouped bars.
     *
     * @param label the panel's title, with its unit
     * @param groups the x values, left to right
     * @param series the bars of each group, in legend order
     * @param values {@code values[s][g]}: series {@code s} in group {@code g}; NaN for no bar
     * @param scale linear or logarithmic
     * @param max the top of a linear scale, or 0 for 10% above the largest value
     * @param format how a value is written above its bar and on the axis
     * @param reference a value to draw a dashed line at (1.0 for ratios), or NaN for none
     */
    public record Panel(String label, List<String> groups, List<String> series, double[][] values, Scale scale,
            double max, DoubleFunction<String> format, double reference) {

        /** Checks the shape of the values. */
        public Panel {
            Objects.requireNonNull(label, "label");
            groups = List.copyOf(groups);
            series = List.copyOf(series);
            if (values.length != series.size()) {
                throw new IllegalArgumentException("values has " + values.length + " series, expected " + series.size());
            }
            for (double[] v : values) {
                if (v.length != groups.size()) {
                    throw new IllegalArgumentException("a series has " + v.length + " values, expected " + groups.size());
                }
            }
        }
    }

    private Chart() {}

    /**
     * The savings report's chart: tokens saved, probes answered right and tokens sent to a
     * summarizer, per conversation and strategy.
     *
     * @param file the PNG to write
     * @param rows the report's rows
     * @param title what the run was (scripted or the real endpoints)
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, List<Row> rows, String title) throws IOException {
        Set<String> conversations = new LinkedHashSet<>();
        Set<String> series = new LinkedHashSet<>();
        for (Row r : rows) {
            conversations.add(r.conversation());
            series.add(seriesOf(r));
        }
        List<String> convs = new ArrayList<>(conversations);
        List<String> ser = new ArrayList<>(series);
        DoubleFunction<String> pct = v -> String.format(Locale.ROOT, "%.0f", v);
        DoubleFunction<String> kilo = v -> v == 0 ? "0" : String.format(Locale.ROOT, "%.0fk", v / 1000);
        write(file, "compact4j savings and quality (" + title + ")", WIDTH, HEIGHT, List.of(
                new Panel("tokens saved (%)", convs, ser, matrix(rows, convs, ser, r -> 100 * r.savedRatio()),
                        Scale.LINEAR, 100, pct, Double.NaN),
                new Panel("probes answered right (%)", convs, ser, matrix(rows, convs, ser, r -> 100 * r.score()),
                        Scale.LINEAR, 100, pct, Double.NaN),
                new Panel("tokens sent to a model to compact (summarizer or native input)", convs, ser,
                        matrix(rows, convs, ser, r -> r.strategy().equals(Target.FULL_HISTORY) ? Double.NaN
                                : r.summarizerInputTokens()), Scale.LINEAR, 0, kilo, Double.NaN)));
    }

    static String seriesOf(Row r) {
        return r.strategy() + " [" + r.compactedBy() + "]";
    }

    private static double[][] matrix(List<Row> rows, List<String> groups, List<String> series, ToDoubleFunction<Row> f) {
        double[][] v = new double[series.size()][groups.size()];
        for (double[] line : v) {
            java.util.Arrays.fill(line, Double.NaN);
        }
        for (Row r : rows) {
            v[series.indexOf(seriesOf(r))][groups.indexOf(r.conversation())] = f.applyAsDouble(r);
        }
        return v;
    }

    /**
     * Draws panels of grouped bars, one above the other, under one legend (the series of the
     * first panel).
     *
     * @param file the PNG to write
     * @param title the chart's title
     * @param width the PNG's width in pixels
     * @param height the PNG's height in pixels
     * @param panels the panels, top to bottom
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, String title, int width, int height, List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, 20, 30);
            int legendTop = 50;
            int legendHeight = legend(g, panels.get(0).series(), legendTop, width);
            int top = legendTop + legendHeight + 20;
            int gap = 40;
            int panel = (height - top - 20 - gap * (panels.size() - 1)) / panels.size();
            for (int i = 0; i < panels.size(); i++) {
                panel(g, panels.get(i), top + i * (panel + gap), panel, width);
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static int legend(Graphics2D g, List<String> series, int top, int width) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        int x = 20;
        int y = top;
        for (int i = 0; i < series.size(); i++) {
            int w = 18 + fm.stringWidth(series.get(i)) + 24;
            if (x + w > width - 20) {
                x = 20;
                y += 20;
            }
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, y, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString(series.get(i), x + 18, y + 11);
            x += w;
        }
        return y - top + 16;
    }

    private static void panel(Graphics2D g, Panel p, int top, int height, int width) {
        int left = 80;
        int right = width - 20;
        int bottom = top + height - 24;
        int plotHeight = bottom - top - 34; // room for the title and the value labels above full bars
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(p.label(), left, top + 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));

        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double[] line : p.values()) {
            for (double v : line) {
                if (!Double.isNaN(v)) {
                    hi = Math.max(hi, v);
                    if (v > 0) {
                        lo = Math.min(lo, v);
                    }
                }
            }
        }
        boolean log = p.scale() == Scale.LOG;
        double top0;
        double base;
        if (log) {
            base = Math.pow(10, Math.floor(Math.log10(lo == Double.MAX_VALUE ? 1 : Math.min(lo, safe(p.reference(), lo)))));
            top0 = Math.pow(10, Math.ceil(Math.log10(Math.max(hi, base * 10))));
        } else {
            base = 0;
            top0 = p.max() > 0 ? p.max() : niceCeiling(hi * 1.1);
        }
        Mapper y = v -> {
            double f = log ? (Math.log10(Math.max(v, base)) - Math.log10(base)) / (Math.log10(top0) - Math.log10(base))
                    : v / top0;
            return bottom - (int) Math.round(plotHeight * Math.max(0, Math.min(1, f)));
        };
        // grid lines and axis labels
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double t = base; t <= top0 * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            for (int i = 0; i <= 4; i++) {
                ticks.add(top0 * i / 4);
            }
        }
        for (double t : ticks) {
            int yy = y.at(t);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left, yy, right, yy);
            g.setColor(Color.DARK_GRAY);
            String s = p.format().apply(t);
            g.drawString(s, left - 8 - g.getFontMetrics().stringWidth(s), yy + 4);
        }
        int groups = Math.max(1, p.groups().size());
        double groupWidth = (double) (right - left) / groups;
        double barWidth = Math.max(2, (groupWidth - 16) / Math.max(1, p.series().size()));
        for (int c = 0; c < p.groups().size(); c++) {
            double gx = left + c * groupWidth + 8;
            for (int s = 0; s < p.series().size(); s++) {
                double v = p.values()[s][c];
                if (Double.isNaN(v)) {
                    continue;
                }
                int yy = y.at(v);
                int h = Math.max(bottom - yy, 1);
                int x = (int) Math.round(gx + s * barWidth);
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(x, bottom - h, (int) Math.max(1, barWidth - 2), h);
                if (barWidth >= 24) {
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(p.format().apply(v), x + 2, bottom - h - 3);
                }
            }
            g.setColor(Color.BLACK);
            String name = p.groups().get(c);
            int w = g.getFontMetrics().stringWidth(name);
            g.drawString(name, (int) (gx + (groupWidth - 16 - w) / 2), bottom + 16);
        }
        if (!Double.isNaN(p.reference())) {
            int yy = y.at(p.reference());
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(left, yy, right, yy);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, right, bottom);
    }

    private static double safe(double reference, double fallback) {
        return Double.isNaN(reference) || reference <= 0 ? fallback : reference;
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    @FunctionalInterface
    private interface Mapper {
        int at(double value);
    }
}
