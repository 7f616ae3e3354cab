package io.github.compact4j.langchain4j;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.InvalidConversationException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts LangChain4j {@link ChatMessage}s to compact4j {@link Item}s and back, through the
 * Chat Completions message shape ({@link ChatCompletionsMessages}): a {@link SystemMessage} is a
 * system message, a {@link UserMessage} a user message, an {@link AiMessage} an assistant message
 * with its {@link ToolExecutionRequest}s as {@code tool_calls}, a
 * {@link ToolExecutionResultMessage} a {@code role: tool} message.
 *
 * <pre>{@code
 * List<Item> items = LangChain4jMessages.toItems(chatMemory.messages());
 * List<ChatMessage> back = LangChain4jMessages.fromItems(items);   // equal to the messages
 * }</pre>
 *
 * <p>Everything LangChain4j keeps on a message travels with its items, so items converted back
 * give equal messages, and an item a compactor edited (a masked tool output) gives its message
 * back with only that part changed. What Chat Completions has no field for rides along in
 * fields of its own ({@code name}, and {@code langchain4j_*} for thinking, attributes, tool
 * names and error flags, a missing tool call id, and non-text contents in LangChain4j's own
 * JSON). Those fields live in the items' source messages, so a journal written as JSON keeps the
 * Chat Completions part only: see {@code docs/integrations.md} for the full list.
 */
public final class LangChain4jMessages {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    static final String CUSTOM_ROLE = "langchain4j_custom";
    static final String ATTRIBUTES = "langchain4j_attributes";
    static final String THINKING = "langchain4j_thinking";
    static final String TOOL_NAME = "langchain4j_tool_name";
    static final String IS_ERROR = "langchain4j_is_error";
    static final String NO_ID = "langchain4j_no_id";
    static final String NO_ARGUMENTS = "langchain4j_no_arguments";
    static final String CONTENT = "langchain4j_content";
    private static final String SYNTHETIC_ID = "langchain4j_call_";

    private LangChain4jMessages() {}

    /**
     * @param messages LangChain4j messages, in order
     * @return the items, unmodifiable
     * @throws NullPointerException when the list or a message is null
     * @throws InvalidConversationException when a message has no item form (a tool call without
     *     a name)
     */
    public static List<Item> toItems(List<? extends ChatMessage> messages) {
        List<Item> out = new ArrayList<>();
        for (List<Item> g : toItemGroups(messages)) {
            out.addAll(g);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * @param items items made by {@link #toItems(List)}, possibly compacted, or from anywhere
     * @return the messages
     * @throws InvalidConversationException when an item has no Chat Completions form (an OpenAI
     *     compaction item, a hosted tool call)
     */
    public static List<ChatMessage> fromItems(List<? extends Item> items) {
        ArrayNode chat = ChatCompletionsMessages.toJsonNode(items);
        List<ChatMessage> out = new ArrayList<>(chat.size());
        Map<String, String> toolNames = new HashMap<>();
        for (JsonNode m : chat) {
            out.add(fromChat((ObjectNode) m, toolNames));
        }
        return out;
    }

    /** The items of each message, one list per message, so the memory knows which items are whose. */
    static List<List<Item>> toItemGroups(List<? extends ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        List<List<Item>> groups = new ArrayList<>(messages.size());
        Ids ids = new Ids();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m == null) {
                throw new NullPointerException("message " + i + " is null");
            }
            ArrayNode one = NODES.arrayNode(1);
            one.add(toChat(m, ids));
            List<Item> items;
            try {
                items = ChatCompletionsMessages.fromJsonNode(one);
            } catch (InvalidConversationException e) {
                throw new InvalidConversationException("message", i, e.field().orElse(null),
                        "this " + m.type() + " message has no Chat Completions form: " + e.summary(), e);
            }
            groups.add(items);
        }
        return groups;
    }

    // ------------------------------------------------------------------------------------------
    // LangChain4j to Chat Completions

    /** Call ids for requests that have none: LangChain4j allows it, a Chat Completions pair needs one. */
    private static final class Ids {
        int next;
        final Deque<String[]> open = new ArrayDeque<>();

        String forRequest(ToolExecutionRequest r) {
            String id = SYNTHETIC_ID + next++;
            open.addLast(new String[] {r.name(), id});
            return id;
        }

        String forResult(String toolName) {
            for (Iterator<String[]> it = open.iterator(); it.hasNext(); ) {
                String[] o = it.next();
                if (Objects.equals(o[0], toolName)) {
                    it.remove();
                    return o[1];
                }
            }
            String[] first = open.pollFirst();
            return first != null ? first[1] : SYNTHETIC_ID + "unanswered_" + next++;
        }
    }

    private static ObjectNode toChat(ChatMessage message, Ids ids) {
        ObjectNode m = NODES.objectNode();
        if (message instanceof SystemMessage s) {
            m.put("role", "system");
            m.put("content", s.text());
        } else if (message instanceof UserMessage u) {
            m.put("role", "user");
            m.set("content", contents(u.contents()));
            if (u.name() != null) {
                m.put("name", u.name());
            }
            attributes(m, u.attributes());
        } else if (message instanceof AiMessage a) {
            m.put("role", "assistant");
            if (a.text() == null) {
                m.putNull("content");
            } else {
                m.put("content", a.text());
            }
            if (a.hasToolExecutionRequests()) {
                ArrayNode calls = m.putArray("tool_calls");
                for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                    ObjectNode c = calls.addObject();
                    if (r.id() == null) {
                        c.put("id", ids.forRequest(r));
                        c.put(NO_ID, true);
                    } else {
                        c.put("id", r.id());
                    }
                    c.put("type", "function");
                    ObjectNode f = c.putObject("function");
                    f.put("name", r.name() == null ? "" : r.name());
                    f.put("arguments", r.arguments() == null ? "" : r.arguments());
                    if (r.arguments() == null) {
                        c.put(NO_ARGUMENTS, true);
                    }
                }
            }
            if (a.thinking() != null) {
                m.put(THINKING, a.thinking());
            }
            attributes(m, a.attributes());
        } else if (message instanceof ToolExecutionResultMessage t) {
            m.put("role", "tool");
            if (t.id() == null) {
                m.put("tool_call_id", ids.forResult(t.toolName()));
                m.put(NO_ID, true);
            } else {
                m.put("tool_call_id", t.id());
            }
            m.set("content", contents(t.contents()));
            if (t.toolName() != null) {
                m.put(TOOL_NAME, t.toolName());
            }
            if (t.isError() != null) {
                m.put(IS_ERROR, t.isError());
            }
            attributes(m, t.attributes());
        } else if (message instanceof CustomMessage c) {
            m.put("role", CUSTOM_ROLE);
            m.put("content", "");
            m.set(ATTRIBUTES, JSON.valueToTree(c.attributes()));
        } else {
            throw new InvalidConversationException("message", null, "type",
                    "a " + message.getClass().getName() + " is not a LangChain4j message type compact4j knows", null);
        }
        return m;
    }

    private static void attributes(ObjectNode m, Map<String, Object> attributes) {
        if (attributes != null && !attributes.isEmpty()) {
            m.set(ATTRIBUTES, JSON.valueToTree(attributes));
        }
    }

    /** One text content is a string; anything else is an array of parts. */
    private static JsonNode contents(List<Content> contents) {
        if (contents.size() == 1 && contents.get(0) instanceof TextContent t) {
            return NODES.textNode(t.text());
        }
        ArrayNode parts = NODES.arrayNode(contents.size());
        for (Content c : contents) {
            if (c instanceof TextContent t) {
                parts.addObject().put("type", "text").put("text", t.text());
            } else if (c instanceof ImageContent i && (i.image().url() != null || i.image().base64Data() != null)) {
                ObjectNode p = parts.addObject();
                p.put("type", "image_url");
                ObjectNode img = p.putObject("image_url");
                img.put("url", i.image().url() != null ? i.image().url().toString()
                        : "data:" + Objects.requireNonNullElse(i.image().mimeType(), "image/png") + ";base64,"
                                + i.image().base64Data());
                if (i.detailLevel() != null) {
                    img.put("detail", i.detailLevel().name().toLowerCase(java.util.Locale.ROOT));
                }
                p.set(CONTENT, lc4jJson(c));
            } else {
                ObjectNode p = parts.addObject();
                p.put("type", CONTENT);
                p.set(CONTENT, lc4jJson(c));
            }
        }
        return parts;
    }

    /** A content in LangChain4j's own JSON, which reads back to an equal content. */
    private static JsonNode lc4jJson(Content c) {
        try {
            return JSON.readTree(ChatMessageSerializer.messageToJson(UserMessage.from(c))).get("contents").get(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Content fromLc4jJson(JsonNode content) {
        ObjectNode m = NODES.objectNode();
        m.put("type", "USER");
        m.putArray("contents").add(content.deepCopy());
        return ((UserMessage) ChatMessageDeserializer.messageFromJson(m.toString())).contents().get(0);
    }

    // ------------------------------------------------------------------------------------------
    // Chat Completions to LangChain4j

    private static ChatMessage fromChat(ObjectNode m, Map<String, String> toolNames) {
        String role = m.path("role").asText();
        switch (role) {
            case "system", "developer" -> {
                return SystemMessage.from(text(m.get("content")));
            }
            case "assistant" -> {
                AiMessage.Builder b = AiMessage.builder();
                JsonNode content = m.get("content");
                if (content != null && !content.isNull()) {
                    b.text(text(content));
                }
                JsonNode calls = m.get("tool_calls");
                if (calls != null && calls.isArray() && calls.size() > 0) {
                    List<ToolExecutionRequest> requests = new ArrayList<>(calls.size());
                    for (JsonNode c : calls) {
                        JsonNode f = c.has("function") ? c.get("function") : c.path("custom");
                        String name = f.path("name").asText();
                        String id = c.path("id").asText();
                        toolNames.put(id, name);
                        requests.add(ToolExecutionRequest.builder()
                                .id(c.path(NO_ID).asBoolean() ? null : id)
                                .name(name)
                                .arguments(c.path(NO_ARGUMENTS).asBoolean() ? null
                                        : f.has("arguments") ? f.path("arguments").asText() : f.path("input").asText())
                                .build());
                    }
                    b.toolExecutionRequests(requests);
                }
                if (m.hasNonNull(THINKING)) {
                    b.thinking(m.get(THINKING).asText());
                }
                b.attributes(attributesOf(m));
                return b.build();
            }
            case "tool" -> {
                String id = m.path("tool_call_id").asText();
                ToolExecutionResultMessage.Builder b = ToolExecutionResultMessage.builder()
                        .id(m.path(NO_ID).asBoolean() ? null : id)
                        .toolName(m.hasNonNull(TOOL_NAME) ? m.get(TOOL_NAME).asText() : toolNames.get(id));
                JsonNode content = m.get("content");
                if (content == null || content.isNull() || content.isTextual()) {
                    b.text(content == null || content.isNull() ? "" : content.textValue());
                } else {
                    b.contents(contentsOf(content));
                }
                if (m.hasNonNull(IS_ERROR)) {
                    b.isError(m.get(IS_ERROR).asBoolean());
                }
                b.attributes(attributesOf(m));
                return b.build();
            }
            case CUSTOM_ROLE -> {
                return CustomMessage.from(attributesOf(m));
            }
            default -> {
                // user, and roles only other sources write: LangChain4j reads them as the user's
                UserMessage.Builder b = UserMessage.builder();
                JsonNode content = m.get("content");
                if (content != null && content.isArray()) {
                    b.contents(contentsOf(content));
                } else {
                    b.contents(new ArrayList<>(List.of(TextContent.from(text(content)))));
                }
                if (m.hasNonNull("name")) {
                    b.name(m.get("name").asText());
                }
                b.attributes(attributesOf(m));
                return b.build();
            }
        }
    }

    private static List<Content> contentsOf(JsonNode parts) {
        List<Content> out = new ArrayList<>(parts.size());
        for (JsonNode p : parts) {
            if (p.hasNonNull(CONTENT)) {
                out.add(fromLc4jJson(p.get(CONTENT)));
                continue;
            }
            String type = p.path("type").asText();
            if ("image_url".equals(type)) {
                JsonNode img = p.get("image_url");
                String url = img.isTextual() ? img.textValue() : img.path("url").asText();
                String detail = img.path("detail").asText(null);
                ImageContent.DetailLevel level = detail == null ? ImageContent.DetailLevel.LOW
                        : ImageContent.DetailLevel.valueOf(detail.toUpperCase(java.util.Locale.ROOT));
                if (url.startsWith("data:") && url.contains(";base64,")) {
                    String mime = url.substring("data:".length(), url.indexOf(";base64,"));
                    out.add(ImageContent.from(url.substring(url.indexOf(";base64,") + ";base64,".length()), mime, level));
                } else {
                    out.add(ImageContent.from(url, level));
                }
            } else if (p.has("text")) {
                out.add(TextContent.from(p.path("text").asText()));
            } else {
                // a part LangChain4j has no content type for (a file from another source): kept as its JSON
                out.add(TextContent.from(p.toString()));
            }
        }
        return out;
    }

    private static Map<String, Object> attributesOf(ObjectNode m) {
        JsonNode a = m.get(ATTRIBUTES);
        if (a == null || !a.isObject()) {
            return new LinkedHashMap<>();
        }
        return JSON.convertValue(a, MAP);
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : content) {
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
}
