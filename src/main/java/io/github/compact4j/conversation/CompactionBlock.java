package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Anthropic's {@code compaction} content block, as it stands in a conversation of {@link Item}s:
 * the block that Anthropic's on-demand compaction ({@code compact-2026-09-04}, with a
 * {@code signature}) or threshold compaction ({@code compact-2026-01-12}) writes in place of the
 * turns it summarized.
 *
 * <p>{@link AnthropicMessages} reads the block into an {@link OpaqueItem} of type
 * {@value AnthropicMessages#OPAQUE_BLOCK_TYPE} that holds it untouched, so it goes back to the
 * Messages API, and through a {@code CompactionJournal}, exactly as it came: every field
 * ({@code content}, {@code signature}, {@code encrypted_content}, {@code tool_changes},
 * {@code cache_control}) in its order. This class is the view of such an item.
 *
 * <pre>{@code
 * for (Item item : conversation.items()) {
 *     CompactionBlock.of(item).ifPresent(b -> log.info("summary of {} chars, beta {}",
 *             b.summary().length(), b.requiredBeta()));
 * }
 * }</pre>
 *
 * <p>Unlike OpenAI's encrypted compaction item, the block's summary is readable, so a history
 * holding one can move to another provider: {@link #withSummaries(List)} puts a marked summary
 * message in its place (the registry and the Chat Completions codec do it by themselves). See
 * {@code docs/native-compaction.md}.
 */
public final class CompactionBlock {

    /** The block's {@code type}. */
    public static final String TYPE = "compaction";

    /** The beta a conversation holding a signed block (on-demand compaction) needs on every request. */
    public static final String ON_DEMAND_BETA = "compact-2026-09-04";

    /** The beta of threshold compaction ({@code compact_20260112}), whose blocks carry no signature. */
    public static final String THRESHOLD_BETA = "compact-2026-01-12";

    // The same marked message the summarizing strategy writes (its SummaryMessage), so that a later
    // summary rolls this one forward instead of summarizing it again; a test keeps the two equal.
    private static final String OPEN_TAG = "<conversation_summary generator=\"compact4j\">";
    private static final String CLOSE_TAG = "</conversation_summary>";
    private static final String PREAMBLE = "Earlier turns of this conversation were replaced by the hand-off summary"
            + " below; the messages after it are verbatim. Continue the task from its current state, and do not"
            + " redo work the summary reports as done.";

    private final Item item;
    private final ObjectNode block;

    private CompactionBlock(Item item, ObjectNode block) {
        this.item = item;
        this.block = block;
    }

    /**
     * @param item any item
     * @return the view of it when it holds an Anthropic compaction block
     */
    public static Optional<CompactionBlock> of(Item item) {
        ObjectNode block = blockOf(item);
        return block == null ? Optional.empty() : Optional.of(new CompactionBlock(item, block));
    }

    /**
     * @param item any item
     * @return whether it holds an Anthropic compaction block
     */
    public static boolean isBlock(Item item) {
        return blockOf(item) != null;
    }

    private static ObjectNode blockOf(Item item) {
        if (item instanceof OpaqueItem o && AnthropicMessages.OPAQUE_BLOCK_TYPE.equals(o.type())
                && ((JsonItem) o).node.get("block") instanceof ObjectNode b
                && TYPE.equals(MessageJson.text(b, "type"))) {
            return b;
        }
        return null;
    }

    /**
     * The block as an item of its own: an {@code assistant} message holding only the block, the
     * form Anthropic's adoption rules allow at the start of {@code messages}.
     *
     * @param block a {@code compaction} block, as the API returned it (copied)
     * @return the item; {@link AnthropicMessages} writes it back as that message, byte for byte
     * @throws io.github.compact4j.errors.InvalidConversationException when it is not a
     *     {@code compaction} block
     */
    public static Item item(JsonNode block) {
        Objects.requireNonNull(block, "block");
        if (!block.isObject() || !TYPE.equals(MessageJson.text(block, "type"))) {
            throw MessageJson.wrongType(null, "type", "a content block of type 'compaction'", block.get("type"));
        }
        ObjectNode message = Json.NODES.objectNode();
        message.put("role", "assistant");
        message.putArray("content").add(block.deepCopy());
        return AnthropicMessages.fromJsonNode(Json.NODES.arrayNode().add(message)).get(0);
    }

    /**
     * @param items a conversation
     * @return the index of its last compaction block, or -1 when it holds none
     */
    public static int lastIndexIn(List<? extends Item> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (isBlock(items.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * For a history headed to another provider: every compaction block replaced by a marked
     * {@code user} message carrying its summary; every other item is kept, unchanged and in
     * order.
     *
     * @param items a conversation
     * @return the items with summaries in place of blocks; {@code items} itself (as an
     *     unmodifiable list) when it holds no block
     */
    public static List<Item> withSummaries(List<? extends Item> items) {
        List<Item> out = null;
        for (int i = 0; i < items.size(); i++) {
            Optional<CompactionBlock> b = of(items.get(i));
            if (b.isPresent()) {
                if (out == null) {
                    out = new ArrayList<>(items);
                }
                out.set(i, b.get().toSummaryMessage());
            }
        }
        return out == null ? List.copyOf(items) : List.copyOf(out);
    }

    /** @return the item holding the block */
    public Item item() {
        return item;
    }

    /** @return a copy of the block, exactly as the API returned it */
    public ObjectNode block() {
        return block.deepCopy();
    }

    /**
     * @return the readable summary, the block's {@code content}; empty when it is {@code null}
     *     (a threshold compaction that failed, which the API treats as a no-op)
     */
    public String summary() {
        JsonNode c = block.get("content");
        return c != null && c.isTextual() ? c.textValue() : "";
    }

    /** @return the {@code signature} of an on-demand compaction's block */
    public Optional<String> signature() {
        return Optional.ofNullable(MessageJson.text(block, "signature"));
    }

    /** @return the opaque {@code encrypted_content}, when the block carries one */
    public Optional<String> encryptedContent() {
        return Optional.ofNullable(MessageJson.text(block, "encrypted_content"));
    }

    /**
     * @return the beta every later request carrying the block must send in {@code anthropic-beta}:
     *     {@value #ON_DEMAND_BETA} for a signed block, {@value #THRESHOLD_BETA} otherwise
     */
    public String requiredBeta() {
        return block.has("signature") ? ON_DEMAND_BETA : THRESHOLD_BETA;
    }

    /**
     * @return a {@code user} message carrying the summary, marked the way compact4j's summarizing
     *     strategy marks its own summaries (so a later summary rolls it forward)
     */
    public Message toSummaryMessage() {
        return Message.user(OPEN_TAG + "\n" + PREAMBLE + "\n\n" + summary().strip() + "\n" + CLOSE_TAG);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactionBlock b && block.equals(b.block);
    }

    @Override
    public int hashCode() {
        return block.hashCode();
    }

    /** Names the block's shape, never its summary. */
    @Override
    public String toString() {
        return "CompactionBlock{summaryChars=" + summary().length() + ", signed=" + block.has("signature")
                + ", encrypted=" + block.has("encrypted_content") + "}";
    }
}
