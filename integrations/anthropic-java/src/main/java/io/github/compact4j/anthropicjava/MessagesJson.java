package io.github.compact4j.anthropicjava;

import com.anthropic.core.ObjectMappers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.InvalidConversationException;
import java.util.List;

/**
 * The conversion at the JSON level, shared by the SDK's plain and beta types (they speak the same
 * wire format): the core's {@link AnthropicMessages} codec does the work, {@code system} messages
 * inside the {@code messages} array included.
 */
final class MessagesJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** Reads the SDK's JSON into trees; configured once, never changed. */
    private static final ObjectMapper EXACT = JsonMapper.builder().nodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

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
        return system == null || system.isNull() ? AnthropicMessages.fromJsonNode(messages)
                : AnthropicConversation.of(system, messages).items();
    }

    /** What items become: the system prompt (null when none) and the messages. */
    record Written(JsonNode system, ArrayNode messages) {}

    /**
     * @param items the items
     * @param withSystemPrompt whether leading instruction items may become the system prompt
     * @return the system prompt and messages
     */
    static Written write(List<? extends Item> items, boolean withSystemPrompt) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                throw new NullPointerException("item " + i + " is null");
            }
        }
        if (!withSystemPrompt) {
            return new Written(null, AnthropicMessages.toJsonNode(items));
        }
        AnthropicConversation c = AnthropicMessages.toConversation(items);
        return new Written(c.system().orElse(null), c.messages());
    }
}
