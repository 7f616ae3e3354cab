package io.github.compact4j.cli;

import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.tokens.TokenCounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The journal file and the options every {@code journal} command shares. */
final class JournalOptions {

    @Parameters(index = "0", paramLabel = "FILE", description = "the journal: CompactionJournal.jsonLines(FILE)")
    Path file;

    @Option(names = "--logs", paramLabel = "LOG", split = ",",
            description = "log files of the same run (JSON lines or the console pattern): the figures the journal does not "
                    + "hold (items and tokens before and after each compaction, outputs masked) are taken from each "
                    + "compaction's own lines, found by its trace id")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--model", paramLabel = "M",
            description = "count tokens of journaled items with this model's tokenizer (default: o200k_base, the encoding of current OpenAI models)")
    String model;

    @Option(names = "--strict", description = "a cut-short last entry is an error (exit 3) rather than a warning")
    boolean strict;

    @Option(names = "--mdc-prefix", paramLabel = "P", defaultValue = "compact4j.",
            description = "prefix of compact4j's MDC keys in the logs (default: ${DEFAULT-VALUE})")
    String mdcPrefix;

    JournalFile read(Io io) {
        return JournalFile.read(file, strict, io::warn);
    }

    List<Compactions.Row> rows(Io io, JournalFile journal) {
        Set<String> traces = new LinkedHashSet<>();
        for (JournalEntry e : journal.entries()) {
            if (e.traceId() != null) {
                traces.add(e.traceId());
            }
        }
        LogFacts facts = LogFacts.scan(logs, traces, mdcPrefix, io::warn);
        if (!logs.isEmpty() && facts.isEmpty() && !traces.isEmpty()) {
            io.warn("no line of " + logs + " carries a trace id of " + file
                    + ": are they from the same run, with compact4j's INFO lines on?");
        }
        return Compactions.of(journal, counter(), facts);
    }

    TokenCounter counter() {
        return model == null ? TokenCounter.defaultCounter() : TokenCounter.forModel(model);
    }

    String figuresNote(List<Compactions.Row> rows) {
        boolean fromLog = rows.stream().anyMatch(r -> "log".equals(r.figuresFrom()));
        boolean fromJournal = rows.stream().anyMatch(r -> "journal".equals(r.figuresFrom()));
        boolean missing = rows.stream().anyMatch(r -> r.figuresFrom() == null);
        List<String> notes = new ArrayList<>();
        if (fromJournal) {
            notes.add("items/tokens before and after: recorded in the journal");
        }
        if (fromLog) {
            notes.add("items/tokens before and after: from the compactions' INFO lines in " + String.join(", ",
                    logs.stream().map(Objects::toString).toList()));
        }
        if (missing) {
            notes.add("'-': the journal does not record items/tokens before and after; give --logs with the run's log to fill them in");
        }
        return String.join("\n", notes);
    }
}
