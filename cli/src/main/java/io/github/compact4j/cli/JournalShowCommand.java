package io.github.compact4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compact4j journal show}: one row per compaction. */
@Command(name = "show", sortOptions = false, usageHelpAutoWidth = true,
        description = {"One row per compaction: time, strategy, trace id, items and tokens before and after, and what it "
                + "compacted (tool outputs, turns, server-side compaction items) with what the strategy did to it.",
            "The journal holds the original items; the before/after figures come from the compactions' log lines (--logs)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (also for an empty journal)", "2:usage error", "3:the journal is missing or malformed"})
final class JournalShowCommand implements Callable<Integer> {

    private final Io io;

    @Mixin
    JournalOptions journal = new JournalOptions();

    @Option(names = "--json", description = "a JSON array, one object per compaction, for scripts")
    boolean json;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "time zone of the times shown (default: ${DEFAULT-VALUE})")
    String zone;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    JournalShowCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        ZoneId z = zone(zone);
        JournalFile file = journal.read(io);
        List<Compactions.Row> rows = journal.rows(io, file);
        if (json) {
            writeJson(rows, io.out());
            return ExitCode.OK;
        }
        PrintWriter out = io.out();
        if (rows.isEmpty()) {
            out.println(journal.file + ": no compactions");
            return ExitCode.OK;
        }
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(z);
        TextTable t = new TextTable(
                new String[] {"#", "time (" + z + ")", "strategy", "trace id", "items", "tokens", "saved", "what it compacted"},
                new boolean[] {true, false, false, false, true, true, true, false});
        for (Compactions.Row r : rows) {
            JournalFile.Figures f = r.figures();
            t.add(Integer.toString(r.n()), time.format(r.entry().time()), r.entry().strategy(),
                    r.entry().traceId() == null ? "-" : r.entry().traceId(),
                    arrow(f.itemsBefore(), f.itemsAfter()), arrow(f.tokensBefore(), f.tokensAfter()),
                    r.savedPercent() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", r.savedPercent()),
                    r.described());
        }
        t.print(out);
        out.println();
        out.println(summary(rows));
        String note = journal.figuresNote(rows);
        if (!note.isEmpty()) {
            out.println(note);
        }
        return ExitCode.OK;
    }

    static String summary(List<Compactions.Row> rows) {
        int items = rows.stream().mapToInt(Compactions.Row::items).sum();
        long tokens = rows.stream().mapToLong(Compactions.Row::tokens).sum();
        return String.format(Locale.ROOT, "%d compaction%s; the journal holds %,d original items (%,d tokens); "
                + "restore them with: compact4j journal restore FILE [--at N]", rows.size(), rows.size() == 1 ? "" : "s",
                items, tokens);
    }

    static String arrow(Integer before, Integer after) {
        if (before == null && after == null) {
            return "-";
        }
        return (before == null ? "?" : String.format(Locale.ROOT, "%,d", before)) + " -> "
                + (after == null ? "?" : String.format(Locale.ROOT, "%,d", after));
    }

    static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw CliException.usage("--zone '" + zone + "' is not a time zone: use e.g. UTC, Europe/Paris or +02:00");
        }
    }

    static void writeJson(List<Compactions.Row> rows, PrintWriter out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        for (Compactions.Row r : rows) {
            g.writeStartObject();
            g.writeNumberField("n", r.n());
            g.writeNumberField("line", r.line());
            g.writeStringField("time", r.entry().time().truncatedTo(ChronoUnit.MILLIS).toString());
            g.writeStringField("trace_id", r.entry().traceId());
            g.writeStringField("strategy", r.entry().strategy());
            g.writeNumberField("first_item", r.firstItem());
            g.writeNumberField("last_item", r.lastItem());
            g.writeObjectFieldStart("journaled");
            g.writeNumberField("items", r.items());
            g.writeNumberField("tokens", r.tokens());
            g.writeNumberField("tool_outputs", r.toolOutputs());
            g.writeNumberField("tool_output_tokens", r.toolOutputTokens());
            g.writeNumberField("turns", r.turns());
            g.writeNumberField("reasoning_items", r.reasoning());
            g.writeNumberField("server_compaction_items", r.serverCompactions());
            g.writeEndObject();
            JournalFile.Figures f = r.figures();
            number(g, "items_before", f.itemsBefore());
            number(g, "items_after", f.itemsAfter());
            number(g, "tokens_before", f.tokensBefore());
            number(g, "tokens_after", f.tokensAfter());
            number(g, "tokens_saved", r.tokensSaved());
            if (r.savedPercent() == null) {
                g.writeNullField("saved_pct");
            } else {
                g.writeNumberField("saved_pct", r.savedPercent());
            }
            g.writeStringField("figures_from", r.figuresFrom());
            LogFacts.Facts facts = r.facts();
            number(g, "outputs_masked", facts == null ? null : facts.outputsMasked);
            number(g, "outputs_truncated", facts == null ? null : facts.outputsTruncated);
            number(g, "reasoning_stripped", facts == null ? null : facts.reasoningStripped);
            number(g, "summarized_items", facts == null ? null : facts.summarizedItems);
            number(g, "summary_tokens", facts == null ? null : facts.summaryTokens);
            g.writeStringField("agent_id", facts == null ? null : facts.agent);
            g.writeStringField("backend", facts == null ? null : facts.backend);
            g.writeStringField("model", facts == null ? null : facts.model);
            g.writeArrayFieldStart("warnings");
            if (facts != null) {
                for (String w : facts.warnings) {
                    g.writeString(w);
                }
            }
            g.writeEndArray();
            g.writeStringField("described", r.described());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.flush();
        out.println();
    }

    private static void number(JsonGenerator g, String name, Integer v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }
}
