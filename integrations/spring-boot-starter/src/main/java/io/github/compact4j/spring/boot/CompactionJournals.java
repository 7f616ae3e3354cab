package io.github.compact4j.spring.boot;

import io.github.compact4j.context.CompactionJournal;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Gives each conversation its journal: a managed conversation's, the Spring AI chat memory's. The
 * starter makes one on the app's {@code DataSource} when compact4j-jdbc is on the class path (a
 * table shared by every instance), else from {@code compact4j.journal.directory} (a JSON-lines
 * file per conversation); {@code compact4j.journal.store} chooses. Declare your own bean to keep
 * journals elsewhere. See {@code docs/observability.md}.
 */
@FunctionalInterface
public interface CompactionJournals {

    /**
     * @param conversationId the conversation's id, e.g. its agent's; for files: letters, digits, {@code _ . -}
     * @return its journal
     * @throws IllegalArgumentException for an id the store cannot take: not a safe file name, or
     *     longer than the database's column
     */
    CompactionJournal forConversation(String conversationId);

    /**
     * @param directory the folder, created when the first entry is written
     * @return journals in {@code directory/<id>.journal.jsonl}
     */
    static CompactionJournals directory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Pattern safe = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
        // not a lambda: the starter logs the journals it wires, and a folder says more than a class name
        return new CompactionJournals() {
            @Override
            public CompactionJournal forConversation(String id) {
                if (id == null || !safe.matcher(id).matches() || id.startsWith(".")) {
                    throw new IllegalArgumentException("conversation id '" + id
                            + "' cannot name a journal file: use 1 to 128 letters, digits, '_', '.' or '-', not starting with '.'");
                }
                return CompactionJournal.jsonLines(directory.resolve(id + ".journal.jsonl"));
            }

            @Override
            public String toString() {
                return "CompactionJournals{directory=" + directory + "}";
            }
        };
    }
}
