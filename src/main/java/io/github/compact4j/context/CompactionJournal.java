package io.github.compact4j.context;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link ManagedConversation} keeps what it compacted away, so that nothing is lost: the
 * entries, in order, followed by the conversation's items after its last compaction result, are
 * exactly the items that were ever appended.
 *
 * <pre>{@code
 * try (CompactionJournal journal = CompactionJournal.jsonLines(Path.of("runs/agent-a.journal.jsonl"))) {
 *     ManagedConversation convo = ManagedConversation.builder().journal(journal) ... .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe. If {@link #append(JournalEntry)} throws, the compaction
 * is not applied and the conversation keeps its full history.
 */
public interface CompactionJournal extends AutoCloseable {

    /**
     * Records a compaction before it is applied. When it returns, the entry is kept: it survives
     * the process dying, and, for journals that promise it ({@link JournalOption#DURABLE}), a
     * power failure.
     *
     * @param entry what was compacted
     * @throws java.io.UncheckedIOException when it cannot be written
     * @throws IllegalStateException when the journal is closed, or another writer holds its file
     */
    void append(JournalEntry entry);

    /**
     * @return every entry, oldest first
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    List<JournalEntry> entries();

    /**
     * Releases what the journal holds (for a file journal, the file, so another journal object or
     * process can write it). Entries already written stay where they are and can still be read;
     * {@link #append(JournalEntry)} fails after it. Closing twice does nothing. The default does
     * nothing, for journals that hold nothing.
     *
     * @throws java.io.UncheckedIOException when releasing the file fails
     */
    @Override
    default void close() {}

    /** @return a journal kept in memory, lost with the process */
    static CompactionJournal inMemory() {
        return new InMemoryJournal();
    }

    /**
     * A journal in a JSON-lines file, with the default options (no {@link JournalOption}): see
     * {@link #jsonLines(Path, JournalOption...)}.
     *
     * @param file the file
     * @return the journal
     */
    static CompactionJournal jsonLines(Path file) {
        return new JsonLinesJournal(file, false);
    }

    /**
     * A journal in a JSON-lines file: one entry a line,
     * {@code {"trace_id":..,"time":..,"strategy":..,"items":[...]}}, each item as its own JSON
     * ({@link io.github.compact4j.conversation.Item#toJson()}): the Responses format, and for an
     * item read from Chat Completions or Anthropic Messages what the library made of it (a thinking
     * block's reasoning item, a server-tool block's wrapper). An entry counts once its line,
     * newline included, is written.
     *
     * <ul>
     *   <li><b>Writing.</b> The file and its parent folders are created when needed; where the
     *       file system has POSIX permissions, the file is created readable and writable by its
     *       owner only, since it holds conversation content. Each entry is handed to the
     *       operating system before {@link #append(JournalEntry)} returns, so it survives the
     *       process dying; {@link JournalOption#DURABLE} also forces it to the device.</li>
     *   <li><b>One writer.</b> The first append takes the file for this journal object, with a
     *       lock on a {@code <file>.lock} file beside it, and holds it until {@link #close()}.
     *       Another journal object, in this process or another, that appends to the same file
     *       meanwhile gets an {@link IllegalStateException} naming the file. Reading
     *       ({@link #entries()}) takes no lock.</li>
     *   <li><b>Crashes.</b> A process that dies while appending can leave the last line cut
     *       short. Such a line never counted: {@link #entries()} skips it, earlier entries read
     *       as they were, and it is logged once, at WARN, on the {@code io.github.compact4j.context}
     *       logger, without its content. The next append removes it first, so the file stays
     *       valid JSON lines. A complete line that is not an entry is not skipped: that is
     *       damage, and reading fails naming the line.</li>
     * </ul>
     *
     * @param file the file
     * @param options how to write it; none for the defaults
     * @return the journal; close it to release the file
     */
    static CompactionJournal jsonLines(Path file, JournalOption... options) {
        boolean durable = false;
        for (JournalOption o : Objects.requireNonNull(options, "options")) {
            if (Objects.requireNonNull(o, "option") == JournalOption.DURABLE) {
                durable = true;
            }
        }
        return new JsonLinesJournal(file, durable);
    }
}
