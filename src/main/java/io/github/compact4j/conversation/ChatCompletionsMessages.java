package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts between the Chat Completions message format (the {@code messages} array of
 * {@code POST /v1/chat/completions}, which every OpenAI-compatible server speaks) and
 * {@link Item}s, losslessly: {@code toJson(fromJson(json))} is the same JSON.
 *
 * <pre>{@code
 * List<Item> items = ChatCompletionsMessages.fromJson(messagesJson);
 * CompactionResult r = compactor.compact(CompactionRequest.builder().model(model).items(items).build());
 * String next = ChatCompletionsMessages.toJson(r.items());   // Chat Completions messages again
 * }</pre>
 *
 * <p><b>How messages become items.</b> A {@code system}, {@code developer} or {@code user}
 * message becomes a {@link Message}. An assistant message becomes a {@link Message} for its
 * content (or its {@code refusal}) followed by one {@link ToolCall} per entry of
 * {@code tool_calls} ({@code function_call} items, or {@code custom_tool_call} for custom tools),
 * so a message with three tool calls is four items. Its text is string content, text parts joined
 * with newlines, since that is how the Responses API takes an assistant message without an
 * {@code id}; a refusal is kept as {@code output_text} and {@code refusal} parts. A {@code role: tool} message becomes a
 * {@link ToolResult} paired by {@code tool_call_id}. The deprecated {@code function_call} /
 * {@code role: function} pair becomes a call and a result joined by a call id the codec makes up
 * ({@code legacy_call_<index>}), since that format has none.
 *
 * <p><b>How items become messages again.</b> Each item remembers the message it came from. The
 * items of one message, found next to each other, are written back as that message exactly as it
 * was read when none of them changed; when some changed (a masked tool output) or are missing,
 * the message is rebuilt from the original with only those parts replaced or removed, so fields
 * like {@code name} survive. Items that came from elsewhere (a summary message a compactor
 * inserted, or a conversation read with {@link ResponsesItems}) are converted: messages keep
 * their role and content (parts mapped to their Chat Completions form), function and custom tool
 * calls join the assistant message before them, results become {@code role: tool} messages, and
 * reasoning items are left out (Chat Completions has no place for them). Items with no Chat
 * Completions form (an OpenAI compaction item, hosted tool calls, shell or computer calls) are
 * rejected with an {@link InvalidConversationException} naming their index.
 *
 * <p>Errors in the input name the message index and the field, e.g. {@code message 3, field
 * 'tool_calls[0].function.arguments': expected a string but found an object}. The field rules
 * follow the {@code ChatCompletionRequestMessage} schema of OpenAI's OpenAPI description; roles
 * it does not list are read as messages, so servers with extra roles still round-trip.
 */
public final class ChatCompletionsMessages {

    static final String LEGACY_CALL_PREFIX = "legacy_call_";

    private ChatCompletionsMessages() {}

    /**
     * Parses a Chat Completions {@code messages} array.
     *
     * @param json the JSON array
     * @return the items, unmodifiable
     * @throws InvalidConversationException when the JSON is malformed or a message is invalid
     */
    public static List<Item> fromJson(String json) {
        return fromJsonNode(MessageJson.parse(json));
    }

    /**
     * Converts a Jackson {@code messages} array. The array is copied; later changes to it do not
     * reach the items.
     *
     * <p>The tree is held to the limits text is held to: 1000 levels of nesting, counting the array
     * itself as the first, strings of 32 Mi characters, field names of 50,000 characters, numbers
     * of 1000 digits.
     *
     * @param messages the JSON array of message objects
     * @return the items, unmodifiable
     * @throws InvalidConversationException when it is not an array, a message is invalid, or a
     *     message breaks one of those limits (the exception names the message and its field)
     */
    public static List<Item> fromJsonNode(JsonNode messages) {
        if (messages == null || !messages.isArray()) {
            throw MessageJson.error(null, null, "expected a JSON array of messages but found "
                    + ResponsesItems.kind(messages));
        }
        Reader r = new Reader();
        for (int i = 0; i < messages.size(); i++) {
            r.read(messages.get(i), i);
        }
        return Collections.unmodifiableList(r.items);
    }

    /**
     * Writes items as a Chat Completions {@code messages} array.
     *
     * @param items items read by {@link #fromJson(String)}, possibly compacted, or from anywhere
     * @return the JSON array, compact
     * @throws InvalidConversationException when an item has no Chat Completions form
     */
    public static String toJson(List<? extends Item> items) {
        List<JsonNode> messages = new Writer().write(items);
        StringWriter w = new StringWriter(Math.max(16, items.size() * 256));
        try (JsonGenerator g = Json.MAPPER.createGenerator(w)) {
            g.writeStartArray();
            for (JsonNode m : messages) {
                Json.MAPPER.writeTree(g, m);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Writes items as a Jackson {@code messages} array.
     *
     * @param items the items
     * @return a new array; changing it changes nothing else
     * @throws InvalidConversationException when an item has no Chat Completions form
     */
    public static ArrayNode toJsonNode(List<? extends Item> items) {
        ArrayNode a = Json.NODES.arrayNode(items.size());
        for (JsonNode m : new Writer().write(items)) {
            a.add(m.deepCopy());
        }
        return a;
    }

    // ---------------------------------------------------------------------------------------
    // reading

    private static final class Reader {
        final List<Item> items = new ArrayList<>();
        /** Tool call id to the item type of the call, so a result gets the matching result type. */
        final Map<String, String> callTypes = new HashMap<>();
        /** Legacy function calls still waiting for their {@code role: function} answer. */
        final Deque<String[]> legacyOpen = new ArrayDeque<>();

        void read(JsonNode n, int i) {
            if (n == null || !n.isObject()) {
                throw MessageJson.wrongType(i, null, "a message object", n);
            }
            ObjectNode src = MessageJson.checkedCopy((ObjectNode) n, 2, i);
            String role = MessageJson.requireString(src, i, "", "role");
            List<ObjectNode> nodes = new ArrayList<>(2);
            List<Integer> froms = new ArrayList<>(2);
            switch (role) {
                case "assistant" -> assistant(src, i, nodes, froms);
                case "tool" -> {
                    String callId = MessageJson.requireString(src, i, "", "tool_call_id");
                    JsonNode content = content(src, i);
                    ObjectNode r = Json.NODES.objectNode();
                    r.put("type", "custom_tool_call".equals(callTypes.get(callId))
                            ? "custom_tool_call_output" : "function_call_output");
                    r.put("call_id", callId);
                    r.set("output", content.isArray() ? partsToResponses(content, false) : content.deepCopy());
                    nodes.add(r);
                    froms.add(-1);
                }
                case "function" -> {
                    String name = MessageJson.requireString(src, i, "", "name");
                    JsonNode c = src.get("content");
                    if (c == null) {
                        throw MessageJson.error(i, "content", "missing");
                    }
                    if (!c.isNull() && !c.isTextual()) {
                        throw MessageJson.wrongType(i, "content", "a string or null", c);
                    }
                    ObjectNode r = Json.NODES.objectNode();
                    r.put("type", "function_call_output");
                    r.put("call_id", answerLegacy(name, i));
                    r.put("output", c.isNull() ? "" : c.textValue());
                    nodes.add(r);
                    froms.add(-1);
                }
                default -> {
                    JsonNode content = content(src, i);
                    ObjectNode m = Json.NODES.objectNode();
                    m.put("type", "message");
                    m.put("role", role);
                    m.set("content", content.isArray() ? partsToResponses(content, false) : content.deepCopy());
                    nodes.add(m);
                    froms.add(-1);
                }
            }
            Origin.Source source = new Origin.Source(Origin.CHAT, i, src, nodes.size());
            for (int k = 0; k < nodes.size(); k++) {
                ObjectNode node = nodes.get(k);
                items.add(ResponsesItems.classify(node, new Origin(source, k, froms.get(k), froms.get(k), node)));
            }
        }

        private void assistant(ObjectNode src, int i, List<ObjectNode> nodes, List<Integer> froms) {
            JsonNode content = src.get("content");
            if (content != null && !content.isNull()) {
                if (content.isArray()) {
                    MessageJson.checkParts(content, i, "content");
                } else if (!content.isTextual()) {
                    throw MessageJson.wrongType(i, "content", "a string, an array of content parts or null", content);
                }
            }
            String refusal = MessageJson.optionalString(src, i, "", "refusal");
            JsonNode calls = src.get("tool_calls");
            if (calls != null && !calls.isNull() && !calls.isArray()) {
                throw MessageJson.wrongType(i, "tool_calls", "an array", calls);
            }
            JsonNode legacy = src.get("function_call");
            if (legacy != null && !legacy.isNull() && !legacy.isObject()) {
                throw MessageJson.wrongType(i, "function_call", "an object or null", legacy);
            }
            boolean hasCalls = (calls != null && calls.isArray() && calls.size() > 0)
                    || (legacy != null && legacy.isObject());
            boolean hasText = content != null && (content.isTextual() ? !content.textValue().isEmpty()
                    : content.isArray() && content.size() > 0);
            if (hasText || refusal != null || !hasCalls) {
                ArrayNode parts = null;
                JsonNode c;
                if (refusal != null) {
                    parts = content != null && content.isArray() ? partsToResponses(content, true) : Json.NODES.arrayNode();
                    if (content != null && content.isTextual() && !content.textValue().isEmpty()) {
                        parts.addObject().put("type", "output_text").put("text", content.textValue());
                    }
                    parts.addObject().put("type", "refusal").put("refusal", refusal);
                    c = parts;
                } else if (content == null || content.isNull()) {
                    c = Json.NODES.textNode("");
                } else {
                    c = content.isArray() ? MessageJson.assistantContent(partsToResponses(content, true))
                            : content.deepCopy();
                }
                ObjectNode m = Json.NODES.objectNode();
                m.put("type", "message");
                m.put("role", "assistant");
                m.set("content", c);
                nodes.add(m);
                froms.add(-1);
            }
            if (calls != null && calls.isArray()) {
                for (int k = 0; k < calls.size(); k++) {
                    nodes.add(toolCall(calls.get(k), i, k));
                    froms.add(k);
                }
            }
            if (legacy != null && legacy.isObject()) {
                ObjectNode f = (ObjectNode) legacy;
                String name = MessageJson.requireString(f, i, "function_call.", "name");
                String args = MessageJson.requireString(f, i, "function_call.", "arguments");
                String callId = LEGACY_CALL_PREFIX + i;
                legacyOpen.addLast(new String[] {name, callId});
                nodes.add(functionCall(callId, name, args));
                froms.add(Origin.LEGACY_CALL);
            }
        }

        private ObjectNode toolCall(JsonNode call, int i, int k) {
            String path = "tool_calls[" + k + "].";
            if (!call.isObject()) {
                throw MessageJson.wrongType(i, "tool_calls[" + k + "]", "a tool call object", call);
            }
            ObjectNode c = (ObjectNode) call;
            String id = MessageJson.requireString(c, i, path, "id");
            String type = MessageJson.optionalString(c, i, path, "type");
            if (type == null || "function".equals(type)) {
                ObjectNode f = MessageJson.requireObject(c, i, path, "function");
                String name = MessageJson.requireString(f, i, path + "function.", "name");
                String args = MessageJson.requireString(f, i, path + "function.", "arguments");
                callTypes.put(id, "function_call");
                return functionCall(id, name, args);
            }
            if ("custom".equals(type)) {
                ObjectNode f = MessageJson.requireObject(c, i, path, "custom");
                String name = MessageJson.requireString(f, i, path + "custom.", "name");
                String input = MessageJson.requireString(f, i, path + "custom.", "input");
                callTypes.put(id, "custom_tool_call");
                ObjectNode n = Json.NODES.objectNode();
                n.put("type", "custom_tool_call");
                n.put("call_id", id);
                n.put("name", name);
                n.put("input", input);
                return n;
            }
            throw MessageJson.error(i, path + "type", "expected 'function' or 'custom' but found '" + type + "'");
        }

        /** The call id of the legacy call a {@code role: function} message answers. */
        private String answerLegacy(String name, int i) {
            for (Iterator<String[]> it = legacyOpen.iterator(); it.hasNext(); ) {
                String[] open = it.next();
                if (open[0].equals(name)) {
                    it.remove();
                    return open[1];
                }
            }
            String[] first = legacyOpen.pollFirst();
            return first != null ? first[1] : LEGACY_CALL_PREFIX + "unanswered_" + i;
        }

        /** The required content of a non-assistant message: a string or an array of parts. */
        private static JsonNode content(ObjectNode src, int i) {
            JsonNode c = src.get("content");
            if (c == null) {
                throw MessageJson.error(i, "content", "missing; a " + src.get("role").textValue() + " message needs content");
            }
            if (c.isArray()) {
                MessageJson.checkParts(c, i, "content");
                return c;
            }
            if (!c.isTextual()) {
                throw MessageJson.wrongType(i, "content", "a string or an array of content parts", c);
            }
            return c;
        }
    }

    private static ObjectNode functionCall(String callId, String name, String arguments) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("type", "function_call");
        n.put("call_id", callId);
        n.put("name", name);
        n.put("arguments", arguments);
        return n;
    }

    /** Chat content parts to their Responses form, for the algorithm and for token counting. */
    static ArrayNode partsToResponses(JsonNode parts, boolean assistant) {
        ArrayNode out = Json.NODES.arrayNode(parts.size());
        for (JsonNode p : parts) {
            String type = MessageJson.text(p, "type");
            ObjectNode q;
            switch (type == null ? "" : type) {
                case "text" -> {
                    q = ((ObjectNode) p).deepCopy();
                    q.put("type", assistant ? "output_text" : "input_text");
                }
                case "image_url" -> {
                    q = Json.NODES.objectNode();
                    q.put("type", "input_image");
                    JsonNode img = p.get("image_url");
                    String url = img != null && img.isTextual() ? img.textValue() : MessageJson.text(img, "url");
                    if (url != null) {
                        q.put("image_url", url);
                    }
                    String detail = MessageJson.text(img, "detail");
                    q.put("detail", detail != null ? detail : "auto");
                }
                case "file" -> {
                    q = Json.NODES.objectNode();
                    q.put("type", "input_file");
                    JsonNode f = p.get("file");
                    if (f != null && f.isObject()) {
                        f.fields().forEachRemaining(e -> q.set(e.getKey(), e.getValue().deepCopy()));
                    }
                }
                default -> q = ((ObjectNode) p).deepCopy();
            }
            out.add(q);
        }
        return out;
    }

    /** Responses content parts to their Chat form. */
    static ArrayNode partsToChat(JsonNode parts) {
        ArrayNode out = Json.NODES.arrayNode(parts.size());
        for (JsonNode p : parts) {
            if (!p.isObject()) {
                continue;
            }
            String type = MessageJson.text(p, "type");
            switch (type == null ? "" : type) {
                case "input_text", "output_text", "text", "summary_text", "reasoning_text" ->
                        out.addObject().put("type", "text").put("text", Objects.requireNonNullElse(MessageJson.text(p, "text"), ""));
                case "input_image" -> {
                    String url = MessageJson.text(p, "image_url");
                    if (url != null) {
                        ObjectNode q = out.addObject();
                        q.put("type", "image_url");
                        ObjectNode img = q.putObject("image_url");
                        img.put("url", url);
                        String detail = MessageJson.text(p, "detail");
                        if (detail != null && !"auto".equals(detail)) {
                            img.put("detail", detail);
                        }
                    } else {
                        out.addObject().put("type", "text").put("text", "[image " + MessageJson.text(p, "file_id") + "]");
                    }
                }
                case "input_file" -> {
                    if (p.has("file_url") && !p.has("file_data") && !p.has("file_id")) {
                        out.addObject().put("type", "text").put("text", "[file " + MessageJson.text(p, "file_url") + "]");
                    } else {
                        ObjectNode q = out.addObject();
                        q.put("type", "file");
                        ObjectNode f = q.putObject("file");
                        for (String k : new String[] {"file_id", "file_data", "filename"}) {
                            if (p.hasNonNull(k)) {
                                f.set(k, p.get(k).deepCopy());
                            }
                        }
                    }
                }
                default -> out.add(p.deepCopy());
            }
        }
        return out;
    }

    /** A message's or result's content in Chat form: a string stays a string. */
    private static JsonNode chatContent(JsonNode content) {
        if (content == null || content.isNull()) {
            return Json.NODES.textNode("");
        }
        return content.isArray() ? partsToChat(content) : content.deepCopy();
    }

    // ---------------------------------------------------------------------------------------
    // writing

    private static final class Writer {
        final List<JsonNode> out = new ArrayList<>();
        /** The last assistant message converted from items without a Chat origin; calls join it. */
        ObjectNode open;

        List<JsonNode> write(List<? extends Item> items) {
            int n = items.size();
            int i = 0;
            while (i < n) {
                Item it = Objects.requireNonNull(items.get(i), "item");
                Origin o = Origin.of(it);
                if (o != null && Origin.CHAT.equals(o.source.format)) {
                    int j = i + 1;
                    while (j < n && Origin.of(items.get(j)) != null && Origin.of(items.get(j)).source == o.source
                            && Origin.of(items.get(j)).piece > Origin.of(items.get(j - 1)).piece) {
                        j++;
                    }
                    JsonNode m = rebuild(items.subList(i, j), i);
                    if (m != null) {
                        out.add(m);
                    }
                    open = null;
                    i = j;
                } else {
                    convert(it, i);
                    i++;
                }
            }
            return out;
        }

        private JsonNode rebuild(List<? extends Item> group, int firstIndex) {
            Origin.Source s = Origin.of(group.get(0)).source;
            if (Origin.unchangedGroup(group)) {
                return s.json;
            }
            ObjectNode m = s.json.deepCopy();
            if (!"assistant".equals(MessageJson.text(m, "role"))) {
                Item it = group.get(0);
                if (it instanceof ToolResult r && "function".equals(MessageJson.text(m, "role"))) {
                    m.put("content", r.outputText());
                } else if (it instanceof ToolResult r) {
                    m.put("tool_call_id", r.callId());
                    m.set("content", chatContent(((JsonItem) r).node.get("output")));
                } else if (it instanceof Message msg) {
                    m.put("role", msg.role());
                    m.set("content", chatContent(((JsonItem) msg).node.get("content")));
                } else {
                    // changed into something else entirely: write what it is now
                    convert(it, firstIndex);
                    return null;
                }
                return m;
            }
            Message text = null;
            List<Item> calls = new ArrayList<>();
            Item legacy = null;
            for (Item it : group) {
                int from = Origin.of(it).from;
                if (from == -1 && it instanceof Message msg) {
                    text = msg;
                } else if (from == Origin.LEGACY_CALL) {
                    legacy = it;
                } else if (from >= 0) {
                    calls.add(it);
                }
            }
            if (text == null) {
                // the text was dropped; an empty string stays, since no piece was made for it
                JsonNode c = m.get("content");
                if (c != null && !c.isNull() && !(c.isTextual() && c.textValue().isEmpty())) {
                    m.putNull("content");
                }
                if (m.hasNonNull("refusal")) {
                    m.putNull("refusal");
                }
            } else if (!Origin.of(text).sameContent(((JsonItem) text).node)) {
                // the message's own content (and refusal) stand unless the item's content changed
                setAssistantContent(m, text);
            }
            JsonNode srcCalls = s.json.get("tool_calls");
            if (srcCalls != null && srcCalls.isArray()) {
                ArrayNode kept = Json.NODES.arrayNode();
                for (Item it : calls) {
                    ObjectNode c = ((ObjectNode) srcCalls.get(Origin.of(it).from)).deepCopy();
                    if (!Origin.of(it).unchanged(((JsonItem) it).node) && it instanceof ToolCall call) {
                        c.put("id", call.callId());
                        ObjectNode f = (ObjectNode) (c.has("custom") ? c.get("custom") : c.get("function"));
                        f.put("name", call.toolName());
                        f.put(c.has("custom") ? "input" : "arguments", call.arguments());
                    }
                    kept.add(c);
                }
                if (kept.isEmpty()) {
                    m.remove("tool_calls");
                } else {
                    m.set("tool_calls", kept);
                }
            }
            if (legacy == null) {
                if (m.hasNonNull("function_call")) {
                    m.remove("function_call");
                }
            } else if (!Origin.of(legacy).unchanged(((JsonItem) legacy).node) && legacy instanceof ToolCall call) {
                ObjectNode f = (ObjectNode) m.get("function_call");
                f.put("name", call.toolName());
                f.put("arguments", call.arguments());
            }
            return m;
        }

        private static void setAssistantContent(ObjectNode m, Message text) {
            JsonNode c = ((JsonItem) text).node.get("content");
            if (m.hasNonNull("refusal") && c != null && c.isArray()) {
                // the refusal was read into the last part; put it back in its own field
                ArrayNode parts = ((ArrayNode) c).deepCopy();
                String refusal = null;
                if (parts.size() > 0 && "refusal".equals(MessageJson.text(parts.get(parts.size() - 1), "type"))) {
                    refusal = MessageJson.text(parts.remove(parts.size() - 1), "refusal");
                }
                if (refusal != null) {
                    m.put("refusal", refusal);
                } else {
                    m.putNull("refusal");
                }
                JsonNode srcContent = m.get("content");
                if (parts.isEmpty()) {
                    m.set("content", srcContent == null || srcContent.isNull() ? Json.NODES.nullNode() : Json.NODES.textNode(""));
                } else if (srcContent != null && srcContent.isTextual() && parts.size() == 1) {
                    m.put("content", Objects.requireNonNullElse(MessageJson.text(parts.get(0), "text"), ""));
                } else {
                    m.set("content", partsToChat(parts));
                }
                return;
            }
            m.set("content", chatContent(c));
        }

        private void convert(Item it, int index) {
            if (it instanceof Message msg) {
                ObjectNode m = Json.NODES.objectNode();
                m.put("role", msg.role().isEmpty() ? "user" : msg.role());
                m.set("content", chatContent(((JsonItem) msg).node.get("content")));
                out.add(m);
                open = Message.ASSISTANT.equals(msg.role()) ? m : null;
            } else if (it instanceof ToolCall call && ("function_call".equals(call.type())
                    || "custom_tool_call".equals(call.type()))) {
                if (open == null) {
                    open = Json.NODES.objectNode();
                    open.put("role", "assistant");
                    open.putNull("content");
                    out.add(open);
                }
                ArrayNode calls = open.has("tool_calls") ? (ArrayNode) open.get("tool_calls") : open.putArray("tool_calls");
                ObjectNode c = calls.addObject();
                c.put("id", call.callId());
                if ("custom_tool_call".equals(call.type())) {
                    c.put("type", "custom");
                    c.putObject("custom").put("name", call.toolName()).put("input", call.arguments());
                } else {
                    c.put("type", "function");
                    c.putObject("function").put("name", call.toolName()).put("arguments", call.arguments());
                }
            } else if (it instanceof ToolResult r && ("function_call_output".equals(r.type())
                    || "custom_tool_call_output".equals(r.type()))) {
                ObjectNode m = Json.NODES.objectNode();
                m.put("role", "tool");
                m.put("tool_call_id", r.callId());
                m.set("content", chatContent(((JsonItem) r).node.get("output")));
                out.add(m);
                open = null;
            } else if (it instanceof Reasoning) {
                // Chat Completions takes no reasoning items: the model's reasoning stays behind
                return;
            } else if (CompactionBlock.isBlock(it)) {
                // Anthropic's summary is readable: it goes on as a marked user message
                convert(CompactionBlock.of(it).orElseThrow().toSummaryMessage(), index);
            } else if (it instanceof Compaction) {
                throw new InvalidConversationException(index, "type", "an OpenAI compaction item has no Chat "
                        + "Completions form; only OpenAI's Responses API can read it (summarize the conversation instead)");
            } else {
                throw new InvalidConversationException(index, "type", "a '" + it.type()
                        + "' item has no Chat Completions form");
            }
        }
    }
}
