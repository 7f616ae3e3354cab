package io.github.compact4j.benchmarks.harness;

import io.github.compact4j.conversation.Item;
import java.util.List;

/**
 * One conversation of the corpus with its probes.
 *
 * @param name file name without extension, e.g. {@code coding-agent}
 * @param shape what kind of conversation it is (tool-heavy coding, long chat, ...)
 * @param description one line on what happens in it
 * @param items the conversation, Responses item format
 * @param probes the facts asked back after compaction
 */
public record CorpusConversation(String name, String shape, String description, List<Item> items,
        List<Probe> probes) {

    /** Copies the lists. */
    public CorpusConversation {
        items = List.copyOf(items);
        probes = List.copyOf(probes);
    }
}
