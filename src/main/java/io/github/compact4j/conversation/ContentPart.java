package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a message's content array: {@code input_text}, {@code output_text},
 * {@code input_image}, {@code input_file}, {@code refusal}, or a type this library does not know.
 * Immutable; {@link #toJsonNode()} returns a copy.
 */
public final class ContentPart {

    private final ObjectNode node;

    ContentPart(ObjectNode node) {
        this.node = Objects.requireNonNull(node);
    }

    /** @return the part's {@code type}, or an empty string when it has none */
    public String type() {
        JsonNode t = node.get("type");
        return t != null && t.isTextual() ? t.textValue() : "";
    }

    /**
     * @return the part's text: {@code text} for text parts, {@code refusal} for refusals; empty
     *     for images, files and other non-text parts
     */
    public Optional<String> text() {
        JsonNode t = node.get("text");
        if (t != null && t.isTextual()) {
            return Optional.of(t.textValue());
        }
        JsonNode r = node.get("refusal");
        return r != null && r.isTextual() ? Optional.of(r.textValue()) : Optional.empty();
    }

    /** @return a deep copy of the part's JSON */
    public ObjectNode toJsonNode() {
        return node.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentPart p && node.equals(p.node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    @Override
    public String toString() {
        return "ContentPart{type=" + type() + ", textChars=" + text().map(String::length).orElse(0) + "}";
    }
}
