package io.github.compact4j.cli;

import io.github.compact4j.conversation.Item;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compact4j journal restore}: the original conversation, from the journal. */
@Command(name = "restore", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Writes the original conversation as JSON: every item the journal holds, in order, as "
                + "ManagedConversation.originalItems() gives it.",
            "With --at N: the conversation as it was just before compaction N (every item appended before it).",
            "The items appended after the last compaction are not in the journal: give them with --tail, or give the "
                + "conversation's current items with --current and the run's log with --logs, and they are added."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:usage error (e.g. --at beyond the last compaction)",
            "3:an input is missing or malformed, or the format cannot carry an item", "5:the output cannot be written"})
final class JournalRestoreCommand implements Callable<Integer> {

    private final Io io;

    @Mixin
    JournalOptions journal = new JournalOptions();

    @Option(names = "--at", paramLabel = "N", description = "the conversation as it was just before compaction N (1 = the first)")
    Integer at;

    @Option(names = "--tail", paramLabel = "FILE",
            description = "a conversation file holding the items appended since the last compaction, added at the end")
    Path tail;

    @Option(names = "--current", paramLabel = "FILE",
            description = "a conversation file holding the conversation's current items (e.g. convo.toResponsesJson()); "
                    + "the items after the last compaction's result are added at the end. Needs the last compaction's "
                    + "items after: in the journal, or from --logs")
    Path current;

    @Option(names = "--format", paramLabel = "F", converter = FormatConverter.class, defaultValue = "responses",
            description = "responses (default), chat (Chat Completions messages) or anthropic ({\"system\":..,\"messages\":[..]})")
    ConversationFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write here instead of standard output")
    Path output;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    JournalRestoreCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (at != null && (tail != null || current != null)) {
            throw CliException.usage("--at restores the conversation before a compaction; --tail and --current add what "
                    + "came after the last one: give one or the other");
        }
        if (tail != null && current != null) {
            throw CliException.usage("--tail and --current both give the items after the last compaction: give one");
        }
        JournalFile file = journal.read(io);
        int count = file.records.size();
        if (at != null && (at < 1 || at > count)) {
            throw CliException.usage("--at " + at + ": " + journal.file + " holds " + count + " compaction"
                    + (count == 1 ? "" : "s") + (count == 0 ? "" : "; use 1 to " + count));
        }
        int upTo = at == null ? count : at;
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < upTo; i++) {
            items.addAll(file.records.get(i).entry().items());
        }
        if (tail != null) {
            items.addAll(ConversationFormat.read(tail, null).items());
        }
        if (current != null) {
            items.addAll(afterLastCompaction(file));
        }
        String what = "the restored conversation";
        String json = format.write(items, what);
        if (output == null) {
            io.out().println(json);
        } else {
            OutputFile.write(output, json + "\n");
            io.err().println(output + ": " + items.size() + " items, " + format.label() + " format");
        }
        return ExitCode.OK;
    }

    /** The current items after the last compaction's result: its items after tell where that ends. */
    private List<Item> afterLastCompaction(JournalFile file) {
        List<Item> now = ConversationFormat.read(current, null).items();
        if (file.records.isEmpty()) {
            return now; // never compacted: the current items are the original ones
        }
        List<Compactions.Row> rows = journal.rows(io, file);
        Compactions.Row last = rows.get(rows.size() - 1);
        Integer kept = last.figures().itemsAfter();
        if (kept == null) {
            throw CliException.usage("--current: " + journal.file + " does not record how many items compaction "
                    + last.n() + " (trace " + last.entry().traceId() + ") left, so the new items cannot be told apart; "
                    + "give the run's log with --logs, or the new items with --tail");
        }
        if (kept > now.size()) {
            throw CliException.badInput(current + ": holds " + now.size() + " items, fewer than the " + kept
                    + " compaction " + last.n() + " left: is it this conversation's current state?");
        }
        return now.subList(kept, now.size());
    }

    /** picocli converter for {@link ConversationFormat}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ConversationFormat> {
        @Override
        public ConversationFormat convert(String value) {
            return ConversationFormat.parse(value);
        }
    }
}
