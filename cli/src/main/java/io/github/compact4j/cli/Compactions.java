package io.github.compact4j.cli;

import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row per compaction of a journal: what the journal says (when, which strategy, which trace,
 * which original items), what can be counted from those items, and what the compaction's log
 * lines add. Figures neither holds stay null: nothing is estimated.
 */
final class Compactions {

    /**
     * One compaction.
     *
     * @param n its 1-based number in the journal
     * @param line the journal line it was read from
     * @param entry the journal entry
     * @param firstItem 1-based position in the original conversation of its first journaled item
     * @param lastItem position of its last journaled item (firstItem - 1 when it journaled none)
     * @param tokens tokens of the journaled items, counted here
     * @param toolOutputs tool results among them
     * @param toolOutputTokens their tokens
     * @param turns turns that start among them
     * @param reasoning reasoning items among them
     * @param serverCompactions OpenAI compaction items among them: a server-side compaction the app kept in its history
     * @param figures items and tokens before and after, from the journal or the logs
     * @param figuresFrom {@code journal} or {@code log}, or null when neither had them
     * @param facts the compaction's log lines, or null
     */
    record Row(int n, int line, JournalEntry entry, int firstItem, int lastItem, long tokens, int toolOutputs,
            long toolOutputTokens, int turns, int reasoning, int serverCompactions, JournalFile.Figures figures,
            String figuresFrom, LogFacts.Facts facts) {

        int items() {
            return entry.items().size();
        }

        Integer tokensSaved() {
            return figures.tokensBefore() != null && figures.tokensAfter() != null
                    ? figures.tokensBefore() - figures.tokensAfter() : null;
        }

        Double savedPercent() {
            Integer saved = tokensSaved();
            return saved == null || figures.tokensBefore() == 0 ? null
                    : Math.round(1000.0 * saved / figures.tokensBefore()) / 10.0;
        }

        /** What the compaction covered and did, in words. */
        String described() {
            List<String> parts = new ArrayList<>();
            parts.add(String.format(Locale.ROOT, "%d tool output%s (%,d tokens)", toolOutputs, toolOutputs == 1 ? "" : "s",
                    toolOutputTokens));
            parts.add(turns + (turns == 1 ? " turn" : " turns"));
            if (reasoning > 0) {
                parts.add(reasoning + " reasoning item" + (reasoning == 1 ? "" : "s"));
            }
            if (serverCompactions > 0) {
                parts.add(serverCompactions + " server-side compaction item" + (serverCompactions == 1 ? "" : "s") + " observed");
            }
            StringBuilder sb = new StringBuilder();
            sb.append(items() == 0 ? "no new items" : lastItem == firstItem ? "item " + firstItem
                    : "items " + firstItem + "-" + lastItem);
            sb.append(String.format(Locale.ROOT, " (%,d tokens): ", tokens)).append(String.join(", ", parts));
            String did = did();
            if (did != null) {
                sb.append("; ").append(did);
            }
            if (facts != null && Boolean.TRUE.equals(facts.fellBack)) {
                sb.append("; fell back to ").append(entry.strategy()).append(" after ").append(facts.warnings.size())
                        .append(facts.warnings.size() == 1 ? " WARN line" : " WARN lines");
            }
            return sb.toString();
        }

        /** What the strategy did, from its log lines or, for the native strategy, by its nature. */
        String did() {
            String s = entry.strategy();
            if (facts != null && facts.outputsMasked != null) {
                return "masked " + facts.outputsMasked + " output" + (facts.outputsMasked == 1 ? "" : "s")
                        + (facts.outputsTruncated != null && facts.outputsTruncated > 0 ? ", truncated " + facts.outputsTruncated : "")
                        + (facts.reasoningStripped != null && facts.reasoningStripped > 0
                                ? ", stripped " + facts.reasoningStripped + " reasoning" : "");
            }
            if (facts != null && facts.summarizedItems != null) {
                return "summarized " + facts.summarizedItems + " items"
                        + (facts.summaryTokens != null ? " into " + facts.summaryTokens + " tokens" : "");
            }
            if (s.equals("openai-compact")) {
                return "replaced by OpenAI's encrypted compaction item (server-side)";
            }
            return null;
        }
    }

    private Compactions() {}

    /**
     * @param journal the journal
     * @param counter counts the journaled items
     * @param facts the compactions' log lines (may be empty)
     * @return one row per entry
     */
    static List<Row> of(JournalFile journal, TokenCounter counter, LogFacts facts) {
        List<Item> all = new ArrayList<>();
        for (JournalFile.Record r : journal.records) {
            all.addAll(r.entry().items());
        }
        List<Integer> starts = Turns.turnStarts(all);
        List<Row> rows = new ArrayList<>();
        int pos = 0;
        int n = 0;
        for (JournalFile.Record r : journal.records) {
            List<Item> items = r.entry().items();
            long tokens = 0;
            int outputs = 0;
            long outputTokens = 0;
            int reasoning = 0;
            int server = 0;
            for (Item it : items) {
                int t = counter.count(it);
                tokens += t;
                if (it instanceof ToolResult) {
                    outputs++;
                    outputTokens += t;
                } else if (it instanceof Reasoning) {
                    reasoning++;
                } else if (it instanceof Compaction) {
                    server++;
                }
            }
            int from = pos;
            int to = pos + items.size();
            int turns = (int) starts.stream().filter(s -> s >= from && s < to).count();
            LogFacts.Facts f = facts.get(r.entry().traceId());
            JournalFile.Figures figures = r.recorded();
            String source = null;
            if (figures.any()) {
                source = "journal";
            } else if (f != null && f.tokensBefore != null) {
                figures = new JournalFile.Figures(f.itemsBefore, f.itemsAfter, f.tokensBefore, f.tokensAfter);
                source = "log";
            }
            rows.add(new Row(++n, r.line(), r.entry(), from + 1, to, tokens, outputs, outputTokens, turns, reasoning,
                    server, figures, source, f));
            pos = to;
        }
        return rows;
    }
}
