package io.github.compact4j.springai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.InvalidConversationException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.chat.messages.AbstractMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;

/**
 * Converts Spring AI {@link Message}s to compact4j {@link Item}s and back, through the Chat
 * Completions message shape ({@link ChatCompletionsMessages}): a {@link SystemMessage} is a system
 * message, a {@link UserMessage} a user message (its media as image or file parts), an
 * {@link AssistantMessage} an assistant message with its {@code ToolCall}s as {@code tool_calls},
 * and a {@link ToolResponseMessage} one {@code role: tool} message per response.
 *
 * <pre>{@code
 * List<Item> items = SpringAiMessages.toItems(chatMemory.get(conversationId));
 * List<Message> back = SpringAiMessages.fromItems(items);   // equal to the messages
 * }</pre>
 *
 * <p>Everything Spring AI keeps on a message travels with its items (metadata, media, tool call
 * types, tool names), in fields of their own ({@code spring_ai_*}) beside the Chat Completions
 * ones. Those live in the items' source messages: a journal written as JSON keeps the Chat
 * Completions part only. See {@code docs/integrations.md} for the full list.
 */
public final class SpringAiMessages {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    static final String METADATA = "spring_ai_metadata";
    static final String MEDIA = "spring_ai_media";
    static final String TOOL_NAME = "spring_ai_tool_name";
    static final String CALL_TYPE = "spring_ai_type";
    static final String SAME_MESSAGE = "spring_ai_same_message";
    static final String NO_ID = "spring_ai_no_id";
    private static final String SYNTHETIC_ID = "spring_ai_call_";

    private SpringAiMessages() {}

    /**
     * @param messages Spring AI messages, in order
     * @return the items, unmodifiable
     * @throws NullPointerException when the list or a message is null
     */
    public static List<Item> toItems(List<? extends Message> messages) {
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
    public static List<Message> fromItems(List<? extends Item> items) {
        ArrayNode chat = ChatCompletionsMessages.toJsonNode(items);
        List<Message> out = new ArrayList<>(chat.size());
        Map<String, String> toolNames = new HashMap<>();
        List<ToolResponseMessage.ToolResponse> responses = null;
        Map<String, Object> responseMetadata = null;
        for (JsonNode n : chat) {
            ObjectNode m = (ObjectNode) n;
            if ("tool".equals(m.path("role").asText())) {
                // a response starts a new message where it says so; without the mark (a journal read
                // from JSON), consecutive responses answer one assistant message, as Spring AI sends them
                if (responses == null || !m.path(SAME_MESSAGE).asBoolean(true)) {
                    if (responses != null) {
                        out.add(ToolResponseMessage.builder().responses(responses).metadata(responseMetadata).build());
                    }
                    responses = new ArrayList<>();
                    responseMetadata = metadataOf(m);
                }
                String id = m.path("tool_call_id").asText();
                responses.add(new ToolResponseMessage.ToolResponse(m.path(NO_ID).asBoolean() ? null : id,
                        m.hasNonNull(TOOL_NAME) ? m.get(TOOL_NAME).asText() : toolNames.get(id), text(m.get("content"))));
                continue;
            }
            if (responses != null) {
                out.add(ToolResponseMessage.builder().responses(responses).metadata(responseMetadata).build());
                responses = null;
            }
            out.add(fromChat(m, toolNames));
        }
        if (responses != null) {
            out.add(ToolResponseMessage.builder().responses(responses).metadata(responseMetadata).build());
        }
        return out;
    }

    /** The items of each message, one list per message. */
    static List<List<Item>> toItemGroups(List<? extends Message> messages) {
        Objects.requireNonNull(messages, "messages");
        List<List<Item>> groups = new ArrayList<>(messages.size());
        Ids ids = new Ids();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m == null) {
                throw new NullPointerException("message " + i + " is null");
            }
            ArrayNode chat = toChat(m, ids);
            List<Item> items = new ArrayList<>();
            for (JsonNode c : chat) {
                ArrayNode one = NODES.arrayNode(1);
                one.add(c);
                try {
                    items.addAll(ChatCompletionsMessages.fromJsonNode(one));
                } catch (InvalidConversationException e) {
                    throw new InvalidConversationException("message", i, e.field().orElse(null),
                            "this " + m.getMessageType() + " message has no Chat Completions form: " + e.summary(), e);
                }
            }
            groups.add(items);
        }
        return groups;
    }

    // ------------------------------------------------------------------------------------------
    // Spring AI to Chat Completions

    private static final class Ids {
        int next;
        final Deque<String[]> open = new ArrayDeque<>();

        String forCall(String name) {
            String id = SYNTHETIC_ID + next++;
            open.addLast(new String[] {name, id});
            return id;
        }

        String forResponse(String name) {
            for (Iterator<String[]> it = open.iterator(); it.hasNext(); ) {
                String[] o = it.next();
                if (Objects.equals(o[0], name)) {
                    it.remove();
                    return o[1];
                }
            }
            String[] first = open.pollFirst();
            return first != null ? first[1] : SYNTHETIC_ID + "unanswered_" + next++;
        }
    }

    private static ArrayNode toChat(Message message, Ids ids) {
        ArrayNode out = NODES.arrayNode(1);
        if (message instanceof ToolResponseMessage t) {
            boolean first = true;
            for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
                ObjectNode m = out.addObject();
                m.put("role", "tool");
                if (r.id() == null) {
                    m.put("tool_call_id", ids.forResponse(r.name()));
                    m.put(NO_ID, true);
                } else {
                    m.put("tool_call_id", r.id());
                }
                m.put("content", r.responseData() == null ? "" : r.responseData());
                if (r.name() != null) {
                    m.put(TOOL_NAME, r.name());
                }
                m.put(SAME_MESSAGE, !first);
                if (first) {
                    metadata(m, t.getMetadata());
                }
                first = false;
            }
            if (first) {
                throw new InvalidConversationException("message", null, "responses",
                        "a ToolResponseMessage without responses has no Chat Completions form", null);
            }
            return out;
        }
        ObjectNode m = out.addObject();
        if (message instanceof SystemMessage s) {
            m.put("role", "system");
            m.put("content", Objects.requireNonNullElse(s.getText(), ""));
        } else if (message instanceof UserMessage u) {
            m.put("role", "user");
            if (u.getMedia().isEmpty()) {
                m.put("content", Objects.requireNonNullElse(u.getText(), ""));
            } else {
                ArrayNode parts = m.putArray("content");
                parts.addObject().put("type", "text").put("text", Objects.requireNonNullElse(u.getText(), ""));
                for (Media media : u.getMedia()) {
                    parts.add(mediaPart(media));
                }
            }
        } else if (message instanceof AssistantMessage a) {
            m.put("role", "assistant");
            if (a.getText() == null) {
                m.putNull("content");
            } else {
                m.put("content", a.getText());
            }
            if (a.hasToolCalls()) {
                ArrayNode calls = m.putArray("tool_calls");
                for (AssistantMessage.ToolCall c : a.getToolCalls()) {
                    ObjectNode call = calls.addObject();
                    if (c.id() == null) {
                        call.put("id", ids.forCall(c.name()));
                        call.put(NO_ID, true);
                    } else {
                        call.put("id", c.id());
                    }
                    call.put("type", "function");
                    if (!"function".equals(c.type())) {
                        if (c.type() == null) {
                            call.putNull(CALL_TYPE);
                        } else {
                            call.put(CALL_TYPE, c.type());
                        }
                    }
                    call.putObject("function").put("name", Objects.requireNonNullElse(c.name(), ""))
                            .put("arguments", Objects.requireNonNullElse(c.arguments(), ""));
                }
            }
            if (!a.getMedia().isEmpty()) {
                ArrayNode media = m.putArray(MEDIA);
                a.getMedia().forEach(x -> media.add(mediaPart(x)));
            }
        } else {
            throw new InvalidConversationException("message", null, "type",
                    "a " + message.getClass().getName() + " is not a Spring AI message type compact4j knows", null);
        }
        metadata(m, message.getMetadata());
        return out;
    }

    private static void metadata(ObjectNode m, Map<String, Object> metadata) {
        Map<String, Object> own = new LinkedHashMap<>(metadata);
        own.remove(AbstractMessage.MESSAGE_TYPE); // set by Spring AI from the type itself
        if (!own.isEmpty()) {
            m.set(METADATA, JSON.valueToTree(own));
        }
    }

    /** An image as an image part, anything else as a file part; the media's own fields beside. */
    private static ObjectNode mediaPart(Media media) {
        Object data = media.getData();
        String kind;
        String url;
        if (data instanceof byte[] bytes) {
            kind = "bytes";
            url = "data:" + media.getMimeType() + ";base64," + Base64.getEncoder().encodeToString(bytes);
        } else {
            kind = data instanceof URI ? "uri" : data instanceof URL ? "url" : "string";
            url = String.valueOf(data);
        }
        ObjectNode p = NODES.objectNode();
        if ("image".equals(media.getMimeType().getType())) {
            p.put("type", "image_url");
            p.putObject("image_url").put("url", url);
        } else {
            p.put("type", "file");
            ObjectNode f = p.putObject("file");
            f.put("file_data", url);
            if (media.getName() != null) {
                f.put("filename", media.getName());
            }
        }
        ObjectNode own = p.putObject(MEDIA);
        own.put("mime_type", media.getMimeType().toString());
        own.put("kind", kind);
        if (media.getId() != null) {
            own.put("id", media.getId());
        }
        if (media.getName() != null) {
            own.put("name", media.getName());
        }
        return p;
    }

    private static Media mediaOf(JsonNode part) {
        JsonNode own = part.path(MEDIA);
        String url = part.has("image_url") ? part.path("image_url").path("url").asText()
                : part.path("file").path("file_data").asText();
        String kind = own.path("kind").asText(url.startsWith("data:") ? "bytes" : "string");
        String mime = own.path("mime_type").asText(null);
        if (mime == null) {
            mime = url.startsWith("data:") && url.contains(";") ? url.substring(5, url.indexOf(';'))
                    : part.has("image_url") ? "image/png" : "application/octet-stream";
        }
        Media.Builder b = Media.builder().mimeType(MimeType.valueOf(mime));
        switch (kind) {
            case "bytes" -> b.data(Base64.getDecoder().decode(url.substring(url.indexOf(",") + 1)));
            case "uri" -> b.data(URI.create(url));
            case "url" -> {
                try {
                    b.data(URI.create(url).toURL());
                } catch (java.net.MalformedURLException e) {
                    b.data(url);
                }
            }
            default -> b.data(url);
        }
        String name = own.path("name").asText(part.path("file").path("filename").asText(null));
        b.name(name);
        if (own.hasNonNull("id")) {
            b.id(own.get("id").asText());
        }
        return b.build();
    }

    // ------------------------------------------------------------------------------------------
    // Chat Completions to Spring AI

    private static Message fromChat(ObjectNode m, Map<String, String> toolNames) {
        String role = m.path("role").asText();
        Map<String, Object> metadata = metadataOf(m);
        switch (role) {
            case "system", "developer" -> {
                return SystemMessage.builder().text(text(m.get("content"))).metadata(metadata).build();
            }
            case "assistant" -> {
                AssistantMessage.Builder<?> b = AssistantMessage.builder().properties(metadata);
                JsonNode content = m.get("content");
                if (content != null && !content.isNull()) {
                    b.content(text(content));
                }
                JsonNode calls = m.get("tool_calls");
                if (calls != null && calls.isArray() && calls.size() > 0) {
                    List<AssistantMessage.ToolCall> list = new ArrayList<>(calls.size());
                    for (JsonNode c : calls) {
                        JsonNode f = c.has("function") ? c.get("function") : c.path("custom");
                        String id = c.path("id").asText();
                        String name = f.path("name").asText();
                        toolNames.put(id, name);
                        String type = c.has(CALL_TYPE) ? c.get(CALL_TYPE).asText(null) : "function";
                        list.add(new AssistantMessage.ToolCall(c.path(NO_ID).asBoolean() ? null : id, type, name,
                                f.has("arguments") ? f.path("arguments").asText() : f.path("input").asText()));
                    }
                    b.toolCalls(list);
                }
                if (m.has(MEDIA)) {
                    List<Media> media = new ArrayList<>();
                    m.get(MEDIA).forEach(p -> media.add(mediaOf(p)));
                    b.media(media);
                }
                return b.build();
            }
            default -> {
                UserMessage.Builder b = UserMessage.builder().metadata(metadata);
                JsonNode content = m.get("content");
                if (content != null && content.isArray()) {
                    StringBuilder text = new StringBuilder();
                    List<Media> media = new ArrayList<>();
                    for (JsonNode p : content) {
                        String type = p.path("type").asText();
                        if ("image_url".equals(type) || "file".equals(type)) {
                            media.add(mediaOf(p));
                        } else if (p.has("text")) {
                            if (text.length() > 0) {
                                text.append('\n');
                            }
                            text.append(p.path("text").asText());
                        }
                    }
                    b.text(text.toString()).media(media);
                } else {
                    b.text(text(content));
                }
                return b.build();
            }
        }
    }

    private static Map<String, Object> metadataOf(ObjectNode m) {
        JsonNode a = m.get(METADATA);
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
