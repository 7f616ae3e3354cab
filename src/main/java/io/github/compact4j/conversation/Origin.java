package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where an item came from when a codec made it out of another format's message: the message it
 * belongs to and which piece of it the item is. One Chat Completions or Anthropic message can
 * become several items (an assistant message with three tool calls becomes a message and three
 * calls); the codec puts them back together from this, and writes the original message byte for
 * byte when none of its pieces changed.
 *
 * <p>It travels with an item through {@code with}, {@code without} and the other copy methods, so
 * an edited piece (a masked tool output, say) still knows its message and keeps that message's
 * other fields. It is not part of the item's JSON, equality or hash.
 */
final class Origin {

    /** One message of the source format, shared by all the items made from it. */
    static final class Source {
        /** The codec that made it: {@link #CHAT}, {@link #ANTHROPIC} or {@link #ANTHROPIC_SYSTEM}. */
        final String format;
        /** The message's index in the array it was read from; -1 for Anthropic's system prompt. */
        final int index;
        /** The message as it was read; owned here and never changed. */
        final ObjectNode json;
        /** How many items were made from it. */
        final int pieces;

        Source(String format, int index, ObjectNode json, int pieces) {
            this.format = format;
            this.index = index;
            this.json = json;
            this.pieces = pieces;
        }
    }

    static final String CHAT = "chat";
    static final String ANTHROPIC = "anthropic";
    static final String ANTHROPIC_SYSTEM = "anthropic-system";

    final Source source;
    /** This item's position among the items made from the source, 0-based. */
    final int piece;
    /**
     * Which part of the source the item stands for. Chat: -1 for the message's content, k for
     * {@code tool_calls[k]}, {@link #LEGACY_CALL} for {@code function_call}. Anthropic: the first
     * content block (the item covers blocks {@code [from, to)}); -1 for string content.
     */
    final int from;
    /** Anthropic: one past the last content block the item covers. */
    final int to;
    /** The item's JSON as the codec made it: an item whose JSON differs was edited. */
    final ObjectNode produced;

    static final int LEGACY_CALL = -2;

    Origin(Source source, int piece, int from, int to, ObjectNode produced) {
        this.source = source;
        this.piece = piece;
        this.from = from;
        this.to = to;
        this.produced = produced;
    }

    /**
     * @param node the item's JSON now
     * @return whether it is still what the codec made
     */
    boolean unchanged(ObjectNode node) {
        return node == produced || node.equals(produced);
    }

    /**
     * @param node the item's JSON now
     * @return whether its {@code content} is still what the codec made, whatever else changed
     */
    boolean sameContent(ObjectNode node) {
        return java.util.Objects.equals(node.get("content"), produced.get("content"));
    }

    /**
     * @param group the items made from one source message, in order
     * @return whether they are all its pieces, none of them changed, so the message can be written
     *     back byte for byte
     */
    static boolean unchangedGroup(List<? extends Item> group) {
        Source s = of(group.get(0)).source;
        if (group.size() != s.pieces) {
            return false;
        }
        for (Item it : group) {
            if (!of(it).unchanged(((JsonItem) it).node)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param a an item
     * @param b another item
     * @return whether both were made from the same source message
     */
    static boolean sameSource(Item a, Item b) {
        Origin x = ((JsonItem) a).origin;
        Origin y = ((JsonItem) b).origin;
        return x != null && y != null && x.source == y.source;
    }

    /**
     * @param item an item
     * @return its origin, or null when no codec made it
     */
    static Origin of(Item item) {
        return ((JsonItem) item).origin;
    }
}
