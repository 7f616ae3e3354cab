package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A {@code reasoning} item: the model's reasoning summary, and for stateless use
 * ({@code store=false}) its {@code encrypted_content}, which only the same provider can read back.
 */
public final class Reasoning extends JsonItem implements Item {

    Reasoning(ObjectNode node) {
        super(node);
    }

    Reasoning(ObjectNode node, Origin origin) {
        super(node, origin);
    }

    /** @return the text of the {@code summary} parts, joined with newlines */
    public String summaryText() {
        return joinText(node.get("summary"));
    }

    /** @return the text of the {@code content} parts (raw reasoning text), joined with newlines */
    public String contentText() {
        return joinText(node.get("content"));
    }

    /** @return the opaque {@code encrypted_content}, when present */
    public Optional<String> encryptedContent() {
        return text("encrypted_content");
    }

    /** @return a copy without {@code encrypted_content}, or this item when it has none */
    public Reasoning withoutEncryptedContent() {
        return (Reasoning) without("encrypted_content");
    }

    private static String joinText(JsonNode parts) {
        if (parts == null || !parts.isArray()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : parts) {
            JsonNode t = p.get("text");
            if (t != null && t.isTextual()) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(t.textValue());
            }
        }
        return sb.toString();
    }

    @Override
    void describe(StringBuilder sb) {
        sb.append(", encrypted=").append(node.has("encrypted_content"));
    }
}
