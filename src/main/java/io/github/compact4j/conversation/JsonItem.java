package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            public int get(Object item, int key) {
                long m = ((JsonItem) item).memo;
                return m != 0 && (int) (m >>> 32) == key ? (int) m : -1;
            }

            @Override
            public void set(Object item, int key, int value) {
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
        Objects.requireNonNull(name, "name");
        // the value is the caller's tree: check it before the recursive copy, as fromJsonNode does
        TreeLimits.Violation v = TreeLimits.check(value, 2);
        if (v != null) {
            List<Object> path = new ArrayList<>(v.path().size() + 1);
            path.add(name);
            path.addAll(v.path());
            throw new InvalidConversationException(null, TreeLimits.field(path, 0), v.problem());
        }
        ObjectNode copy = node.deepCopy();
        copy.set(name, value == null ? Json.NODES.nullNode() : value.deepCopy());
        return ResponsesItems.checked(copy, origin);
    }

    public Item without(String name) {
        if (!node.has(name)) {
            return (Item) this;
        }
        ObjectNode copy = node.deepCopy();
        copy.remove(name);
        return ResponsesItems.checked(copy, origin);
    }

    public ObjectNode toJsonNode() {
        return node.deepCopy();
    }

    public String toJson() {
        String j = json;
        if (j == null) {
            try {
                j = escapeLoneSurrogates(Json.MAPPER.writeValueAsString(node));
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

    /**
     * Streams the item's JSON, for request bodies. Always the text of {@link #toJson()}, so every
     * output path spells the item the same way (token counting has usually cached it already).
     */
    void writeTo(JsonGenerator generator) throws IOException {
        generator.writeRawValue(toJson());
    }

    /**
     * A string value may hold half a surrogate pair (a tool output cut in the middle of an emoji,
     * or an escaped lone surrogate in the input). Jackson writes it raw into a String, which no
     * UTF-8 encoder can carry and which its own UTF-8 generator rejects; the escape keeps its
     * value, spelled as Jackson's UTF-8 generator spells it.
     */
    static String escapeLoneSurrogates(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                if (sb != null) {
                    sb.append(c);
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (sb != null) {
                    sb.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        return sb == null ? s : sb.toString();
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
