package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Converts between the Responses API's item format (the {@code input} array of
 * {@code POST /v1/responses}, and the {@code output} array it returns) and {@link Item}s,
 * losslessly: every field is kept, known or not, in its order, with explicit {@code null}s and
 * exact numbers, so {@code toJson(fromJson(json))} is the same JSON.
 *
 * <pre>{@code
 * List<Item> items = ResponsesItems.fromJson(Files.readString(path));
 * String json = ResponsesItems.toJson(items);
 * }</pre>
 *
 * <p>Input is checked as it is read; a problem raises an {@link InvalidConversationException}
 * that names the item index and the field, e.g. {@code item 7, field 'call_id': expected a
 * string but found null}.
 *
 * <p>Items read from Chat Completions or Anthropic Messages ({@link ChatCompletionsMessages},
 * {@link AnthropicMessages}) are written in the form the Responses API takes, or refused: an
 * Anthropic compaction block becomes the marked summary message {@link CompactionBlock#toSummaryMessage()}
 * gives, and a reasoning item made from a thinking block, a server-tool block, an assistant
 * message holding a refusal and a message with a role the API does not know raise an
 * {@link InvalidConversationException} naming the item (given an id, a thinking block's item is
 * written without the {@value AnthropicMessages#THINKING_BLOCK_FIELD} field, which is
 * compact4j's). Every other item, and every item that no longer knows its source (read back from
 * a journal), is written exactly as it is. {@link Item#toJson()} gives any item's own JSON,
 * whatever its source.
 */
public final class ResponsesItems {

    /** Result kinds whose spec makes {@code call_id} required. */
    private static final Set<String> CALL_ID_OPTIONAL = Set.of("tool_search_call", "tool_search_output",
            "local_shell_call_output");

    private ResponsesItems() {}

    /**
     * Parses a JSON array of items.
     *
     * @param json the array, e.g. the {@code input} of a Responses request
     * @return the items, unmodifiable
     * @throws InvalidConversationException when the JSON is malformed or an item is invalid
     */
    public static List<Item> fromJson(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            return read(p, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a JSON array of items from a stream, without reading it into a string first.
     *
     * @param in JSON in UTF-8, or in UTF-16 or UTF-32 (told apart by a byte-order mark or by where
     *     the zero bytes fall, as RFC 4627 describes); not closed
     * @return the items, unmodifiable
     * @throws InvalidConversationException when the JSON is malformed, its bytes are not valid in
     *     their encoding, or an item is invalid
     * @throws UncheckedIOException when reading fails
     */
    public static List<Item> fromJson(InputStream in) {
        Objects.requireNonNull(in, "in");
        try {
            JsonBytes.Source src = JsonBytes.open(in);
            // the caller opened the stream, so the caller closes it: the parser leaves it open
            try (JsonParser p = src.parser()) {
                return read(p, src.encoding());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a JSON array of items from a reader.
     *
     * @param in the JSON; not closed
     * @return the items, unmodifiable
     * @throws InvalidConversationException when the JSON is malformed or an item is invalid
     * @throws UncheckedIOException when reading fails
     */
    public static List<Item> fromJson(Reader in) {
        Objects.requireNonNull(in, "in");
        // the caller opened the source, so the caller closes it
        try (JsonParser p = Json.MAPPER.createParser(in).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)) {
            return read(p, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Converts a Jackson array of items. The array is copied; later changes to it do not reach
     * the items.
     *
     * <p>The tree is held to the limits text is held to: 1000 levels of nesting, counting the array
     * itself as the first, strings of 32 Mi characters, field names of 50,000 characters, numbers
     * of 1000 digits.
     *
     * @param array a JSON array of item objects
     * @return the items, unmodifiable
     * @throws InvalidConversationException when it is not an array, an item is invalid, or an
     *     item breaks one of those limits (the exception names the item and its field)
     */
    public static List<Item> fromJsonNode(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new InvalidConversationException(null, null,
                    "expected a JSON array of items but found " + kind(array));
        }
        List<Item> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            items.add(item(checkedCopy(array.get(i), 2, i), i));
        }
        return Collections.unmodifiableList(items);
    }

    /**
     * Converts one Jackson item object (copied).
     *
     * <p>The tree is held to the limits {@link #itemFromJson(String)} holds text to: 1000 levels
     * of nesting, counting the item itself as the first, and the lengths
     * {@link #fromJsonNode(JsonNode)} lists.
     *
     * @param item a JSON object in the Responses item format
     * @return the item
     * @throws InvalidConversationException when it is not a valid item, or breaks one of those limits
     */
    public static Item fromJsonNode(ObjectNode item) {
        return item(checkedCopy(item, 1, null), null);
    }

    /**
     * Parses one item.
     *
     * @param json a JSON object in the Responses item format
     * @return the item
     * @throws InvalidConversationException when it is not a valid item
     */
    public static Item itemFromJson(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            JsonNode n = MessageJson.readTree(p, "item", null);
            if (p.nextToken() != null) {
                throw new InvalidConversationException(null, null, "unexpected content after the item's closing '}'");
            }
            return n == null ? item(null, null) : classifyOwned(n);
        } catch (JsonProcessingException e) {
            throw malformed(null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param items the items
     * @return their JSON array, compact, every item exactly as it was parsed or built (items read
     *     from another format in their Responses form: see the class description)
     * @throws InvalidConversationException when an item read from another format has no
     *     Responses form, naming its index
     */
    public static String toJson(List<? extends Item> items) {
        StringWriter w = new StringWriter(Math.max(16, items.size() * 256));
        try (JsonGenerator g = Json.MAPPER.createGenerator(w)) {
            write(items, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * @param items the items
     * @return a new Jackson array holding copies of the items' JSON, as {@link #toJson(List)}
     *     writes it
     * @throws InvalidConversationException as {@link #toJson(List)}
     */
    public static ArrayNode toJsonNode(List<? extends Item> items) {
        ArrayNode a = Json.NODES.arrayNode(items.size());
        for (int i = 0; i < items.size(); i++) {
            a.add(responsesForm(items.get(i), i).node.deepCopy());
        }
        return a;
    }

    /**
     * Checks that every item can be written in the Responses format, without writing anything:
     * for a request body that is streamed, so that it fails before anything is sent.
     *
     * @param items the items
     * @return the length in characters of the JSON array {@link #write} writes for them, a lower
     *     bound of its size in UTF-8 bytes (each item keeps its text once made, so this is a sum)
     * @throws InvalidConversationException as {@link #toJson(List)}
     */
    public static long checkWritable(List<? extends Item> items) {
        long chars = 2 + Math.max(0, items.size() - 1);   // the brackets and the commas
        for (int i = 0; i < items.size(); i++) {
            chars += responsesForm(items.get(i), i).jsonLength();
        }
        return chars;
    }

    /**
     * Streams the items as a JSON array into a generator, without building the whole text in
     * memory: this is how request bodies are written.
     *
     * @param items the items
     * @param generator where to write; not closed
     * @throws IOException when the generator fails
     * @throws InvalidConversationException as {@link #toJson(List)}; {@link #checkWritable(List)}
     *     tells before anything is written
     */
    public static void write(List<? extends Item> items, JsonGenerator generator) throws IOException {
        generator.writeStartArray(items, items.size());
        for (int i = 0; i < items.size(); i++) {
            responsesForm(items.get(i), i).writeTo(generator);
        }
        generator.writeEndArray();
    }

    // ---------------------------------------------------------------------------------------
    // items from other formats

    private static final Set<String> ROLES = Set.of(Message.USER, Message.ASSISTANT, Message.SYSTEM, Message.DEVELOPER);

    /** What an assistant message without an {@code id} may hold: the spec's {@code InputContent}. */
    private static final Set<String> INPUT_PARTS = Set.of("input_text", "input_image", "input_file");

    /**
     * The item as the Responses API takes it. An item the caller gave in this format is itself;
     * one a codec made from a Chat Completions or Anthropic message is itself when it has a
     * Responses form, a summary message in place of an Anthropic compaction block, and refused
     * otherwise.
     *
     * @param item an item
     * @param index its index, for the error
     * @return what to write
     * @throws InvalidConversationException when the item has no Responses form
     */
    private static JsonItem responsesForm(Item item, int index) {
        JsonItem it = (JsonItem) Objects.requireNonNull(item, "item");
        Origin o = it.origin;
        if (o == null) {
            return it;
        }
        boolean chat = Origin.CHAT.equals(o.source.format);
        String from = chat ? "Chat Completions" : "Anthropic Messages";
        String writeIn = " Write the conversation in the " + from + " format";
        if (item instanceof Reasoning) {
            if (it.id().isEmpty()) {
                throw new InvalidConversationException(index, "type", "a reasoning item made from an Anthropic '"
                        + sourceBlockType(o, "thinking") + "' block has no Responses form: the Responses API takes"
                        + " reasoning only from OpenAI's models, with the id they gave it." + writeIn
                        + ", or drop the reasoning items first");
            }
            if (it.node.has(AnthropicMessages.THINKING_BLOCK_FIELD)) {
                // given an id: itself, less the field that is compact4j's and no part of the API
                return (JsonItem) it.without(AnthropicMessages.THINKING_BLOCK_FIELD);
            }
        }
        if (item instanceof OpaqueItem && AnthropicMessages.OPAQUE_BLOCK_TYPE.equals(item.type())) {
            java.util.Optional<CompactionBlock> block = CompactionBlock.of(item);
            if (block.isPresent()) {
                // the summary is readable: it goes on as a marked message, as in Chat Completions
                return (JsonItem) block.get().toSummaryMessage();
            }
            JsonNode b = it.node.get("block");
            String type = b != null && b.path("type").isTextual() ? b.get("type").textValue() : "unknown";
            throw new InvalidConversationException(index, "type", "an '" + AnthropicMessages.OPAQUE_BLOCK_TYPE
                    + "' item (Anthropic's '" + type + "' block) has no Responses form." + writeIn
                    + ", or drop the item first");
        }
        if (item instanceof Message m) {
            if (!ROLES.contains(m.role())) {
                throw new InvalidConversationException(index, "role", "a message with role '" + m.role()
                        + "', read from " + from + ", has no Responses form: the Responses API takes the roles"
                        + " user, assistant, system and developer." + writeIn + ", or change its role first");
            }
            JsonNode c = it.node.get("content");
            if (Message.ASSISTANT.equals(m.role()) && it.id().isEmpty() && c != null && c.isArray()) {
                for (int k = 0; k < c.size(); k++) {
                    String type = MessageJson.text(c.get(k), "type");
                    if (type == null || !INPUT_PARTS.contains(type)) {
                        throw new InvalidConversationException(index, "content[" + k + "]", "an assistant message"
                                + " read from " + from + " holding " + (type == null ? "a part without a type"
                                        : "a part of type '" + type + "'") + " has no Responses form: without"
                                + " the id the API gave it, an assistant message takes string content or text,"
                                + " image and file inputs only." + writeIn + ", or replace the message by its text"
                                + " first");
                    }
                }
            }
        }
        return it;
    }

    /** The type of the Anthropic block an item was made from, or {@code fallback}. */
    private static String sourceBlockType(Origin o, String fallback) {
        JsonNode content = o.source.json.get("content");
        JsonNode block = content != null && content.isArray() && o.from >= 0 && o.from < content.size()
                ? content.get(o.from) : null;
        String type = MessageJson.text(block, "type");
        return type != null ? type : fallback;
    }

    // ---------------------------------------------------------------------------------------

    /**
     * @param encoding the encoding the parser decodes, for an error about bad bytes; null when
     *     the text is already characters
     */
    private static List<Item> read(JsonParser p, String encoding) throws IOException {
        Integer index = null;
        try {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                throw new InvalidConversationException(null, null,
                        "expected a JSON array of items but found " + (t == null ? "nothing" : describe(t)));
            }
            List<Item> items = new ArrayList<>();
            index = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new InvalidConversationException(index, null, "the JSON ends before the array is closed");
                }
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    throw new InvalidConversationException(index, null,
                            "expected a JSON object but found " + describe(t));
                }
                ObjectNode node = (ObjectNode) MessageJson.readTree(p, "item", index);
                items.add(item(node, index));
                index++;
            }
            index = null; // past the array: no item to blame
            if (p.nextToken() != null) {
                throw new InvalidConversationException(null, null, "unexpected content after the closing ']' of the array");
            }
            return Collections.unmodifiableList(items);
        } catch (JsonProcessingException e) {
            throw malformed(index, e);
        } catch (CharacterCodingException | CharConversionException e) {
            // bad bytes, or characters a caller's reader could not decode: the input is at fault
            JsonLocation loc = p.currentLocation();
            throw new InvalidConversationException(index, null, "the input is not valid "
                    + (encoding == null ? "text" : encoding) + ": a malformed byte sequence follows line "
                    + loc.getLineNr() + ", column " + loc.getColumnNr(), e);
        }
    }

    private static InvalidConversationException malformed(Integer index, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new InvalidConversationException(index, null, "malformed JSON" + at + ": " + e.getOriginalMessage(), e);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static Item classifyOwned(JsonNode n) {
        if (!n.isObject()) {
            throw new InvalidConversationException(null, null, "expected a JSON object but found " + kind(n));
        }
        validate((ObjectNode) n, null);
        return classify((ObjectNode) n);
    }

    /**
     * A copy of an object the caller holds, made only once it is known to be within the parser's
     * limits: copying is recursive, and a deep enough tree would overflow the stack.
     *
     * @return the copy; the node itself when it is not an object (the caller reports that)
     */
    private static JsonNode checkedCopy(JsonNode n, int depth, Integer index) {
        if (n == null || !n.isObject()) {
            return n;
        }
        TreeLimits.Violation v = TreeLimits.check(n, depth);
        if (v != null) {
            throw new InvalidConversationException(index, TreeLimits.field(v.path(), 0), v.problem());
        }
        return n.deepCopy();
    }

    /** Validates and wraps a node the caller no longer holds: parsed here, or copied. */
    private static Item item(JsonNode n, Integer index) {
        if (n == null || !n.isObject()) {
            throw new InvalidConversationException(index, null, "expected a JSON object but found " + kind(n));
        }
        validate((ObjectNode) n, index);
        return classify((ObjectNode) n);
    }

    /** Validates an already-owned node built by the library (with/without), then wraps it. */
    static Item checked(ObjectNode node) {
        return checked(node, null);
    }

    /** As {@link #checked(ObjectNode)}, for a copy of an item a codec made: it keeps its origin. */
    static Item checked(ObjectNode node, Origin origin) {
        validate(node, null);
        return classify(node, origin);
    }

    /** Wraps an already-owned node in the right item class. No validation. */
    static Item classify(ObjectNode node) {
        return classify(node, null);
    }

    /** Wraps an already-owned node in the right item class, keeping where it came from. */
    static Item classify(ObjectNode node, Origin origin) {
        JsonNode t = node.get("type");
        String type = t != null && t.isTextual() ? t.textValue() : null;
        if (type == null) {
            return node.has("role") ? new Message(node, origin) : new OpaqueItem(node, origin);
        }
        if ("message".equals(type)) {
            return new Message(node, origin);
        }
        if (ToolCall.isCallType(type)) {
            return new ToolCall(node, origin);
        }
        if (ToolResult.isResultType(type)) {
            return new ToolResult(node, origin);
        }
        if ("reasoning".equals(type)) {
            return new Reasoning(node, origin);
        }
        if ("compaction".equals(type)) {
            return new Compaction(node, origin);
        }
        return new OpaqueItem(node, origin);
    }

    private static void validate(ObjectNode node, Integer index) {
        JsonNode t = node.get("type");
        if (t != null && !t.isTextual() && !t.isNull()) {
            throw wrongType(index, "type", "a string", t);
        }
        String type = t != null && t.isTextual() ? t.textValue() : null;
        if (type == null) {
            if (node.has("role")) {
                validateMessage(node, index);
            } else if (!node.hasNonNull("id")) {
                throw new InvalidConversationException(index, "type",
                        "missing; an item needs a 'type' (or a 'role' for a message, or an 'id' for an item reference)");
            }
            return;
        }
        if ("message".equals(type)) {
            validateMessage(node, index);
        } else if (ToolCall.isCallType(type) || ToolResult.isResultType(type)) {
            if (!CALL_ID_OPTIONAL.contains(type)) {
                requireString(node, index, "call_id");
            }
            switch (type) {
                case "function_call" -> {
                    requireString(node, index, "name");
                    requireString(node, index, "arguments");
                }
                case "custom_tool_call" -> {
                    requireString(node, index, "name");
                    requireString(node, index, "input");
                }
                case "function_call_output", "custom_tool_call_output" -> {
                    JsonNode out = node.get("output");
                    if (out == null) {
                        throw new InvalidConversationException(index, "output", "missing");
                    }
                    if (!out.isTextual() && !out.isArray()) {
                        throw wrongType(index, "output", "a string or an array of content parts", out);
                    }
                }
                default -> { }
            }
        } else if ("compaction".equals(type)) {
            requireString(node, index, "encrypted_content");
        }
    }

    private static void validateMessage(ObjectNode node, Integer index) {
        requireString(node, index, "role");
        JsonNode c = node.get("content");
        if (c == null) {
            throw new InvalidConversationException(index, "content", "missing; a message needs content");
        }
        if (c.isArray()) {
            for (int i = 0; i < c.size(); i++) {
                if (!c.get(i).isObject()) {
                    throw wrongType(index, "content[" + i + "]", "a content part object", c.get(i));
                }
            }
        } else if (!c.isTextual()) {
            throw wrongType(index, "content", "a string or an array of content parts", c);
        }
    }

    private static void requireString(ObjectNode node, Integer index, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new InvalidConversationException(index, field, "missing; a " + node.path("type").asText("message")
                    + " item needs it");
        }
        if (!v.isTextual()) {
            throw wrongType(index, field, "a string", v);
        }
    }

    private static InvalidConversationException wrongType(Integer index, String field, String expected, JsonNode found) {
        return new InvalidConversationException(index, field, "expected " + expected + " but found " + kind(found));
    }

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        JsonNodeType t = n.getNodeType();
        return switch (t) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
