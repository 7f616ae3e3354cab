package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One item of a conversation, in the Responses API's item format: a message, a tool call, a tool
 * result, a reasoning item, an opaque compaction item, or anything else.
 *
 * <p>Items are immutable and lossless: an item keeps every JSON field it was parsed from,
 * including the ones this library does not model and explicit {@code null}s, in their order, so
 * {@code ResponsesItems.toJson(ResponsesItems.fromJson(json))} gives the same JSON back. Typed
 * accessors on the subtypes read from that JSON; {@code with...} methods return modified copies.
 *
 * <pre>{@code
 * for (Item item : ResponsesItems.fromJson(json)) {
 *     switch (item) { ... }   // or: if (item instanceof ToolCall call) { call.callId() ... }
 * }
 * }</pre>
 *
 * @see ResponsesItems
 */
public sealed interface Item permits Message, ToolCall, ToolResult, Reasoning, Compaction, OpaqueItem {

    /**
     * @return the item's {@code type} field; {@code "message"} for a message written in the short
     *     form without one ({@code {"role":"user","content":"hi"}})
     */
    String type();

    /** @return the item's {@code id}, when it has one */
    Optional<String> id();

    /**
     * @param name a top-level field name
     * @return whether the item's JSON has that field (an explicit {@code null} counts)
     */
    boolean has(String name);

    /**
     * @param name a top-level field name
     * @return a copy of that field's value, when present (an explicit {@code null} is a NullNode)
     */
    Optional<JsonNode> field(String name);

    /**
     * Returns a copy of this item with one top-level field set.
     *
     * @param name the field name
     * @param value the new value (copied); null sets an explicit JSON {@code null}
     * @return the new item, re-classified from its JSON
     * @throws io.github.compact4j.errors.InvalidConversationException when the new JSON is not a valid
     *     item, e.g. a function call whose {@code call_id} is set to a number, or when the value
     *     breaks a limit the parser holds text to (nesting deeper than 1000 levels, counting the
     *     item as the first; see {@link io.github.compact4j.conversation.ResponsesItems#fromJsonNode(JsonNode)})
     */
    Item with(String name, JsonNode value);

    /**
     * Returns a copy of this item without one top-level field.
     *
     * @param name the field name
     * @return the new item, or this item when the field is absent
     * @throws io.github.compact4j.errors.InvalidConversationException when the item needs that field,
     *     e.g. a function call's {@code call_id}
     */
    Item without(String name);

    /** @return a deep copy of the item's JSON; changing it does not change the item */
    ObjectNode toJsonNode();

    /** @return the item's JSON, compact, fields in their original order */
    String toJson();

    /**
     * @return the number of characters of the item's compact JSON, a cheap size estimate
     */
    int jsonLength();
}
