package io.github.compact4j.cli;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.tokens.TokenCounter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code journal report} page: one self-contained HTML file (inline CSS and SVG, no script,
 * nothing fetched from the network) with a chart of the conversation's tokens over its appends,
 * each compaction marked with its strategy and saving, and the {@code journal show} table below.
 *
 * <p>What the chart can plot depends on what is known. The journal gives every original item,
 * so the tokens of the conversation as if it had never been compacted are always there. The
 * tokens actually in context need each compaction's tokens after, which only its log line (or a
 * journal that records it) holds: with them, the chart draws the saw-tooth of the context, rising
 * with each append (counted here) and falling at each compaction to its logged size.
 */
final class HtmlReport {

    static final int WIDTH = 1100;
    static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 70;
    private static final int BOTTOM = 50;
    private static final int MAX_POINTS = 2000;
    private static final int MAX_ITEMS_LISTED = 200;

    private HtmlReport() {}

    static String render(JournalFile journal, List<Compactions.Row> rows, TokenCounter counter, ZoneId zone,
            Instant generated, String note) {
        List<Item> all = new ArrayList<>();
        for (JournalFile.Record r : journal.records) {
            all.addAll(r.entry().items());
        }
        long[] cum = new long[all.size() + 1];
        for (int i = 0; i < all.size(); i++) {
            cum[i + 1] = cum[i] + counter.count(all.get(i));
        }
        StringBuilder h = new StringBuilder(64 * 1024);
        String name = journal.file.getFileName() == null ? journal.file.toString() : journal.file.getFileName().toString();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>compact4j journal report: ").append(esc(name)).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#222;background:#fff}\n")
                .append("h1{font-size:20px;margin:0 0 4px}p.meta{color:#555;margin:0 0 16px;font-size:13px}\n")
                .append("table{border-collapse:collapse;font-size:13px;margin-top:16px}\n")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}\n")
                .append("th{background:#f2f2f2}td.n{text-align:right;white-space:nowrap}td.mono{font-family:ui-monospace,monospace}\n")
                .append("details{margin:4px 0}summary{cursor:pointer}ol{margin:4px 0;font-family:ui-monospace,monospace;font-size:12px}\n")
                .append("p.note{font-size:13px;color:#555;white-space:pre-line}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Compactions of ").append(esc(name)).append("</h1>\n");
        h.append("<p class=\"meta\">").append(rows.size()).append(rows.size() == 1 ? " compaction; " : " compactions; ")
                .append(String.format(Locale.ROOT, "%,d original items, %,d tokens in the journal", all.size(), cum[all.size()]))
                .append(journal.truncated ? "; the last entry was cut short and is left out" : "")
                .append(". Generated ").append(esc(DateTimeFormatter.ISO_INSTANT.format(generated.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))))
                .append(".</p>\n");
        chart(h, rows, cum);
        table(h, rows, zone);
        if (!note.isEmpty()) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        items(h, rows);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** The chart as inline SVG. */
    private static void chart(StringBuilder h, List<Compactions.Row> rows, long[] cum) {
        int n = cum.length - 1;
        // the context series: known up to the first compaction whose size after is unknown
        List<double[]> context = new ArrayList<>();
        boolean contextKnown = !rows.isEmpty() && rows.get(0).figures().tokensAfter() != null;
        if (contextKnown) {
            long base = 0;
            int from = 0;
            context.add(new double[] {0, 0});
            for (Compactions.Row r : rows) {
                Integer after = r.figures().tokensAfter();
                if (after == null) {
                    break;
                }
                rise(context, cum, base, from, r.lastItem());
                if (r.figures().tokensBefore() != null) {
                    context.add(new double[] {r.lastItem(), r.figures().tokensBefore()});
                }
                context.add(new double[] {r.lastItem(), after});
                base = after;
                from = r.lastItem();
            }
        }
        double maxY = 1;
        if (contextKnown) {
            for (double[] p : context) {
                maxY = Math.max(maxY, p[1]);
            }
        } else {
            maxY = Math.max(1, cum[n]);
        }
        maxY = niceCeiling(maxY);
        double maxX = Math.max(1, n);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        h.append("<svg id=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"tokens over appends\">\n");
        h.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" fill=\"#fff\"/>\n");
        h.append("<text x=\"").append(LEFT).append("\" y=\"20\" font-size=\"14\" font-weight=\"bold\">")
                .append(contextKnown ? "Tokens in context over the conversation's appends"
                        : "Tokens of the conversation over its appends, as if never compacted")
                .append("</text>\n");
        if (!contextKnown) {
            h.append("<text x=\"").append(LEFT).append("\" y=\"36\" font-size=\"12\" fill=\"#666\">")
                    .append("The tokens in context after each compaction are not in the journal: give --logs to plot them.</text>\n");
        }
        // axes and grid
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            double y = TOP + plotH - plotH * i / 5.0;
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n",
                    LEFT, y, LEFT + plotW, y));
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">%,d</text>%n",
                    LEFT - 6, y + 4, Math.round(v)));
        }
        for (int i = 0; i <= 10; i++) {
            double v = maxX * i / 10;
            double x = LEFT + plotW * i / 10.0;
            h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">%d</text>%n",
                    x, TOP + plotH + 16, Math.round(v)));
        }
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, TOP + plotH, LEFT + plotW, TOP + plotH));
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, TOP, LEFT, TOP + plotH));
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">items appended</text>%n",
                LEFT + plotW / 2, HEIGHT - 8));
        h.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\" "
                + "transform=\"rotate(-90 16 %d)\">tokens</text>%n", TOP + plotH / 2, TOP + plotH / 2));
        // compaction markers
        int every = Math.max(1, (int) Math.ceil(rows.size() / 30.0));
        for (Compactions.Row r : rows) {
            double x = LEFT + plotW * r.lastItem() / maxX;
            String color = color(r.entry().strategy());
            String saving = r.tokensSaved() == null ? "saving not recorded"
                    : String.format(Locale.ROOT, "-%,d tokens (%.1f%%)", r.tokensSaved(), r.savedPercent());
            h.append("<g class=\"compaction\"><title>").append(esc("#" + r.n() + " " + r.entry().strategy() + ", " + saving
                    + ", after item " + r.lastItem() + ", trace " + r.entry().traceId())).append("</title>");
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"5,3\"/>",
                    x, TOP, x, TOP + plotH, color));
            if ((r.n() - 1) % every == 0) {
                // rotated to run along the line, ending at the top of the plot, so labels never run into each other
                h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" "
                        + "transform=\"rotate(-90 %.1f %d)\">%s</text>",
                        x - 4, TOP + 6, color, x - 4, TOP + 6,
                        esc("#" + r.n() + " " + r.entry().strategy() + " " + saving)));
            }
            h.append("</g>\n");
        }
        // the series
        List<double[]> series = new ArrayList<>();
        if (contextKnown) {
            series = context;
        } else {
            rise(series, cum, 0, 0, n);
            series.add(0, new double[] {0, 0});
        }
        StringBuilder pts = new StringBuilder();
        for (double[] p : series) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotW * p[0] / maxX, TOP + plotH - plotH * p[1] / maxY));
        }
        h.append("<polyline id=\"series\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2.5\" points=\"")
                .append(pts.toString().trim()).append("\"/>\n");
        // legend, on its own row between the title and the plot
        int lx = LEFT;
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"52\" x2=\"%d\" y2=\"52\" stroke=\"#1f5fbf\" stroke-width=\"2.5\"/>", lx, lx + 24));
        String seriesName = contextKnown ? "tokens in context" : "tokens appended (never compacted)";
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"56\" font-size=\"12\">%s</text>%n", lx + 30, seriesName));
        int sx = lx + 40 + seriesName.length() * 7;
        for (String s : new String[] {"masking", "summarizing", "openai-compact"}) {
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"52\" x2=\"%d\" y2=\"52\" stroke=\"%s\" stroke-width=\"2\" "
                    + "stroke-dasharray=\"5,3\"/>", sx, sx + 20, color(s)));
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"56\" font-size=\"12\">%s compaction</text>", sx + 25, s));
            sx += 25 + (s.length() + 11) * 7 + 20;
        }
        h.append("\n</svg>\n");
    }

    /** Adds the points of the rise from item {@code from} to {@code to}, thinned to a bounded count. */
    private static void rise(List<double[]> out, long[] cum, long base, int from, int to) {
        int span = to - from;
        int step = Math.max(1, span / Math.max(1, MAX_POINTS / 8));
        for (int x = from + step; x < to; x += step) {
            out.add(new double[] {x, base + cum[x] - cum[from]});
        }
        if (to > from) {
            out.add(new double[] {to, base + cum[to] - cum[from]});
        }
    }

    private static double niceCeiling(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    static String color(String strategy) {
        return switch (strategy) {
            case "masking" -> "#2a9d4a";
            case "summarizing" -> "#e07b00";
            case "openai-compact" -> "#8a4fc2";
            default -> "#777777";
        };
    }

    private static void table(StringBuilder h, List<Compactions.Row> rows, ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        h.append("<table id=\"compactions\">\n<tr><th>#</th><th>time (").append(esc(zone.toString()))
                .append(")</th><th>strategy</th><th>trace id</th><th>items</th><th>tokens</th><th>saved</th><th>what it compacted</th></tr>\n");
        for (Compactions.Row r : rows) {
            JournalFile.Figures f = r.figures();
            h.append("<tr><td class=\"n\">").append(r.n()).append("</td><td>").append(esc(time.format(r.entry().time())))
                    .append("</td><td style=\"color:").append(color(r.entry().strategy())).append("\">").append(esc(r.entry().strategy()))
                    .append("</td><td class=\"mono\">").append(esc(r.entry().traceId() == null ? "-" : r.entry().traceId()))
                    .append("</td><td class=\"n\">").append(esc(JournalShowCommand.arrow(f.itemsBefore(), f.itemsAfter())))
                    .append("</td><td class=\"n\">").append(esc(JournalShowCommand.arrow(f.tokensBefore(), f.tokensAfter())))
                    .append("</td><td class=\"n\">").append(r.savedPercent() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", r.savedPercent()))
                    .append("</td><td>").append(esc(r.described())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** Each compaction's journaled items, folded, so a forgotten fact can be searched for on the page. */
    private static void items(StringBuilder h, List<Compactions.Row> rows) {
        for (Compactions.Row r : rows) {
            List<Item> items = r.entry().items();
            h.append("<details><summary>Compaction ").append(r.n()).append(": the ").append(items.size())
                    .append(" original items it journaled</summary>\n<ol start=\"").append(r.firstItem()).append("\">\n");
            for (int i = 0; i < items.size() && i < MAX_ITEMS_LISTED; i++) {
                h.append("<li>").append(esc(brief(items.get(i)))).append("</li>\n");
            }
            if (items.size() > MAX_ITEMS_LISTED) {
                h.append("<li>... ").append(items.size() - MAX_ITEMS_LISTED).append(" more: see journal restore</li>\n");
            }
            h.append("</ol></details>\n");
        }
    }

    static String brief(Item item) {
        String text;
        if (item instanceof Message m) {
            text = m.role() + ": " + m.text();
        } else if (item instanceof ToolCall c) {
            text = "call " + c.callId() + " " + c.toolName() + " " + c.arguments();
        } else if (item instanceof ToolResult r) {
            text = "output of " + r.callId() + ": " + r.outputText();
        } else {
            text = item.type();
        }
        text = text.replace('\n', ' ');
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
