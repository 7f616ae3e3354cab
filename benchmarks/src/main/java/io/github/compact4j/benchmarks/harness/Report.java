package io.github.compact4j.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a run's rows as {@code savings.md} (Markdown tables with a header that says where every
 * figure came from), {@code savings.csv} and {@code savings.png} ({@link Chart}).
 */
public final class Report {

    /** Files the report writes, under the output directory. */
    public static final String MARKDOWN = "savings.md";
    /** The CSV file. */
    public static final String CSV = "savings.csv";
    /** The chart. */
    public static final String PNG = "savings.png";

    /**
     * What the header says about the run.
     *
     * @param when the run's time, ISO-8601
     * @param mode {@code scripted} or the real endpoints used
     * @param sources each source label with what it is
     * @param command the command that produced the report
     * @param prices where the prices came from
     * @param machine the machine it ran on
     * @param target how the target each request carried was chosen
     */
    public record Header(String when, String mode, Map<String, String> sources, String command, String prices,
            String machine, String target) {}

    private Report() {}

    /**
     * @param dir the output directory, created when missing
     * @param header the run's description
     * @param rows the rows
     * @return the files written: Markdown, CSV, PNG
     */
    public static List<Path> write(Path dir, Header header, List<Row> rows) {
        try {
            Files.createDirectories(dir);
            Path md = dir.resolve(MARKDOWN);
            Path csv = dir.resolve(CSV);
            Path png = dir.resolve(PNG);
            Files.writeString(md, markdown(header, rows), StandardCharsets.UTF_8);
            Files.writeString(csv, csv(rows), StandardCharsets.UTF_8);
            Chart.write(png, rows, header.mode());
            return List.of(md, csv, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    static String markdown(Header h, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Savings and quality: ").append(h.mode()).append("\n\n");
        sb.append("- Run: ").append(h.when()).append(" on ").append(h.machine()).append('\n');
        sb.append("- Command: `").append(h.command()).append("`\n");
        sb.append("- Prices: `").append(h.prices()).append("` (example prices; the cost column is tokens × price)\n");
        sb.append("- Target of every compaction request: ").append(h.target()).append('\n');
        sb.append("- Where each figure came from (columns *compacted by* and *answered by*):\n");
        h.sources().forEach((k, v) -> sb.append("  - **").append(k).append("**: ").append(v).append('\n'));
        sb.append('\n');
        sameProbesFewerTokens(sb, rows);
        sb.append("\n## Every figure\n\n");
        sb.append("| conversation | strategy | compacted by | answered by | items | tokens before | tokens after | target "
                + "| saved | compaction call tokens (in / out) | model calls | est. cost | latency | probes right |\n");
        sb.append("|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.conversation())
                    .append(" | ").append(r.strategy())
                    .append(" | ").append(r.compactedBy())
                    .append(" | ").append(r.answeredBy())
                    .append(" | ").append(r.itemsBefore()).append(" → ").append(r.itemsAfter())
                    .append(" | ").append(thousands(r.tokensBefore()))
                    .append(" | ").append(thousands(r.tokensAfter()))
                    .append(" | ").append(r.targetTokens() == 0 ? "–" : thousands(r.targetTokens()))
                    .append(" | ").append(percent(r.savedRatio()))
                    .append(" | ").append(r.modelCalls() == 0 ? "–"
                            : thousands(r.callInputTokens()) + " / " + thousands(r.callOutputTokens()))
                    .append(" | ").append(r.modelCalls())
                    .append(" | ").append(cost(r))
                    .append(" | ").append(r.latencyMs()).append(" ms")
                    .append(" | ").append(score(r.probesRight(), r.probesAsked()))
                    .append(" |\n");
        }
        List<Row> noted = rows.stream().filter(r -> r.note() != null && !r.note().isEmpty()).toList();
        if (!noted.isEmpty()) {
            sb.append("\nNotes:\n");
            for (Row r : noted) {
                sb.append("- ").append(r.conversation()).append(" / ").append(r.strategy()).append(": ")
                        .append(r.note().replace('\n', ' ')).append('\n');
            }
        }
        sb.append("\n## By strategy\n\n");
        sb.append("| strategy | compacted by | conversations | tokens before | tokens after | saved "
                + "| summarizer input tokens | model calls | est. cost | mean latency | probes right |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Map.Entry<String, List<Row>> e : byStrategy(rows).entrySet()) {
            List<Row> rs = e.getValue();
            long before = rs.stream().mapToLong(Row::tokensBefore).sum();
            long after = rs.stream().mapToLong(Row::tokensAfter).sum();
            int calls = rs.stream().mapToInt(Row::modelCalls).sum();
            boolean priced = rs.stream().allMatch(r -> r.costUsd() != null || r.modelCalls() == 0);
            double cost = rs.stream().mapToDouble(r -> r.costUsd() == null ? 0 : r.costUsd()).sum();
            int asked = rs.stream().mapToInt(Row::probesAsked).sum();
            int right = rs.stream().mapToInt(Row::probesRight).sum();
            Set<String> by = new LinkedHashSet<>();
            rs.forEach(r -> by.add(r.compactedBy()));
            sb.append("| ").append(rs.get(0).strategy())
                    .append(" | ").append(String.join(", ", by))
                    .append(" | ").append(rs.size())
                    .append(" | ").append(thousands(before))
                    .append(" | ").append(thousands(after))
                    .append(" | ").append(percent(before == 0 ? 0 : 1.0 - (double) after / before))
                    .append(" | ").append(thousands(rs.stream().mapToLong(Row::summarizerInputTokens).sum()))
                    .append(" | ").append(calls)
                    .append(" | ").append(calls == 0 ? "–" : priced ? dollars(cost) : "n/a")
                    .append(" | ").append(Math.round(rs.stream().mapToLong(Row::latencyMs).average().orElse(0)))
                    .append(" ms | ").append(score(right, asked))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The headline table: for each conversation and strategy, the tokens it saved, the tokens it
     * sent to a model to do so (what the compaction itself costs), and the probes still answered.
     */
    static void sameProbesFewerTokens(StringBuilder sb, List<Row> rows) {
        sb.append("## Same probes, fewer tokens\n\n");
        sb.append("Tokens saved on the conversation, tokens sent to a model to compact it (the summarizer's input, "
                + "or the native endpoint's), and probes answered right afterwards.\n\n");
        sb.append("| conversation | strategy | saved | tokens after | summarizer input tokens | model calls | what it did "
                + "| probes right |\n");
        sb.append("|---|---|--:|--:|--:|--:|---|--:|\n");
        for (Row r : rows) {
            if (r.strategy().equals(Target.FULL_HISTORY)) {
                continue;
            }
            String did = !r.steps().isEmpty() ? r.steps()
                    : r.tokensAfter() >= r.tokensBefore() ? "nothing" : r.modelCalls() == 0 ? "local" : "model";
            sb.append("| ").append(r.conversation())
                    .append(" | ").append(r.strategy())
                    .append(" | ").append(percent(r.savedRatio()))
                    .append(" | ").append(thousands(r.tokensAfter()))
                    .append(" | ").append(thousands(r.summarizerInputTokens()))
                    .append(" | ").append(r.modelCalls())
                    .append(" | ").append(did)
                    .append(" | ").append(score(r.probesRight(), r.probesAsked()))
                    .append(" |\n");
        }
    }

    static Map<String, List<Row>> byStrategy(List<Row> rows) {
        Map<String, List<Row>> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.computeIfAbsent(r.strategy() + "\u0000" + r.compactedBy() + "\u0000" + r.answeredBy(),
                    k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("conversation,strategy,compacted_by,answered_by,model,items_before,"
                + "items_after,tokens_before,tokens_after,saved_ratio,call_input_tokens,call_output_tokens,model_calls,"
                + "cost_usd,latency_ms,probes_asked,probes_right,note,target_tokens,summarizer_input_tokens,steps\n");
        for (Row r : rows) {
            sb.append(field(r.conversation())).append(',')
                    .append(field(r.strategy())).append(',')
                    .append(field(r.compactedBy())).append(',')
                    .append(field(r.answeredBy())).append(',')
                    .append(field(r.model() == null ? "" : r.model())).append(',')
                    .append(r.itemsBefore()).append(',')
                    .append(r.itemsAfter()).append(',')
                    .append(r.tokensBefore()).append(',')
                    .append(r.tokensAfter()).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", r.savedRatio())).append(',')
                    .append(r.callInputTokens()).append(',')
                    .append(r.callOutputTokens()).append(',')
                    .append(r.modelCalls()).append(',')
                    .append(r.costUsd() == null ? "" : String.format(Locale.ROOT, "%.6f", r.costUsd())).append(',')
                    .append(r.latencyMs()).append(',')
                    .append(r.probesAsked()).append(',')
                    .append(r.probesRight()).append(',')
                    .append(field(r.note() == null ? "" : r.note())).append(',')
                    .append(r.targetTokens()).append(',')
                    .append(r.summarizerInputTokens()).append(',')
                    .append(field(r.steps() == null ? "" : r.steps()))
                    .append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String dollars(double d) {
        return String.format(Locale.ROOT, "$%.4f", d);
    }

    private static String cost(Row r) {
        if (r.modelCalls() == 0) {
            return "–";
        }
        return r.costUsd() == null ? "n/a" : dollars(r.costUsd());
    }

    static String score(int right, int asked) {
        return asked == 0 ? "–" : right + "/" + asked + " (" + Math.round(100.0 * right / asked) + "%)";
    }
}
