package io.github.compact4j.examples;

import io.github.compact4j.CompactionResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The before/after table the examples print: a title, the figures with a before and an after
 * column, then what the result says about itself.
 */
final class ResultTable {

    private final String title;
    private final List<String> lines = new ArrayList<>();

    ResultTable(String title) {
        this.title = title;
        lines.add(String.format(Locale.ROOT, "  %-22s %12s %12s", "", "before", "after"));
    }

    /** A row of two counts. */
    ResultTable counts(String label, long before, long after) {
        lines.add(String.format(Locale.ROOT, "  %-22s %,12d %,12d", label, before, after));
        return this;
    }

    /** A row with free text in the before and after columns. */
    ResultTable row(String label, String before, String after) {
        lines.add(String.format(Locale.ROOT, "  %-22s %12s %12s", label, before, after));
        return this;
    }

    /** A row with one value after the label. */
    ResultTable value(String label, Object value) {
        lines.add(String.format(Locale.ROOT, "  %-22s %s", label, value));
        return this;
    }

    /** Items, tokens and what was saved. */
    ResultTable sizes(CompactionResult r) {
        counts("items", r.itemsBefore(), r.items().size());
        counts("tokens", r.tokensBefore(), r.tokensAfter());
        lines.add(String.format(Locale.ROOT, "  %-22s %12s %,12d  (%.1f%%)", "saved", "", r.savedTokens(),
                r.savedRatio() * 100));
        return this;
    }

    /** Strategy, trace id, elapsed time, model calls and the note. */
    ResultTable outcome(CompactionResult r) {
        value("strategy", r.strategy());
        value("trace id", r.traceId());
        value("elapsed", r.elapsed().toMillis() + " ms");
        value("model calls", r.usage().modelCalls());
        r.note().ifPresent(n -> value("note", n));
        return this;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%n%s%n%n", title);
        lines.forEach(out::println);
    }
}
