package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared core of every item: the JSON object it was made from, owned privately and never
 * handed out, so the item stays immutable.
 */
abstract class JsonItem {

    static {
        io.github.compact4j.internal.ItemMemo.install(new io.github.compact4j.internal.ItemMemo.Access() {
            @Override
            public int get(Item item, int key) {
                long m = ((JsonItem) item).memo;
                return m != 0 && (int) (m >>> 32) == key ? (int) m : -1;
            }

            @Override
            public void set(Item item, int key, int value) {
                ((JsonItem) item).memo = ((long) key << 32) | (value & 0xffffffffL);
            }
        });
    }

    final ObjectNode node;
    /** Set when a Chat Completions or Anthropic codec made the item; kept through copies. */
    final Origin origin;
    private volatile String json;
    /** Key in the high 32 bits, figure in the low; 0 when empty. See ItemMemo. */
    private volatile long memo;

    JsonItem(ObjectNode node) {
        this(node, null);
    }

    JsonItem(ObjectNode node, Origin origin) {
        this.node = Objects.requireNonNull(node, "node");
        this.origin = origin;
    }

    public String type() {
        return text("type").orElse("message");
    }

    public Optional<String> id() {
        return text("id");
    }

    public boolean has(String name) {
        return node.has(name);
    }

    public Optional<JsonNode> field(String name) {
        JsonNode v = node.get(name);
        return v == null ? Optional.empty() : Optional.of(v.deepCopy());
    }

    public Item with(String name, JsonNode value) {
        ObjectNode copy = node.deepCopy();
        copy.set(name, value == null ? Json.NODES.nullNode() : value.deepCopy());
        return ResponsesItems.classify(copy, origin);
    }

    public Item without(String name) {
        if (!node.has(name)) {
            return (Item) this;
        }
        ObjectNode copy = node.deepCopy();
        copy.remove(name);
        return ResponsesItems.classify(copy, origin);
    }

    public ObjectNode toJsonNode() {
        return node.deepCopy();
    }

    public String toJson() {
        String j = json;
        if (j == null) {
            try {
                j = Json.MAPPER.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            json = j;
        }
        return j;
    }

    public int jsonLength() {
        return toJson().length();
    }

    /** Streams the item's JSON, for request bodies. */
    void writeTo(JsonGenerator generator) throws IOException {
        String cached = json;
        if (cached != null) {
            generator.writeRawValue(cached);
        } else {
            Json.MAPPER.writeTree(generator, node);
        }
    }

    /** A string field, when present and textual. */
    final Optional<String> text(String name) {
        JsonNode v = node.get(name);
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof JsonItem other && getClass() == other.getClass() && node.equals(other.node);
    }

    @Override
    public final int hashCode() {
        return node.hashCode();
    }

    /** Says what the item is without its content: content is logged only when the user opts in. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("{type=").append(type());
        id().ifPresent(i -> sb.append(", id=").append(i));
        describe(sb);
        return sb.append(", jsonChars=").append(jsonLength()).append('}').toString();
    }

    /** Adds non-content facts to {@link #toString()}. */
    void describe(StringBuilder sb) {}
}
