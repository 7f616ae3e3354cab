package io.github.compact4j.context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A journal held in memory. */
final class InMemoryJournal implements CompactionJournal {

    private final List<JournalEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void append(JournalEntry entry) {
        entries.add(entry);
    }

    @Override
    public List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public String toString() {
        return "InMemoryJournal{entries=" + entries.size() + "}";
    }
}
