package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Reading and checking the message arrays of the Chat Completions and Anthropic formats, with
 * errors that name the message index and the field path inside it.
 */
final class MessageJson {

    private MessageJson() {}

    /** Parses a JSON text; a syntax error names the line and column, never the content. */
    static JsonNode parse(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            JsonNode n = readTree(p, "message", null);
            if (n != null && p.nextToken() != null) {
                throw new InvalidConversationException("message", null, null,
                        "unexpected content after the end of the JSON value", null);
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidConversationException("message", null, null,
                    "malformed JSON" + at + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the value at the parser into a tree. Jackson reads a number like {@code 1E99999999999}
     * into a {@code BigDecimal} and, when its exponent does not fit, throws a bare
     * {@code NumberFormatException} quoting the number; this says where instead, quoting nothing,
     * and does not keep that exception as the cause.
     *
     * @param p the parser
     * @param unit "item" or "message", for the error
     * @param index the element being read, or null
     * @return the tree, or null at the end of the input
     * @throws IOException as Jackson's readTree
     */
    static JsonNode readTree(JsonParser p, String unit, Integer index) throws IOException {
        try {
            return Json.MAPPER.readTree(p);
        } catch (NumberFormatException e) {
            JsonLocation loc = p.currentLocation();
            throw new InvalidConversationException(unit, index, null, "a number ending at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr() + " has an exponent too large for any number to hold", null);
        }
    }

    /**
     * A copy of a message the caller holds, made only once it is known to be within the parser's
     * limits: copying is recursive, and a deep enough tree would overflow the stack.
     *
     * @param message the caller's message
     * @param depth the level of the message in its document: 2 in a messages array
     * @param index the message's index, for the error
     * @return the copy
     */
    static ObjectNode checkedCopy(ObjectNode message, int depth, Integer index) {
        TreeLimits.Violation v = TreeLimits.check(message, depth);
        if (v != null) {
            throw error(index, TreeLimits.field(v.path(), 0), v.problem());
        }
        return message.deepCopy();
    }

    static InvalidConversationException error(Integer index, String field, String problem) {
        return new InvalidConversationException("message", index, field, problem, null);
    }

    static InvalidConversationException wrongType(Integer index, String field, String expected, JsonNode found) {
        return error(index, field, "expected " + expected + " but found " + ResponsesItems.kind(found));
    }

    /** A required string field of {@code node}, reported as {@code path + name}. */
    static String requireString(ObjectNode node, Integer index, String path, String name) {
        JsonNode v = node.get(name);
        if (v == null) {
            throw error(index, path + name, "missing");
        }
        if (!v.isTextual()) {
            throw wrongType(index, path + name, "a string", v);
        }
        return v.textValue();
    }

    /** An optional string field: null when absent or null, an error when of another type. */
    static String optionalString(ObjectNode node, Integer index, String path, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(index, path + name, "a string", v);
        }
        return v.textValue();
    }

    /** A required object field. */
    static ObjectNode requireObject(ObjectNode node, Integer index, String path, String name) {
        JsonNode v = node.get(name);
        if (v == null) {
            throw error(index, path + name, "missing");
        }
        if (!v.isObject()) {
            throw wrongType(index, path + name, "an object", v);
        }
        return (ObjectNode) v;
    }

    /** Checks that every element of a content array is an object with a string {@code type}. */
    static void checkParts(JsonNode array, Integer index, String path) {
        for (int k = 0; k < array.size(); k++) {
            JsonNode p = array.get(k);
            if (!p.isObject()) {
                throw wrongType(index, path + "[" + k + "]", "a content part object", p);
            }
            JsonNode t = p.get("type");
            if (t == null) {
                throw error(index, path + "[" + k + "].type", "missing");
            }
            if (!t.isTextual()) {
                throw wrongType(index, path + "[" + k + "].type", "a string", t);
            }
        }
    }

    /**
     * An assistant message's content parts, read from another format, in the form the Responses
     * API takes for a message without an {@code id}: the spec's {@code EasyInputMessage}, whose
     * content is a string or input parts. {@code output_text} parts belong to an output message,
     * which needs the {@code id} the API gave it, so parts that are only plain text (no
     * annotations, no logprobs) become their text joined with newlines, the same text
     * {@link Message#text()} gives. Anything else (a refusal, an image) stays as parts: the
     * Responses writer refuses those it cannot write.
     *
     * @param parts the message's parts in their Responses form, owned by the caller
     * @return a string node, or {@code parts} itself
     */
    static JsonNode assistantContent(ArrayNode parts) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < parts.size(); k++) {
            JsonNode p = parts.get(k);
            JsonNode t = p.get("text");
            if (!"output_text".equals(text(p, "type")) || t == null || !t.isTextual()
                    || hasElements(p.get("annotations")) || hasElements(p.get("logprobs"))) {
                return parts;
            }
            if (k > 0) {
                sb.append('\n');
            }
            sb.append(t.textValue());
        }
        return Json.NODES.textNode(sb.toString());
    }

    private static boolean hasElements(JsonNode n) {
        return n != null && !n.isNull() && !(n.isArray() && n.isEmpty());
    }

    static String text(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
