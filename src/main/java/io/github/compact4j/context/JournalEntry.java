package io.github.compact4j.context;

import io.github.compact4j.conversation.Item;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One compaction's record in a {@link CompactionJournal}: the stretch of the original conversation
 * it compacted, so the full history can always be put back together.
 *
 * @param traceId the compaction's trace id (find its log lines with it)
 * @param time when it was applied
 * @param strategy the strategy that produced the result
 * @param items the original items appended since the previous compaction, up to this one, in order
 */
public record JournalEntry(String traceId, Instant time, String strategy, List<Item> items) {

    /** Checks and copies. */
    public JournalEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(strategy, "strategy");
        items = List.copyOf(items);
    }
}
