package io.github.compact4j.tokens;

import io.github.compact4j.conversation.Item;
import java.util.List;

/**
 * Counts tokens locally, without calling a model: how large a conversation is, before and after
 * compaction, and when to compact.
 *
 * <p>Counts are estimates. OpenAI models are counted with their own encoding; other providers'
 * tokenizers are not public, so their models are counted with {@code o200k_base}, which is close
 * for English text and code. Where the backend reports real usage, calibrate against it.
 *
 * <pre>{@code
 * TokenCounter counter = TokenCounter.forModel("gpt-5.1");
 * int tokens = counter.count(items);   // each item is counted once, then remembered
 * }</pre>
 */
public interface TokenCounter {

    /**
     * @param text any text
     * @return its token count
     */
    int count(String text);

    /**
     * Counts one item: its text as the model reads it plus the item's framing overhead. Counts
     * are remembered on the item, so counting it again is a field read.
     *
     * @param item the item
     * @return its token count
     */
    int count(Item item);

    /**
     * @param items the items
     * @return the sum of their counts
     */
    default int count(List<? extends Item> items) {
        int sum = 0;
        for (Item item : items) {
            sum += count(item);
        }
        return sum;
    }

    /**
     * @param model a model name, e.g. {@code "gpt-4o"} or {@code "claude-sonnet-4-5"}
     * @return a shared counter with the encoding that fits the model's family
     */
    static TokenCounter forModel(String model) {
        return JtokkitTokenCounter.forModel(model);
    }

    /** @return the shared {@code o200k_base} counter */
    static TokenCounter defaultCounter() {
        return JtokkitTokenCounter.forModel(null);
    }
}
