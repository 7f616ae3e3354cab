package io.github.compact4j.tokens;

import io.github.compact4j.conversation.Item;
import java.util.List;

/**
 * Counts tokens locally, without calling a model: how large a conversation is, before and after
 * compaction, and when to compact.
 *
 * <p>An item's count is its content as the model reads it plus 4 tokens of framing:
 * <ul>
 *   <li>a message: its text (the string content, or each text and refusal part) plus 1 for the
 *       role; each image, file or audio part a fixed 765 tokens (85 for an image sent with
 *       {@code "detail":"low"});</li>
 *   <li>a tool call: the tool's name, its arguments (or input, or action) and its call id;</li>
 *   <li>a tool result: its output text, or for structured output its keys and values with images
 *       (screenshots) at the fixed estimate; plus the call id;</li>
 *   <li>a reasoning item: its summary and content text, and a quarter of the length of its
 *       {@code encrypted_content}, which cannot be read but is sent back to the model;</li>
 *   <li>a compaction item: a quarter of the length of its {@code encrypted_content};</li>
 *   <li>any other item: its JSON keys and values, base64 data counted as one attachment.</li>
 * </ul>
 *
 * <p>Counts are estimates. OpenAI models are counted with their own encoding; other providers'
 * tokenizers are not public, so their models are counted with {@code o200k_base}, which runs
 * close for English text and code and lower for other scripts. Encrypted and media content is
 * estimated. Where the backend reports real usage, calibrate against it.
 *
 * <p>Counting never throws on an item of an odd shape; counts are remembered on the item (items
 * are immutable), so counting it again is a field read. Implementations are thread-safe.
 *
 * <pre>{@code
 * TokenCounter counter = TokenCounter.forModel("gpt-5.1");
 * int tokens = counter.count(items);   // each item is counted once, then remembered
 * }</pre>
 *
 * @see ModelCatalog
 * @see RunningTokenCount
 */
public interface TokenCounter {

    /**
     * @param text any text; {@code null} counts as empty
     * @return its token count
     */
    int count(String text);

    /**
     * Counts one item: its content as the model reads it plus the item's framing overhead. Counts
     * are remembered on the item, so counting it again is a field read.
     *
     * @param item the item
     * @return its token count
     */
    int count(Item item);

    /**
     * Sums the items' counts. Every item's count is remembered, but the sum is not: this is a
     * pass over the list. To follow a growing conversation, add each new item to a
     * {@link RunningTokenCount} instead.
     *
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
     * @return the shared counter with the encoding {@link ModelCatalog#defaults()} names for it
     */
    static TokenCounter forModel(String model) {
        return ModelCatalog.defaults().counterFor(model);
    }

    /**
     * @param encoding an encoding
     * @return the shared counter for it
     */
    static TokenCounter forEncoding(TokenEncoding encoding) {
        return JtokkitTokenCounter.forEncoding(encoding);
    }

    /** @return the shared {@code o200k_base} counter */
    static TokenCounter defaultCounter() {
        return JtokkitTokenCounter.forEncoding(TokenEncoding.O200K_BASE);
    }
}
