package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Anthropic Messages conversation: the {@code system} prompt, which that API keeps outside the
 * {@code messages} array, together with the messages. Immutable.
 *
 * <p>It can be read from a whole request body: fields other than {@code system} and
 * {@code messages} ({@code model}, {@code max_tokens}, {@code tools}, ...) are kept, in their
 * order, and written back by {@link #toJson()}, so an app that holds its request body compacts it
 * in three lines:
 *
 * <pre>{@code
 * AnthropicConversation conversation = AnthropicConversation.fromJson(requestBody);
 * CompactionResult r = compactor.compact(CompactionRequest.builder()
 *         .model("claude-sonnet-4-5").items(conversation.items()).build());
 * String nextBody = conversation.withItems(r.items()).toJson();
 * }</pre>
 *
 * @see AnthropicMessages
 */
public final class AnthropicConversation {

    private final ObjectNode body;

    private AnthropicConversation(ObjectNode body) {
        this.body = body;
    }

    /**
     * Reads a JSON object holding {@code messages} and, optionally, {@code system}: a Messages API
     * request body, or just those two fields.
     *
     * @param json the JSON object
     * @return the conversation
     * @throws InvalidConversationException when the JSON is malformed or has no {@code messages} array
     */
    public static AnthropicConversation fromJson(String json) {
        return fromJsonNode(MessageJson.parse(json));
    }

    /**
     * Reads a Jackson object holding {@code messages} and, optionally, {@code system}. The object
     * is copied.
     *
     * <p>The tree is held to the limits text is held to: 1000 levels of nesting, counting the
     * object itself as the first, strings of 32 Mi characters, field names of 50,000 characters,
     * numbers of 1000 digits.
     *
     * @param body the object
     * @return the conversation
     * @throws InvalidConversationException when it is not an object, has no {@code messages}
     *     array, or breaks one of those limits (the exception names the message, or the field)
     */
    public static AnthropicConversation fromJsonNode(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw MessageJson.wrongType(null, null, "a JSON object with 'messages'", body);
        }
        JsonNode m = body.get("messages");
        if (m == null) {
            throw MessageJson.error(null, "messages", "missing");
        }
        if (!m.isArray()) {
            throw MessageJson.wrongType(null, "messages", "an array", m);
        }
        TreeLimits.Violation v = TreeLimits.check(body, 1);
        if (v != null) {
            List<Object> path = v.path();
            boolean inMessage = path.size() > 1 && "messages".equals(path.get(0));
            throw inMessage
                    ? MessageJson.error((Integer) path.get(1), TreeLimits.field(path, 2), v.problem())
                    : MessageJson.error(null, TreeLimits.field(path, 0), v.problem());
        }
        return new AnthropicConversation(((ObjectNode) body).deepCopy());
    }

    /**
     * @param system the system prompt (a string, or an array of text blocks), or null for none
     * @param messages the {@code messages} array
     * @return the conversation; both values are copied
     * @throws InvalidConversationException as {@link #fromJsonNode(JsonNode)}
     */
    public static AnthropicConversation of(JsonNode system, JsonNode messages) {
        Objects.requireNonNull(messages, "messages");
        // not copied here: fromJsonNode copies the whole object once it has checked its depth
        ObjectNode b = Json.NODES.objectNode();
        if (system != null && !system.isNull() && !system.isMissingNode()) {
            b.set("system", system);
        }
        b.set("messages", messages);
        return fromJsonNode(b);
    }

    /**
     * A conversation from what the writer built. Not copied and not held to the input nesting
     * limit: the nodes are the library's own, never changed, and writing may nest a few levels
     * deeper than reading allows (see {@link Json#WRITE_DEPTH_HEADROOM}).
     */
    static AnthropicConversation written(JsonNode system, ArrayNode messages) {
        ObjectNode b = Json.NODES.objectNode();
        if (system != null) {
            b.set("system", system);
        }
        b.set("messages", messages);
        return new AnthropicConversation(b);
    }

    /** @return a copy of the {@code system} prompt, when there is one */
    public Optional<JsonNode> system() {
        JsonNode s = body.get("system");
        return s == null || s.isNull() ? Optional.empty() : Optional.of(s.deepCopy());
    }

    /** @return a copy of the {@code messages} array */
    public ArrayNode messages() {
        return ((ArrayNode) body.get("messages")).deepCopy();
    }

    /**
     * @return the conversation as items: the system prompt (when present) as one leading
     *     {@code system} {@link Message}, then the messages, as {@link AnthropicMessages} reads them
     * @throws InvalidConversationException when a message or the system prompt is invalid
     */
    public List<Item> items() {
        return AnthropicMessages.read(body.get("system"), body.get("messages"), 3);
    }

    /**
     * Returns this conversation with its system prompt and messages taken from items (compacted
     * ones, typically); every other field is kept.
     *
     * @param items the new conversation, as {@link AnthropicMessages#toConversation(List)} writes it
     * @return the new conversation
     * @throws InvalidConversationException when an item has no Anthropic form
     */
    public AnthropicConversation withItems(List<? extends Item> items) {
        AnthropicConversation fresh = AnthropicMessages.toConversation(items);
        JsonNode system = fresh.body.get("system");
        ObjectNode b = Json.NODES.objectNode();
        boolean systemWritten = false;
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if ("system".equals(name)) {
                if (system != null) {
                    b.set("system", system);
                    systemWritten = true;
                }
            } else if ("messages".equals(name)) {
                if (system != null && !systemWritten) {
                    b.set("system", system);
                    systemWritten = true;
                }
                b.set("messages", fresh.body.get("messages"));
            } else {
                b.set(name, body.get(name).deepCopy());
            }
        }
        return new AnthropicConversation(b);
    }

    /**
     * The betas a request carrying these messages must name in its {@code anthropic-beta} header:
     * {@value CompactionBlock#ON_DEMAND_BETA} when a message holds a signed compaction block
     * (Anthropic's on-demand compaction), {@value CompactionBlock#THRESHOLD_BETA} when one holds
     * a block of threshold compaction. Without them the API refuses the {@code compaction} block.
     *
     * <pre>{@code
     * AnthropicConversation next = AnthropicMessages.toConversation(result.items());
     * String beta = String.join(",", next.requiredBetas());   // e.g. "compact-2026-09-04"
     * }</pre>
     *
     * @return the betas, each once, in the order their blocks appear; empty when none is needed
     */
    public List<String> requiredBetas() {
        java.util.Set<String> betas = new java.util.LinkedHashSet<>();
        for (JsonNode m : body.get("messages")) {
            JsonNode content = m.get("content");
            if (content == null || !content.isArray()) {
                continue;
            }
            for (JsonNode b : content) {
                if (CompactionBlock.TYPE.equals(MessageJson.text(b, "type"))) {
                    betas.add(b.has("signature") ? CompactionBlock.ON_DEMAND_BETA : CompactionBlock.THRESHOLD_BETA);
                }
            }
        }
        return List.copyOf(betas);
    }

    /** @return a copy of the whole object: the system prompt, the messages and any other fields */
    public ObjectNode toJsonNode() {
        return body.deepCopy();
    }

    /** @return the whole object as compact JSON */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnthropicConversation c && body.equals(c.body);
    }

    @Override
    public int hashCode() {
        return body.hashCode();
    }

    /** Names the shape, never the content. */
    @Override
    public String toString() {
        List<String> others = new ArrayList<>();
        body.fieldNames().forEachRemaining(n -> {
            if (!"system".equals(n) && !"messages".equals(n)) {
                others.add(n);
            }
        });
        return "AnthropicConversation{messages=" + body.get("messages").size() + ", system=" + body.hasNonNull("system")
                + (others.isEmpty() ? "" : ", otherFields=" + others) + "}";
    }
}
