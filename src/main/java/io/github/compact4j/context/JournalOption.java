package io.github.compact4j.context;

/**
 * Options for {@link CompactionJournal#jsonLines(java.nio.file.Path, JournalOption...)}.
 *
 * <pre>{@code
 * CompactionJournal journal = CompactionJournal.jsonLines(Path.of("agent-a.journal.jsonl"), JournalOption.DURABLE);
 * }</pre>
 */
public enum JournalOption {

    /**
     * Forces every entry to the storage device ({@code FileChannel.force}) before
     * {@link CompactionJournal#append(JournalEntry)} returns, and, when the journal creates its
     * file, the directory entry too.
     *
     * <p>Without it an entry is handed to the operating system before {@code append} returns,
     * which survives the process dying at any point; with it the entry also survives a power
     * failure or an operating-system crash. The price is one flush to the device per compaction,
     * typically from a fraction of a millisecond on an SSD to tens of milliseconds on a disk or a
     * network file system.
     */
    DURABLE
}
