package io.github.compact4j.anthropicjava;

import com.anthropic.core.ObjectMappers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.OpaqueItem;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.errors.InvalidConversationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The conversion at the JSON level, shared by the SDK's plain and beta types (they speak the same
 * wire format): the core's {@link AnthropicMessages} codec does the work, and this class adds what
 * it does not read, the {@code system} messages anthropic-java lets an app put inside the
 * {@code messages} array.
 *
 * <p>Such a message becomes a {@code system} {@link Message} item holding the message's JSON as it
 * is ({@code {"role":"system","content":...}}, without a {@code type}); a {@code system} message
 * item without a {@code type} is written back as a message of the array. Every other leading
 * {@code system} or {@code developer} item is the system prompt, as the core has it.
 */
final class MessagesJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** Reads the SDK's JSON into trees; configured once, never changed. */
    private static final ObjectMapper EXACT = JsonMapper.builder().nodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** Stands for a system message while the core codec reads or writes the rest. */
    private static final String SLOT = "compact4j_system_message";

    private MessagesJson() {}

    static JsonMapper mapper() {
        return ObjectMappers.jsonMapper();
    }

    /** The SDK's own JSON for an object, as a tree that keeps its numbers as written. */
    static JsonNode tree(Object sdkObject, String what) {
        try {
            return EXACT.readTree(mapper().writeValueAsString(sdkObject));
        } catch (JsonProcessingException | RuntimeException e) {
            // the exception's own message may quote content: it stays in the cause
            throw new InvalidConversationException("message", null, null, "anthropic-java could not write the " + what
                    + " as JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    static <T> T read(JsonNode json, Class<T> type, Integer index) {
        try {
            return mapper().readValue(EXACT.writeValueAsString(json), type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidConversationException("message", index, null, "anthropic-java could not read it as a "
                    + type.getSimpleName() + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * @param system the system prompt, or null
     * @param messages the messages array
     * @return the items
     */
    static List<Item> read(JsonNode system, JsonNode messages) {
        if (messages == null || !messages.isArray()) {
            return AnthropicMessages.fromJsonNode(messages); // the core's error
        }
        ArrayNode forCore = NODES.arrayNode(messages.size());
        List<Integer> systemAt = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (m.isObject() && "system".equals(m.path("role").textValue())) {
                systemAt.add(i);
                ObjectNode slot = forCore.addObject().put("role", "user");
                slot.putArray("content").addObject().put("type", SLOT).put("index", i);
            } else {
                forCore.add(m);
            }
        }
        List<Item> items = system == null || system.isNull() ? AnthropicMessages.fromJsonNode(forCore)
                : AnthropicConversation.of(system, forCore).items();
        if (systemAt.isEmpty()) {
            return items;
        }
        List<Item> out = new ArrayList<>(items.size());
        for (Item item : items) {
            int slot = item instanceof OpaqueItem && AnthropicMessages.OPAQUE_BLOCK_TYPE.equals(item.type())
                    ? slotIndex(item.field("block").orElse(NODES.missingNode())) : -1;
            if (slot >= 0) {
                out.add(systemMessage(messages.get(slot), slot));
            } else {
                out.add(item);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Item systemMessage(JsonNode message, int index) {
        JsonNode content = message.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw new InvalidConversationException("message", index, "content", content == null ? "missing"
                    : "expected a string or an array of text blocks", null);
        }
        try {
            return ResponsesItems.itemFromJson(message.toString());
        } catch (InvalidConversationException e) {
            throw new InvalidConversationException("message", index, e.field().orElse(null),
                    "a system message that is not a valid message", e);
        }
    }

    private static int slotIndex(JsonNode block) {
        return block.isObject() && SLOT.equals(block.path("type").textValue()) ? block.path("index").asInt(-1) : -1;
    }

    /** What items become: the system prompt (null when none) and the messages. */
    record Written(JsonNode system, ArrayNode messages) {}

    /**
     * @param items the items
     * @param withSystemPrompt whether leading instruction items may become the system prompt
     * @return the system prompt and messages
     */
    static Written write(List<? extends Item> items, boolean withSystemPrompt) {
        List<Item> forCore = new ArrayList<>(items.size());
        Map<Integer, Item> systemMessages = new java.util.HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item == null) {
                throw new NullPointerException("item " + i + " is null");
            }
            if (isMessagesArraySystem(item)) {
                systemMessages.put(i, item);
                ObjectNode slot = NODES.objectNode().put("type", AnthropicMessages.OPAQUE_BLOCK_TYPE);
                slot.putObject("block").put("type", SLOT).put("index", i);
                forCore.add(ResponsesItems.fromJsonNode(slot));
            } else {
                forCore.add(item);
            }
        }
        JsonNode system;
        ArrayNode messages;
        if (withSystemPrompt) {
            AnthropicConversation c = AnthropicMessages.toConversation(forCore);
            system = c.system().orElse(null);
            messages = c.messages();
        } else {
            system = null;
            messages = AnthropicMessages.toJsonNode(forCore);
        }
        if (systemMessages.isEmpty()) {
            return new Written(system, messages);
        }
        ArrayNode out = NODES.arrayNode(messages.size());
        for (JsonNode m : messages) {
            splitAtSlots((ObjectNode) m, systemMessages, out);
        }
        return new Written(system, out);
    }

    /** A message holding slots becomes the messages before, the system messages, and the messages after. */
    private static void splitAtSlots(ObjectNode message, Map<Integer, Item> systemMessages, ArrayNode out) {
        JsonNode content = message.get("content");
        if (content == null || !content.isArray()) {
            out.add(message);
            return;
        }
        ArrayNode run = NODES.arrayNode();
        boolean split = false;
        for (JsonNode block : content) {
            int slot = slotIndex(block);
            if (slot < 0) {
                run.add(block);
                continue;
            }
            split = true;
            if (!run.isEmpty()) {
                out.add(message.deepCopy().set("content", run));
                run = NODES.arrayNode();
            }
            out.add(systemMessageJson(systemMessages.get(slot)));
        }
        if (!split) {
            out.add(message);
        } else if (!run.isEmpty()) {
            out.add(message.deepCopy().set("content", run));
        }
    }

    /** The item's JSON is the message; content a compactor rewrote in the Responses form goes back to blocks. */
    private static ObjectNode systemMessageJson(Item item) {
        ObjectNode m = item.toJsonNode();
        JsonNode content = m.get("content");
        if (content != null && content.isArray()) {
            ArrayNode blocks = NODES.arrayNode(content.size());
            for (JsonNode p : content) {
                String type = p.path("type").textValue();
                if (("input_text".equals(type) || "output_text".equals(type)) && p.has("text")) {
                    blocks.addObject().put("type", "text").set("text", p.get("text"));
                } else {
                    blocks.add(p);
                }
            }
            m.set("content", blocks);
        }
        return m;
    }

    /** A system message item in the messages array's own form: no {@code type}, a {@code system} role. */
    static boolean isMessagesArraySystem(Item item) {
        return item instanceof Message m && Message.SYSTEM.equals(m.role()) && !item.has("type");
    }
}
