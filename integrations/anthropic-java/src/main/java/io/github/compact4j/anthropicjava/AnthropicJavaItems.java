package io.github.compact4j.anthropicjava;

import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.InvalidConversationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Converts between anthropic-java's message types and compact4j {@link Item}s, losslessly: the
 * items are what compact4j's {@link io.github.compact4j.conversation.AnthropicMessages} codec
 * reads from the JSON the SDK writes, and unchanged items go back as the same JSON, so the SDK
 * reads back an equal object. Both the plain types ({@link MessageParam}, {@link Message},
 * {@link MessageCreateParams}) and the beta ones ({@link BetaMessageParam}, {@link BetaMessage},
 * {@code beta.messages.MessageCreateParams}, with their compaction block) are covered.
 *
 * <pre>{@code
 * List<Item> items = AnthropicJavaItems.fromParams(params);          // the system prompt first
 * List<MessageParam> messages = AnthropicJavaItems.toMessageParams(compacted);
 * }</pre>
 *
 * <p>A {@link Message} (the model's answer) becomes the items of the assistant message an app
 * sends back, the way the SDK's {@code Message.toParam()} makes it; fields the SDK does not know
 * and content blocks of types it does not know are kept as they came. A {@code system} message
 * inside the {@code messages} array (anthropic-java's {@code SystemMessageParam}) becomes a
 * {@code system} message item without a {@code type} field, and such an item is written back in
 * place. See {@code docs/integrations.md}.
 */
public final class AnthropicJavaItems {

    private AnthropicJavaItems() {}

    /**
     * @param messages a conversation's messages (no system prompt)
     * @return its items, unmodifiable
     * @throws InvalidConversationException when a message is not valid; the message names its index
     */
    public static List<Item> fromMessageParams(List<MessageParam> messages) {
        return MessagesJson.read(null, list(messages, "messages"));
    }

    /**
     * @param message one message
     * @return its items: one message can hold several (text, tool calls, tool results, thinking)
     * @throws InvalidConversationException when the message is not valid
     */
    public static List<Item> fromMessageParam(MessageParam message) {
        return fromMessageParams(List.of(Objects.requireNonNull(message, "message")));
    }

    /**
     * @param message the model's answer
     * @return the items of the assistant message that answer adds to the conversation
     * @throws InvalidConversationException when a block is not valid
     */
    public static List<Item> fromMessage(Message message) {
        Objects.requireNonNull(message, "message");
        return MessagesJson.read(null, assistant(content(message._content().asKnown()), b -> {
            try {
                return b.toParam();
            } catch (AnthropicInvalidDataException unknown) {
                return null;
            }
        }));
    }

    /**
     * @param params a request
     * @return its system prompt (as a leading {@code system} message) and its messages, as items
     * @throws InvalidConversationException when a message or the system prompt is not valid
     */
    public static List<Item> fromParams(MessageCreateParams params) {
        Objects.requireNonNull(params, "params");
        JsonNode body = MessagesJson.tree(params._body(), "request");
        return MessagesJson.read(body.get("system"), body.get("messages"));
    }

    /**
     * @param items items without a system prompt (see {@link AnthropicJavaCompaction#withMessages})
     * @return the messages, unmodifiable
     * @throws InvalidConversationException when an item has no Anthropic form (an OpenAI compaction
     *     item, say) or would be the system prompt
     */
    public static List<MessageParam> toMessageParams(List<? extends Item> items) {
        return params(MessagesJson.write(Objects.requireNonNull(items, "items"), false).messages(), MessageParam.class);
    }

    // ---------------------------------------------------------------------------------------
    // beta

    /**
     * @param messages a conversation's messages in the beta types (no system prompt)
     * @return its items, unmodifiable; a compaction block is an item of its own, kept byte for byte
     * @throws InvalidConversationException when a message is not valid
     */
    public static List<Item> fromBetaMessageParams(List<BetaMessageParam> messages) {
        return MessagesJson.read(null, list(messages, "messages"));
    }

    /**
     * @param message one message in the beta types
     * @return its items
     * @throws InvalidConversationException when the message is not valid
     */
    public static List<Item> fromBetaMessageParam(BetaMessageParam message) {
        return fromBetaMessageParams(List.of(Objects.requireNonNull(message, "message")));
    }

    /**
     * @param message the model's answer, in the beta types (a compaction block among its content)
     * @return the items of the assistant message that answer adds to the conversation
     * @throws InvalidConversationException when a block is not valid
     */
    public static List<Item> fromBetaMessage(BetaMessage message) {
        Objects.requireNonNull(message, "message");
        return MessagesJson.read(null, assistant(content(message._content().asKnown()), b -> {
            try {
                return b.toParam();
            } catch (AnthropicInvalidDataException unknown) {
                return null;
            }
        }));
    }

    /**
     * @param params a beta request
     * @return its system prompt (as a leading {@code system} message) and its messages, as items
     * @throws InvalidConversationException when a message or the system prompt is not valid
     */
    public static List<Item> fromBetaParams(com.anthropic.models.beta.messages.MessageCreateParams params) {
        Objects.requireNonNull(params, "params");
        JsonNode body = MessagesJson.tree(params._body(), "request");
        return MessagesJson.read(body.get("system"), body.get("messages"));
    }

    /**
     * @param items items without a system prompt
     * @return the messages in the beta types, unmodifiable
     * @throws InvalidConversationException when an item has no Anthropic form or would be the
     *     system prompt
     */
    public static List<BetaMessageParam> toBetaMessageParams(List<? extends Item> items) {
        return params(MessagesJson.write(Objects.requireNonNull(items, "items"), false).messages(), BetaMessageParam.class);
    }

    // ---------------------------------------------------------------------------------------

    private static ArrayNode list(List<?> messages, String what) {
        Objects.requireNonNull(messages, what);
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) == null) {
                throw new NullPointerException("message " + i + " is null");
            }
        }
        return (ArrayNode) MessagesJson.tree(messages, what);
    }

    private static <B> List<B> content(java.util.Optional<List<B>> content) {
        return content.orElseThrow(() -> new InvalidConversationException("message", null, "content",
                "the answer has no content list", null));
    }

    static <T> List<T> params(ArrayNode messages, Class<T> type) {
        List<T> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            out.add(MessagesJson.read(messages.get(i), type, i));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * An answer's blocks as the assistant message of the history: each block in its param form
     * (what {@code toParam()} makes), with the top-level fields the SDK does not know put back, so
     * a newer signed field survives; a block {@code toParam()} cannot convert is kept as it came.
     */
    private static <B> ArrayNode assistant(List<B> blocks, Function<B, Object> toParam) {
        ArrayNode content = MessagesJson.NODES.arrayNode(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            B block = blocks.get(i);
            JsonNode raw = MessagesJson.tree(block, "content block " + i);
            Object param = toParam.apply(block);
            if (param == null || !raw.isObject()) {
                content.add(raw);
                continue;
            }
            ObjectNode p = (ObjectNode) MessagesJson.tree(param, "content block " + i);
            for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!p.has(f.getKey())) {
                    p.set(f.getKey(), f.getValue());
                }
            }
            content.add(p);
        }
        ArrayNode messages = MessagesJson.NODES.arrayNode(1);
        messages.addObject().put("role", "assistant").set("content", content);
        return messages;
    }
}
