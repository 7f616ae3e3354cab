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
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Draws the report's chart with Java2D (headless): for each conversation, one bar per strategy for
 * the tokens saved (top panel) and the probes answered right (bottom panel).
 */
public final class Chart {

    /** Width of the PNG, in pixels. */
    public static final int WIDTH = 1400;
    /** Height of the PNG, in pixels. */
    public static final int HEIGHT = 900;

    private static final Color[] PALETTE = {new Color(0x4C78A8), new Color(0xF58518), new Color(0x54A24B),
        new Color(0xE45756), new Color(0x72B7B2), new Color(0xB279A2), new Color(0xFF9DA6), new Color(0x9D755D),
        new Color(0xBAB0AC), new Color(0xEECA3B)};

    private Chart() {}

    /**
     * @param file the PNG to write
     * @param rows the report's rows
     * @param title what the run was (scripted or the real endpoints)
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, List<Row> rows, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            Set<String> conversations = new LinkedHashSet<>();
            Set<String> series = new LinkedHashSet<>();
            for (Row r : rows) {
                conversations.add(r.conversation());
                series.add(seriesOf(r));
            }
            List<String> convs = new ArrayList<>(conversations);
            List<String> ser = new ArrayList<>(series);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("compact4j savings and quality (" + title + ")", 20, 30);
            int legendTop = 50;
            int legendHeight = legend(g, ser, legendTop);
            int top = legendTop + legendHeight + 20;
            int panel = (HEIGHT - top - 60) / 2;
            panel(g, rows, convs, ser, "tokens saved (%)", top, panel, false);
            panel(g, rows, convs, ser, "probes answered right (%)", top + panel + 40, panel, true);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    static String seriesOf(Row r) {
        return r.strategy() + " [" + r.compactedBy() + "]";
    }

    private static int legend(Graphics2D g, List<String> series, int top) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        int x = 20;
        int y = top;
        for (int i = 0; i < series.size(); i++) {
            int w = 18 + fm.stringWidth(series.get(i)) + 24;
            if (x + w > WIDTH - 20) {
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

    private static void panel(Graphics2D g, List<Row> rows, List<String> convs, List<String> series, String label,
            int top, int height, boolean score) {
        int left = 70;
        int right = WIDTH - 20;
        int bottom = top + height - 24;
        int plotHeight = bottom - top - 34; // room for the title and the value labels above full bars
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(label, left, top + 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int pct = 0; pct <= 100; pct += 25) {
            int y = bottom - plotHeight * pct / 100;
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(pct + "%", left - 40, y + 4);
        }
        int groups = Math.max(1, convs.size());
        double groupWidth = (double) (right - left) / groups;
        double barWidth = Math.max(2, (groupWidth - 16) / Math.max(1, series.size()));
        for (int c = 0; c < convs.size(); c++) {
            double gx = left + c * groupWidth + 8;
            for (Row r : rows) {
                if (!r.conversation().equals(convs.get(c))) {
                    continue;
                }
                int s = series.indexOf(seriesOf(r));
                double v = score ? r.score() : r.savedRatio();
                if (Double.isNaN(v)) {
                    continue;
                }
                v = Math.max(0, Math.min(1, v));
                int h = (int) Math.round(plotHeight * v);
                int x = (int) Math.round(gx + s * barWidth);
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(x, bottom - h, (int) Math.max(1, barWidth - 2), Math.max(h, 1));
                if (barWidth >= 24) {
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(String.format(Locale.ROOT, "%.0f", v * 100), x + 2, bottom - h - 3);
                }
            }
            g.setColor(Color.BLACK);
            String name = convs.get(c);
            int w = g.getFontMetrics().stringWidth(name);
            g.drawString(name, (int) (gx + (groupWidth - 16 - w) / 2), bottom + 16);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, right, bottom);
    }
}
