package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Converts between the Anthropic Messages format ({@code messages} of {@code POST /v1/messages},
 * with the {@code system} prompt beside it) and {@link Item}s, losslessly: reading a conversation
 * and writing its items back gives the same JSON.
 *
 * <pre>{@code
 * List<Item> items = AnthropicMessages.fromJson(messagesJson);          // no system prompt
 * List<Item> all = AnthropicConversation.fromJson(requestBody).items(); // system prompt first
 * AnthropicConversation back = AnthropicMessages.toConversation(compacted);
 * }</pre>
 *
 * <p><b>How messages become items.</b> A message whose content is a string is one
 * {@link Message}. A message with content blocks becomes one item per block, in order, except that
 * consecutive content blocks ({@code text}, {@code image}, {@code document},
 * {@code search_result}) make one {@link Message} (an assistant's text blocks alone make string
 * content, joined with newlines, the form the Responses API takes for an assistant message
 * without an {@code id}): {@code tool_use} is a {@link ToolCall}
 * ({@code function_call}, its {@code input} object as the arguments text), {@code tool_result} a
 * {@link ToolResult} paired by {@code tool_use_id} (its {@code is_error} flag kept on the item),
 * {@code thinking} and {@code redacted_thinking} a {@link Reasoning} (the thinking text as
 * reasoning content, or the redacted data as encrypted content, and the rest of the block, its
 * type and signature, in the item's {@value #THINKING_BLOCK_FIELD} field), and any other block (server tool use, web search results, types
 * added later) an {@link OpaqueItem} of type {@code anthropic_block} wrapping the block. The
 * system prompt, when given, is one leading {@code system} message; a {@code system} message
 * inside the array (text only) is a {@code system} {@link Message} where it stands.
 *
 * <p><b>How items become messages again.</b> As with {@link ChatCompletionsMessages}: the items of
 * one message, next to each other and unchanged, are written as that message exactly as it was
 * read; changed or missing pieces rebuild it from the original, so {@code cache_control},
 * {@code citations} and signatures survive. Items from elsewhere are converted: messages keep
 * their text and attachments as blocks, calls become {@code tool_use} blocks of an assistant
 * message and results {@code tool_result} blocks of a user message (consecutive converted items of
 * one role share a message), {@code system} and {@code developer} messages at the start become
 * the system prompt and later ones {@code system} messages inside the array, a reasoning item
 * made from a thinking block (one read back from a journal, which keeps no origin) is that block
 * again, rebuilt from its own JSON, and reasoning from other providers is left out (Anthropic
 * cannot verify it). Items with no Anthropic form are rejected with an
 * {@link InvalidConversationException} naming their index.
 */
public final class AnthropicMessages {

    /** The item type wrapping an Anthropic block that has no counterpart in the item model. */
    public static final String OPAQUE_BLOCK_TYPE = "anthropic_block";

    /**
     * The field of a reasoning item made from a {@code thinking} or {@code redacted_thinking} block
     * that keeps the rest of the block: the block less its text or data, which the item holds as
     * its reasoning content or encrypted content, e.g.
     * {@code "anthropic":{"type":"thinking","signature":"EqQB..."}}. With it the item's own JSON
     * ({@link Item#toJson()}, what a journal keeps) is enough to write the block back exactly,
     * signature and all. It is compact4j's, no API's: {@link ResponsesItems} refuses such an item
     * while it knows where it came from (or writes it without the field when it was given an id),
     * and Chat Completions takes no reasoning.
     */
    public static final String THINKING_BLOCK_FIELD = "anthropic";

    private static final Set<String> CONTENT_BLOCKS = Set.of("text", "image", "document", "search_result");

    private AnthropicMessages() {}

    /**
     * Parses an Anthropic {@code messages} array (no system prompt; see
     * {@link AnthropicConversation#items()} for one).
     *
     * @param json the JSON array
     * @return the items, unmodifiable
     * @throws InvalidConversationException when the JSON is malformed or a message is invalid
     */
    public static List<Item> fromJson(String json) {
        return fromJsonNode(MessageJson.parse(json));
    }

    /**
     * Converts a Jackson {@code messages} array (copied).
     *
     * <p>The tree is held to the limits text is held to: 1000 levels of nesting, counting the array
     * itself as the first, strings of 32 Mi characters, field names of 50,000 characters, numbers
     * of 1000 digits.
     *
     * @param messages the array
     * @return the items, unmodifiable
     * @throws InvalidConversationException when it is not an array, a message is invalid, or a
     *     message breaks one of those limits (the exception names the message and its field)
     */
    public static List<Item> fromJsonNode(JsonNode messages) {
        return read(null, messages, 2);
    }

    /**
     * @param conversation a system prompt and messages
     * @return the items: the system prompt as a leading {@code system} message, then the messages
     * @throws InvalidConversationException when a message or the system prompt is invalid
     */
    public static List<Item> fromConversation(AnthropicConversation conversation) {
        return conversation.items();
    }

    /**
     * Writes items as an Anthropic conversation: leading {@code system}/{@code developer}
     * messages (and the system prompt read by {@link AnthropicConversation#items()}) as the
     * {@code system} prompt, the rest as {@code messages}.
     *
     * @param items the items
     * @return the conversation
     * @throws InvalidConversationException when an item has no Anthropic form
     */
    public static AnthropicConversation toConversation(List<? extends Item> items) {
        Writer w = new Writer();
        w.write(items);
        return AnthropicConversation.written(w.system(), w.messages);
    }

    /**
     * Writes items as an Anthropic {@code messages} array.
     *
     * @param items items without a system prompt
     * @return the JSON array, compact
     * @throws InvalidConversationException when an item has no Anthropic form, or would be the
     *     system prompt (use {@link #toConversation(List)} for those)
     */
    public static String toJson(List<? extends Item> items) {
        try {
            return Json.MAPPER.writeValueAsString(toJsonNode(items));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes items as a Jackson {@code messages} array.
     *
     * @param items items without a system prompt
     * @return a new array
     * @throws InvalidConversationException as {@link #toJson(List)}
     */
    public static ArrayNode toJsonNode(List<? extends Item> items) {
        Writer w = new Writer();
        w.write(items);
        if (w.firstSystemIndex >= 0) {
            throw new InvalidConversationException(w.firstSystemIndex, "role", "this item is the system prompt, which "
                    + "an Anthropic messages array cannot hold; use AnthropicMessages.toConversation(items)");
        }
        return w.messages.deepCopy();
    }

    // ---------------------------------------------------------------------------------------
    // reading

    /**
     * @param system the system prompt, or null; already within the nesting limit
     * @param messages the messages array
     * @param messageDepth the level of each message in its document, for the nesting check
     */
    static List<Item> read(JsonNode system, JsonNode messages, int messageDepth) {
        if (messages == null || !messages.isArray()) {
            throw MessageJson.error(null, null, "expected a JSON array of messages but found "
                    + ResponsesItems.kind(messages));
        }
        List<Item> items = new ArrayList<>(messages.size() + 1);
        if (system != null && !system.isNull()) {
            items.add(readSystem(system));
        }
        for (int i = 0; i < messages.size(); i++) {
            readMessage(messages.get(i), i, messageDepth, items);
        }
        return Collections.unmodifiableList(items);
    }

    private static Item readSystem(JsonNode system) {
        ObjectNode m = Json.NODES.objectNode();
        m.put("type", "message");
        m.put("role", Message.SYSTEM);
        if (system.isTextual()) {
            m.put("content", system.textValue());
        } else if (system.isArray()) {
            ArrayNode parts = m.putArray("content");
            for (int k = 0; k < system.size(); k++) {
                JsonNode b = system.get(k);
                if (!b.isObject()) {
                    throw MessageJson.wrongType(null, "system[" + k + "]", "a text block", b);
                }
                MessageJson.requireString((ObjectNode) b, null, "system[" + k + "].", "text");
                parts.addObject().put("type", "input_text").put("text", b.get("text").textValue());
            }
        } else {
            throw MessageJson.wrongType(null, "system", "a string or an array of text blocks", system);
        }
        ObjectNode wrapper = Json.NODES.objectNode();
        wrapper.set("system", system.deepCopy());
        Origin.Source source = new Origin.Source(Origin.ANTHROPIC_SYSTEM, -1, wrapper, 1);
        return ResponsesItems.classify(m, new Origin(source, 0, -1, -1, m));
    }

    private static void readMessage(JsonNode n, int i, int depth, List<Item> items) {
        if (n == null || !n.isObject()) {
            throw MessageJson.wrongType(i, null, "a message object", n);
        }
        ObjectNode src = MessageJson.checkedCopy((ObjectNode) n, depth, i);
        String role = MessageJson.requireString(src, i, "", "role");
        if (!"user".equals(role) && !"assistant".equals(role) && !"system".equals(role)) {
            throw MessageJson.error(i, "role", "expected 'user', 'assistant' or 'system' but found '" + role + "'");
        }
        boolean assistant = "assistant".equals(role);
        JsonNode content = src.get("content");
        if (content == null) {
            throw MessageJson.error(i, "content", "missing");
        }
        if ("system".equals(role) && content.isArray()) {
            // a system message inside the array holds instructions: text, nothing else
            for (int k = 0; k < content.size(); k++) {
                JsonNode b = content.get(k);
                if (b.isObject() && b.get("type") != null && !"text".equals(b.get("type").asText())) {
                    throw MessageJson.error(i, "content[" + k + "].type", "a system message holds text blocks only, not '"
                            + b.get("type").asText() + "'");
                }
            }
        }
        List<ObjectNode> nodes = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        if (content.isTextual()) {
            nodes.add(message(role, content.deepCopy()));
            ranges.add(new int[] {-1, -1});
        } else if (content.isArray()) {
            MessageJson.checkParts(content, i, "content");
            int k = 0;
            while (k < content.size()) {
                JsonNode b = content.get(k);
                String type = b.get("type").textValue();
                if (CONTENT_BLOCKS.contains(type)) {
                    int end = k;
                    ArrayNode parts = Json.NODES.arrayNode();
                    while (end < content.size() && CONTENT_BLOCKS.contains(content.get(end).get("type").textValue())) {
                        parts.add(blockToPart(content.get(end), assistant, i, "content[" + end + "]"));
                        end++;
                    }
                    nodes.add(message(role, assistant ? MessageJson.assistantContent(parts) : parts));
                    ranges.add(new int[] {k, end});
                    k = end;
                    continue;
                }
                nodes.add(block((ObjectNode) b, i, "content[" + k + "]."));
                ranges.add(new int[] {k, k + 1});
                k++;
            }
            if (content.isEmpty()) {
                nodes.add(message(role, assistant ? Json.NODES.textNode("") : Json.NODES.arrayNode()));
                ranges.add(new int[] {0, 0});
            }
        } else {
            throw MessageJson.wrongType(i, "content", "a string or an array of content blocks", content);
        }
        Origin.Source source = new Origin.Source(Origin.ANTHROPIC, i, src, nodes.size());
        for (int k = 0; k < nodes.size(); k++) {
            ObjectNode node = nodes.get(k);
            items.add(ResponsesItems.classify(node, new Origin(source, k, ranges.get(k)[0], ranges.get(k)[1], node)));
        }
    }

    private static ObjectNode message(String role, JsonNode content) {
        ObjectNode m = Json.NODES.objectNode();
        m.put("type", "message");
        m.put("role", role);
        m.set("content", content);
        return m;
    }

    /** A block that is not plain content, as the item it stands for. */
    private static ObjectNode block(ObjectNode b, int i, String path) {
        String type = b.get("type").textValue();
        ObjectNode n = Json.NODES.objectNode();
        switch (type) {
            case "tool_use" -> {
                n.put("type", "function_call");
                n.put("call_id", MessageJson.requireString(b, i, path, "id"));
                n.put("name", MessageJson.requireString(b, i, path, "name"));
                JsonNode input = b.get("input");
                if (input == null) {
                    throw MessageJson.error(i, path + "input", "missing");
                }
                n.put("arguments", input.toString());
            }
            case "tool_result" -> {
                n.put("type", "function_call_output");
                n.put("call_id", MessageJson.requireString(b, i, path, "tool_use_id"));
                JsonNode c = b.get("content");
                if (c == null || c.isNull()) {
                    n.put("output", "");
                } else if (c.isTextual()) {
                    n.put("output", c.textValue());
                } else if (c.isArray()) {
                    MessageJson.checkParts(c, i, path + "content");
                    ArrayNode parts = n.putArray("output");
                    for (int k = 0; k < c.size(); k++) {
                        parts.add(blockToPart(c.get(k), false, i, path + "content[" + k + "]"));
                    }
                } else {
                    throw MessageJson.wrongType(i, path + "content", "a string or an array of content blocks", c);
                }
                JsonNode err = b.get("is_error");
                if (err != null && !err.isNull()) {
                    if (!err.isBoolean()) {
                        throw MessageJson.wrongType(i, path + "is_error", "a boolean", err);
                    }
                    n.put("is_error", err.booleanValue());
                }
            }
            case "thinking" -> {
                String thinking = MessageJson.requireString(b, i, path, "thinking");
                MessageJson.optionalString(b, i, path, "signature");
                n.put("type", "reasoning");
                n.putArray("summary");
                n.putArray("content").addObject().put("type", "reasoning_text").put("text", thinking);
                n.set(THINKING_BLOCK_FIELD, blockWithout(b, "thinking"));
            }
            case "redacted_thinking" -> {
                n.put("type", "reasoning");
                n.putArray("summary");
                n.put("encrypted_content", MessageJson.requireString(b, i, path, "data"));
                n.set(THINKING_BLOCK_FIELD, blockWithout(b, "data"));
            }
            default -> {
                n.put("type", OPAQUE_BLOCK_TYPE);
                n.set("block", b.deepCopy());
            }
        }
        return n;
    }

    /** The block less the field the item holds elsewhere: what {@link #THINKING_BLOCK_FIELD} keeps. */
    private static ObjectNode blockWithout(ObjectNode b, String held) {
        ObjectNode rest = b.deepCopy();
        rest.remove(held);
        return rest;
    }

    /**
     * The {@code thinking} or {@code redacted_thinking} block a reasoning item stands for, rebuilt
     * from the item's own JSON: the block's type, its text ({@code content}) or data
     * ({@code encrypted_content}), then the rest {@link #THINKING_BLOCK_FIELD} kept, in the order
     * Anthropic gives them.
     *
     * @return the block, or null when the item was not made from one (another provider's
     *     reasoning) or no longer holds what the block needs (its encrypted content dropped)
     */
    static ObjectNode thinkingBlock(Reasoning r) {
        JsonNode kept = r.node.get(THINKING_BLOCK_FIELD);
        String type = MessageJson.text(kept, "type");
        String held;
        JsonNode value;
        if ("thinking".equals(type)) {
            JsonNode content = r.node.get("content");
            held = "thinking";
            value = content != null && content.isArray() ? Json.NODES.textNode(r.contentText()) : null;
        } else if ("redacted_thinking".equals(type)) {
            held = "data";
            value = r.node.get("encrypted_content");
        } else {
            return null;
        }
        if (value == null || !value.isTextual()) {
            return null;
        }
        ObjectNode b = Json.NODES.objectNode();
        b.put("type", type);
        b.set(held, value);
        kept.fields().forEachRemaining(e -> {
            if (!"type".equals(e.getKey()) && !held.equals(e.getKey())) {
                b.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return b;
    }

    /** A content block as a Responses content part, so the algorithm and the token counter read it. */
    private static JsonNode blockToPart(JsonNode b, boolean assistant, int i, String path) {
        String type = MessageJson.text(b, "type");
        ObjectNode p = Json.NODES.objectNode();
        switch (type == null ? "" : type) {
            case "text" -> {
                MessageJson.requireString((ObjectNode) b, i, path + ".", "text");
                p.put("type", assistant ? "output_text" : "input_text");
                p.put("text", b.get("text").textValue());
            }
            case "image" -> {
                JsonNode s = b.get("source");
                p.put("type", "input_image");
                String st = MessageJson.text(s, "type");
                if ("base64".equals(st)) {
                    p.put("image_url", "data:" + MessageJson.text(s, "media_type") + ";base64," + MessageJson.text(s, "data"));
                } else if ("url".equals(st)) {
                    p.put("image_url", MessageJson.text(s, "url"));
                } else if ("file".equals(st)) {
                    p.put("file_id", MessageJson.text(s, "file_id"));
                }
                p.put("detail", "auto");
            }
            case "document" -> {
                JsonNode s = b.get("source");
                String st = MessageJson.text(s, "type");
                if ("text".equals(st)) {
                    p.put("type", "input_text");
                    p.put("text", Objects.requireNonNullElse(MessageJson.text(s, "data"), ""));
                } else if ("content".equals(st)) {
                    p.put("type", "input_text");
                    p.put("text", joinText(s.get("content")));
                } else {
                    p.put("type", "input_file");
                    if ("base64".equals(st)) {
                        p.put("file_data", "data:" + MessageJson.text(s, "media_type") + ";base64," + MessageJson.text(s, "data"));
                    } else if ("url".equals(st)) {
                        p.put("file_url", MessageJson.text(s, "url"));
                    } else if ("file".equals(st)) {
                        p.put("file_id", MessageJson.text(s, "file_id"));
                    }
                    String title = MessageJson.text(b, "title");
                    if (title != null) {
                        p.put("filename", title);
                    }
                }
            }
            case "search_result" -> {
                p.put("type", "input_text");
                String title = MessageJson.text(b, "title");
                String body = joinText(b.get("content"));
                p.put("text", title == null ? body : title + "\n" + body);
            }
            default -> {
                return b.deepCopy();
            }
        }
        return p;
    }

    private static String joinText(JsonNode blocks) {
        if (blocks == null) {
            return "";
        }
        if (blocks.isTextual()) {
            return blocks.textValue();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode x : blocks) {
            String t = MessageJson.text(x, "text");
            if (t != null) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(t);
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------
    // writing

    /** A Responses content part as an Anthropic content block. */
    static ObjectNode partToBlock(JsonNode p) {
        String type = MessageJson.text(p, "type");
        ObjectNode b = Json.NODES.objectNode();
        switch (type == null ? "" : type) {
            case "input_text", "output_text", "text", "summary_text", "reasoning_text" ->
                    b.put("type", "text").put("text", Objects.requireNonNullElse(MessageJson.text(p, "text"), ""));
            case "refusal" -> b.put("type", "text").put("text", Objects.requireNonNullElse(MessageJson.text(p, "refusal"), ""));
            case "input_image" -> {
                b.put("type", "image");
                b.set("source", source(MessageJson.text(p, "image_url"), MessageJson.text(p, "file_id"), "image/png"));
            }
            case "input_file" -> {
                b.put("type", "document");
                String data = MessageJson.text(p, "file_data");
                String url = MessageJson.text(p, "file_url");
                b.set("source", source(data != null ? data : url, MessageJson.text(p, "file_id"), "application/pdf"));
                String filename = MessageJson.text(p, "filename");
                if (filename != null) {
                    b.put("title", filename);
                }
            }
            default -> {
                return ((ObjectNode) p).deepCopy();
            }
        }
        return b;
    }

    /** An Anthropic {@code source}: base64 from a data URL, a URL, or a file id. */
    private static ObjectNode source(String urlOrData, String fileId, String defaultMediaType) {
        ObjectNode s = Json.NODES.objectNode();
        if (urlOrData != null && urlOrData.startsWith("data:") && urlOrData.contains(";base64,")) {
            int comma = urlOrData.indexOf(";base64,");
            s.put("type", "base64");
            s.put("media_type", urlOrData.substring("data:".length(), comma));
            s.put("data", urlOrData.substring(comma + ";base64,".length()));
        } else if (urlOrData != null && (urlOrData.startsWith("http://") || urlOrData.startsWith("https://"))) {
            s.put("type", "url");
            s.put("url", urlOrData);
        } else if (urlOrData != null) {
            s.put("type", "base64");
            s.put("media_type", defaultMediaType);
            s.put("data", urlOrData);
        } else {
            s.put("type", "file");
            s.put("file_id", Objects.requireNonNullElse(fileId, ""));
        }
        return s;
    }

    /** Content in Anthropic form: a string stays a string, parts become blocks. */
    private static JsonNode anthropicContent(JsonNode content) {
        if (content == null || content.isNull()) {
            return Json.NODES.textNode("");
        }
        if (content.isTextual()) {
            return content.deepCopy();
        }
        ArrayNode blocks = Json.NODES.arrayNode(content.size());
        for (JsonNode p : content) {
            if (p.isObject()) {
                blocks.add(partToBlock(p));
            }
        }
        return blocks;
    }

    private static final class Writer {
        final ArrayNode messages = Json.NODES.arrayNode();
        final List<JsonNode> systemParts = new ArrayList<>();
        int firstSystemIndex = -1;
        boolean leading = true;
        /** The last message converted from items without an Anthropic origin; same-role items join it. */
        ObjectNode open;

        void write(List<? extends Item> items) {
            int n = items.size();
            int i = 0;
            while (i < n) {
                Item it = Objects.requireNonNull(items.get(i), "item");
                Origin o = Origin.of(it);
                if (o != null && Origin.ANTHROPIC_SYSTEM.equals(o.source.format)) {
                    addSystem(i, o.unchanged(((JsonItem) it).node) || !(it instanceof Message)
                            ? o.source.json.get("system")
                            : systemContent(((JsonItem) it).node.get("content")));
                    i++;
                    continue;
                }
                if (leading && (o == null || !Origin.ANTHROPIC.equals(o.source.format))
                        && it instanceof Message m && m.isInstruction()) {
                    addSystem(i, systemContent(((JsonItem) it).node.get("content")));
                    i++;
                    continue;
                }
                leading = false;
                if (o != null && Origin.ANTHROPIC.equals(o.source.format)) {
                    int j = i + 1;
                    while (j < n && Origin.of(items.get(j)) != null && Origin.of(items.get(j)).source == o.source
                            && Origin.of(items.get(j)).piece > Origin.of(items.get(j - 1)).piece) {
                        j++;
                    }
                    messages.add(rebuild(items.subList(i, j), i));
                    open = null;
                    i = j;
                } else {
                    convert(it, i);
                    i++;
                }
            }
        }

        private void addSystem(int index, JsonNode content) {
            if (firstSystemIndex < 0) {
                firstSystemIndex = index;
            }
            systemParts.add(content);
        }

        /** System content: a string stays a string; parts become text blocks. */
        private static JsonNode systemContent(JsonNode content) {
            if (content != null && content.isTextual()) {
                return content.deepCopy();
            }
            ArrayNode blocks = Json.NODES.arrayNode();
            if (content != null && content.isArray()) {
                for (JsonNode p : content) {
                    String t = MessageJson.text(p, "text");
                    if (t != null) {
                        blocks.addObject().put("type", "text").put("text", t);
                    }
                }
            }
            return blocks;
        }

        JsonNode system() {
            if (systemParts.isEmpty()) {
                return null;
            }
            if (systemParts.size() == 1) {
                return systemParts.get(0);
            }
            ArrayNode blocks = Json.NODES.arrayNode();
            for (JsonNode s : systemParts) {
                if (s.isTextual()) {
                    blocks.addObject().put("type", "text").put("text", s.textValue());
                } else {
                    s.forEach(b -> blocks.add(b.deepCopy()));
                }
            }
            return blocks;
        }

        private JsonNode rebuild(List<? extends Item> group, int firstIndex) {
            Origin.Source s = Origin.of(group.get(0)).source;
            if (Origin.unchangedGroup(group)) {
                return s.json;
            }
            ObjectNode m = s.json.deepCopy();
            JsonNode src = s.json.get("content");
            if (src.isTextual()) {
                Item it = group.get(0);
                m.set("content", it instanceof Message ? anthropicContent(((JsonItem) it).node.get("content"))
                        : Json.NODES.arrayNode().add(asBlock(it, firstIndex)));
                return m;
            }
            ArrayNode blocks = Json.NODES.arrayNode();
            for (int g = 0; g < group.size(); g++) {
                Item it = group.get(g);
                Origin o = Origin.of(it);
                if (o.unchanged(((JsonItem) it).node) || it instanceof Reasoning
                        || it instanceof Message && o.sameContent(((JsonItem) it).node)) {
                    // unchanged, thinking, whose signature binds it to its exact text, or a message
                    // whose content is as it was read (its other fields have no Messages form)
                    for (int k = o.from; k < o.to; k++) {
                        blocks.add(src.get(k).deepCopy());
                    }
                } else if (it instanceof Message msg) {
                    JsonNode c = anthropicContent(((JsonItem) msg).node.get("content"));
                    if (c.isTextual()) {
                        blocks.addObject().put("type", "text").put("text", c.textValue());
                    } else {
                        blocks.addAll((ArrayNode) c);
                    }
                } else if (o.to == o.from + 1 && (it instanceof ToolCall || it instanceof ToolResult)) {
                    ObjectNode b = ((ObjectNode) src.get(o.from)).deepCopy();
                    ObjectNode fresh = asBlock(it, firstIndex + g);
                    fresh.fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue()));
                    blocks.add(b);
                } else {
                    blocks.add(asBlock(it, firstIndex + g));
                }
            }
            m.set("content", blocks);
            return m;
        }

        private void convert(Item it, int index) {
            String role;
            JsonNode add;
            if (it instanceof Reasoning r) {
                ObjectNode block = thinkingBlock(r);
                if (block == null) {
                    // another provider's reasoning cannot be verified by Anthropic: it stays behind
                    return;
                }
                // a thinking block whose item lost its origin (read back from a journal, say)
                role = "assistant";
                add = Json.NODES.arrayNode().add(block);
            } else if (it instanceof Message msg && msg.isInstruction()) {
                // past the leading ones, instructions are system messages inside the array
                role = "system";
                add = systemContent(((JsonItem) msg).node.get("content"));
            } else if (it instanceof Message msg) {
                role = Message.ASSISTANT.equals(msg.role()) ? "assistant" : "user";
                add = anthropicContent(((JsonItem) msg).node.get("content"));
            } else {
                ObjectNode b = asBlock(it, index);
                role = "tool_result".equals(MessageJson.text(b, "type")) ? "user" : "assistant";
                add = Json.NODES.arrayNode().add(b);
            }
            if (open != null && role.equals(MessageJson.text(open, "role"))) {
                JsonNode c = open.get("content");
                ArrayNode blocks;
                if (c.isTextual()) {
                    blocks = Json.NODES.arrayNode();
                    blocks.addObject().put("type", "text").put("text", c.textValue());
                    open.set("content", blocks);
                } else {
                    blocks = (ArrayNode) c;
                }
                if (add.isTextual()) {
                    blocks.addObject().put("type", "text").put("text", add.textValue());
                } else {
                    blocks.addAll((ArrayNode) add);
                }
                return;
            }
            open = Json.NODES.objectNode();
            open.put("role", role);
            open.set("content", add);
            messages.add(open);
        }

        /** A call, result or wrapped block as an Anthropic content block. */
        private static ObjectNode asBlock(Item it, int index) {
            ObjectNode b = Json.NODES.objectNode();
            if (it instanceof ToolCall call && ("function_call".equals(call.type())
                    || "custom_tool_call".equals(call.type()))) {
                b.put("type", "tool_use");
                b.put("id", call.callId());
                b.put("name", call.toolName());
                if ("custom_tool_call".equals(call.type())) {
                    b.putObject("input").put("input", call.arguments());
                } else {
                    b.set("input", argumentsObject(call.arguments(), index));
                }
            } else if (it instanceof ToolResult r && ("function_call_output".equals(r.type())
                    || "custom_tool_call_output".equals(r.type()))) {
                b.put("type", "tool_result");
                b.put("tool_use_id", r.callId());
                JsonNode out = ((JsonItem) r).node.get("output");
                b.set("content", anthropicContent(out));
                JsonNode err = ((JsonItem) r).node.get("is_error");
                if (err != null && err.isBoolean()) {
                    b.put("is_error", err.booleanValue());
                }
            } else if (it instanceof OpaqueItem o && OPAQUE_BLOCK_TYPE.equals(o.type())
                    && ((JsonItem) o).node.get("block") instanceof ObjectNode block) {
                return block.deepCopy();
            } else if (it instanceof Compaction) {
                throw new InvalidConversationException(index, "type", "an OpenAI compaction item has no Anthropic "
                        + "form; only OpenAI's Responses API can read it (summarize the conversation instead)");
            } else {
                throw new InvalidConversationException(index, "type", "a '" + it.type()
                        + "' item has no Anthropic Messages form");
            }
            return b;
        }

        private static JsonNode argumentsObject(String arguments, int index) {
            if (arguments == null || arguments.isBlank()) {
                return Json.NODES.objectNode();
            }
            try {
                JsonNode n = Json.MAPPER.readTree(arguments);
                if (n != null && n.isObject()) {
                    return n;
                }
            } catch (StreamConstraintsException e) {
                throw new InvalidConversationException(index, "arguments", "a JSON object beyond what the library"
                        + " reads: " + e.getOriginalMessage(), e);
            } catch (JsonProcessingException | NumberFormatException e) {
                // reported below, without the cause: a NumberFormatException quotes the number
            }
            throw new InvalidConversationException(index, "arguments",
                    "not a JSON object, which an Anthropic tool_use input must be");
        }
    }
}
