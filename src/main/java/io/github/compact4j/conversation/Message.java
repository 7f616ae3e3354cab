package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A message: {@code {"type":"message","role":"user","content":...}}, or its short form without
 * {@code type}. The content is either a string or an array of {@link ContentPart}s; both are kept
 * exactly as they came.
 *
 * <pre>{@code
 * Message task = Message.user("Fix the failing test in FooTest.java");
 * String said = message.text();   // all text parts joined
 * }</pre>
 */
public final class Message extends JsonItem implements Item {

    /** The {@code system} role. */
    public static final String SYSTEM = "system";
    /** The {@code developer} role. */
    public static final String DEVELOPER = "developer";
    /** The {@code user} role. */
    public static final String USER = "user";
    /** The {@code assistant} role. */
    public static final String ASSISTANT = "assistant";

    Message(ObjectNode node) {
        super(node);
    }

    Message(ObjectNode node, Origin origin) {
        super(node, origin);
    }

    /**
     * A message with string content: {@code {"type":"message","role":role,"content":text}}.
     *
     * @param role the role, e.g. {@link #USER}
     * @param text the content
     * @return the message
     */
    public static Message of(String role, String text) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("type", "message");
        n.put("role", Objects.requireNonNull(role, "role"));
        n.put("content", Objects.requireNonNull(text, "text"));
        return new Message(n);
    }

    /**
     * @param text the content
     * @return a user message
     */
    public static Message user(String text) {
        return of(USER, text);
    }

    /**
     * @param text the content
     * @return an assistant message
     */
    public static Message assistant(String text) {
        return of(ASSISTANT, text);
    }

    /**
     * @param text the content
     * @return a system message
     */
    public static Message system(String text) {
        return of(SYSTEM, text);
    }

    /**
     * @param text the content
     * @return a developer message
     */
    public static Message developer(String text) {
        return of(DEVELOPER, text);
    }

    /** @return the role: {@code user}, {@code assistant}, {@code system}, {@code developer} */
    public String role() {
        return text("role").orElse("");
    }

    /** @return whether the role is {@code system} or {@code developer} */
    public boolean isInstruction() {
        String r = role();
        return SYSTEM.equals(r) || DEVELOPER.equals(r);
    }

    /** @return whether the content is a plain string rather than an array of parts */
    public boolean hasStringContent() {
        JsonNode c = node.get("content");
        return c != null && c.isTextual();
    }

    /**
     * @return the content parts; for string content, an empty list (use {@link #text()})
     */
    public List<ContentPart> parts() {
        JsonNode c = node.get("content");
        if (c == null || !c.isArray()) {
            return List.of();
        }
        List<ContentPart> parts = new ArrayList<>(c.size());
        for (JsonNode p : c) {
            if (p.isObject()) {
                parts.add(new ContentPart(((ObjectNode) p).deepCopy()));
            }
        }
        return Collections.unmodifiableList(parts);
    }

    /**
     * @return the text of the message: the string content, or the text of every text part
     *     joined with newlines; images and files contribute nothing
     */
    public String text() {
        JsonNode c = node.get("content");
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.textValue();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : c) {
            JsonNode t = p.get("text");
            if (t == null || !t.isTextual()) {
                t = p.get("refusal");
            }
            if (t != null && t.isTextual()) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(t.textValue());
            }
        }
        return sb.toString();
    }

    /**
     * @param text the new content
     * @return a copy of this message whose content is the given string (all other fields kept)
     */
    public Message withText(String text) {
        ObjectNode copy = node.deepCopy();
        copy.put("content", Objects.requireNonNull(text, "text"));
        return new Message(copy, origin);
    }

    @Override
    void describe(StringBuilder sb) {
        sb.append(", role=").append(role());
    }
}
