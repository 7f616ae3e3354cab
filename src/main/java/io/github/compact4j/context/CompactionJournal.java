package io.github.compact4j.context;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a {@link ManagedConversation} keeps what it compacted away, so that nothing is lost: the
 * entries, in order, followed by the conversation's items after its last compaction result, are
 * exactly the items that were ever appended.
 *
 * <pre>{@code
 * CompactionJournal journal = CompactionJournal.jsonLines(Path.of("runs/agent-a.journal.jsonl"));
 * }</pre>
 *
 * <p>Implementations must be thread-safe. If {@link #append(JournalEntry)} throws, the compaction
 * is not applied and the conversation keeps its full history.
 */
public interface CompactionJournal {

    /**
     * Records a compaction durably before it is applied.
     *
     * @param entry what was compacted
     * @throws java.io.UncheckedIOException when it cannot be written
     */
    void append(JournalEntry entry);

    /**
     * @return every entry, oldest first
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    List<JournalEntry> entries();

    /** @return a journal kept in memory, lost with the process */
    static CompactionJournal inMemory() {
        return new InMemoryJournal();
    }

    /**
     * A journal in a JSON-lines file: one entry a line,
     * {@code {"trace_id":..,"time":..,"strategy":..,"items":[...]}}, items in the Responses
     * format. The file and its parent folders are created when needed; entries are appended
     * and flushed to disk before the compaction is applied.
     *
     * @param file the file
     * @return the journal
     */
    static CompactionJournal jsonLines(Path file) {
        return new JsonLinesJournal(file);
    }
}
