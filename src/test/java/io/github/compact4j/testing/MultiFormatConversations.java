package io.github.compact4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generated agent conversations in the three formats the library reads. Responses conversations
 * come from {@link Conversations}; the Chat Completions and Anthropic ones are made from its
 * conversations through the codecs (keeping what those formats can hold: messages, function and
 * custom tool calls with their results), then decorated with what only those formats have (names,
 * part arrays, unknown fields; thinking blocks with signatures, cache_control, server tool blocks,
 * is_error), so the codecs must carry all of it through.
 */
public final class MultiFormatConversations {

    private static final String[] WORDS = ("the build test file error fix run mvn gradle src/main/java/App.java "
            + "pom.xml NullPointerException line 42 assert expected actual value config port 8080 timeout retry "
            + "user wants report json parse field missing null method class interface deploy staging version "
            + "1.2.3 commit branch main merge conflict resolved logs show stack trace at io.example.Foo.bar "
            + "cache hit miss latency p99 120ms database query index table rows 3512 migrate schema").split(" ");

    private MultiFormatConversations() {}

    /**
     * @param maxTurns the most model steps
     * @param openCallsAtEnd whether the last step's calls stay unanswered
     * @return the options the generators here use: shorter tool outputs than the defaults, to keep
     *     property runs quick
     */
    public static Conversations.Options options(int maxTurns, boolean openCallsAtEnd) {
        return Conversations.options().turns(1, maxTurns).maxOutputChars(12_000).openCallsAtEnd(openCallsAtEnd);
    }

    /** @return Chat Completions {@code messages} arrays, as JSON text */
    public static Arbitrary<String> chat() {
        return Arbitraries.randomValue(r -> chatJson(r, 10, false).toString());
    }

    /** @return Anthropic request bodies ({@code model}, {@code max_tokens}, {@code system}, {@code messages}), as JSON text */
    public static Arbitrary<String> anthropic() {
        return Arbitraries.randomValue(r -> anthropicJson(r, 10, false).toString());
    }

    /**
     * The part of a conversation the Chat Completions and Anthropic formats can hold: messages,
     * function and custom tool calls with their results, reasoning (which their codecs leave out).
     * Hosted tool items, compaction items and the other call kinds go, each call with its result.
     *
     * @param items a Responses conversation
     * @return the portable items, in order
     */
    public static List<Item> portable(List<Item> items) {
        List<Item> out = new ArrayList<>(items.size());
        for (Item it : items) {
            boolean keep = it instanceof Message || it instanceof Reasoning
                    || it instanceof ToolCall c && ("function_call".equals(c.type()) || "custom_tool_call".equals(c.type()))
                    || it instanceof ToolResult r && ("function_call_output".equals(r.type())
                            || "custom_tool_call_output".equals(r.type()));
            if (keep) {
                out.add(it);
            }
        }
        return out;
    }

    /**
     * Model steps that could follow a conversation: a new user message, then the steps of a
     * generated conversation after its head.
     *
     * @param r randomness
     * @param maxTurns the most steps
     * @param portableOnly whether to keep only what Chat Completions and Anthropic can hold
     * @return the items
     */
    public static List<Item> continuation(Random r, int maxTurns, boolean portableOnly) {
        List<Item> g = Conversations.generate(r, options(maxTurns, false));
        List<Item> out = new ArrayList<>();
        out.add(Message.user(text(r, 5, 30)));
        out.addAll(g.subList(Turns.headEnd(g), g.size()));
        return portableOnly ? portable(out) : out;
    }

    /**
     * @param r randomness
     * @param maxTurns the most model steps
     * @param openCallsAtEnd whether the last step's calls stay unanswered
     * @return a decorated Chat Completions {@code messages} array
     */
    public static ArrayNode chatJson(Random r, int maxTurns, boolean openCallsAtEnd) {
        List<Item> items = portable(Conversations.generate(r, options(maxTurns, openCallsAtEnd)));
        ArrayNode messages = ChatCompletionsMessages.toJsonNode(items);
        decorateChat(messages, r);
        return messages;
    }

    /**
     * Adds to Chat messages what the format has beyond the item model.
     *
     * @param messages the messages, changed in place
     * @param r randomness
     */
    public static void decorateChat(ArrayNode messages, Random r) {
        for (JsonNode n : messages) {
            ObjectNode m = (ObjectNode) n;
            String role = m.path("role").asText();
            switch (role) {
                case "user", "system", "developer" -> {
                    if (r.nextInt(4) == 0) {
                        m.put("name", "person_" + r.nextInt(5));
                    }
                    if (m.get("content").isTextual() && r.nextInt(4) == 0) {
                        ArrayNode parts = Json.NODES.arrayNode();
                        parts.addObject().put("type", "text").put("text", m.get("content").textValue());
                        if ("user".equals(role) && r.nextBoolean()) {
                            ObjectNode img = parts.addObject();
                            img.put("type", "image_url");
                            img.putObject("image_url").put("url", "https://example.com/" + r.nextInt(100) + ".png")
                                    .put("detail", "low");
                        }
                        m.set("content", parts);
                    }
                }
                case "assistant" -> {
                    if (r.nextInt(5) == 0) {
                        m.put("reasoning_content", text(r, 3, 20));
                    }
                    if (m.has("tool_calls") && m.get("content").isNull() && r.nextInt(3) == 0) {
                        m.put("content", "");
                    }
                    if (r.nextInt(6) == 0) {
                        m.putNull("refusal");
                    }
                }
                case "tool" -> {
                    if (r.nextInt(4) == 0) {
                        m.set("x_meta", Json.NODES.objectNode().put("ms", new java.math.BigDecimal("12.50")));
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * @param r randomness
     * @param maxTurns the most model steps
     * @param openCallsAtEnd whether the last step's calls stay unanswered
     * @return a decorated Anthropic request body
     */
    public static ObjectNode anthropicJson(Random r, int maxTurns, boolean openCallsAtEnd) {
        List<Item> items = portable(Conversations.generate(r, options(maxTurns, openCallsAtEnd)));
        ObjectNode conv = AnthropicMessages.toConversation(items).toJsonNode();
        ObjectNode body = Json.NODES.objectNode();
        body.put("model", "claude-sonnet-4-5");
        body.put("max_tokens", 4096);
        JsonNode system = conv.get("system");
        if (system != null) {
            if (system.isTextual() && r.nextBoolean()) {
                ArrayNode blocks = body.putArray("system");
                blocks.addObject().put("type", "text").put("text", system.textValue())
                        .putObject("cache_control").put("type", "ephemeral");
            } else {
                body.set("system", system);
            }
        }
        ArrayNode messages = (ArrayNode) conv.get("messages");
        decorateAnthropic(messages, r);
        body.set("messages", messages);
        return body;
    }

    /**
     * Adds to Anthropic messages what the format has beyond the item model.
     *
     * @param messages the messages, changed in place
     * @param r randomness
     */
    public static void decorateAnthropic(ArrayNode messages, Random r) {
        for (JsonNode n : messages) {
            ObjectNode m = (ObjectNode) n;
            JsonNode content = m.get("content");
            boolean assistant = "assistant".equals(m.path("role").asText());
            if (!content.isArray()) {
                if (r.nextInt(4) == 0) {
                    ArrayNode blocks = Json.NODES.arrayNode();
                    blocks.addObject().put("type", "text").put("text", content.textValue())
                            .putObject("cache_control").put("type", "ephemeral");
                    m.set("content", blocks);
                }
                continue;
            }
            ArrayNode blocks = (ArrayNode) content;
            if (assistant && hasType(blocks, "tool_use") && r.nextBoolean()) {
                ObjectNode thinking = Json.NODES.objectNode();
                thinking.put("type", "thinking");
                thinking.put("thinking", text(r, 5, 40));
                thinking.put("signature", "EqQBCkYIARgCIkD" + Long.toHexString(r.nextLong()) + "==");
                blocks.insert(0, thinking);
            } else if (assistant && r.nextInt(10) == 0) {
                ObjectNode redacted = Json.NODES.objectNode();
                redacted.put("type", "redacted_thinking");
                redacted.put("data", "EmwKAhgBEgy" + Long.toHexString(r.nextLong()));
                blocks.insert(0, redacted);
            }
            if (assistant && r.nextInt(8) == 0) {
                String id = "srvtoolu_" + Long.toHexString(r.nextLong());
                ObjectNode use = Json.NODES.objectNode();
                use.put("type", "server_tool_use");
                use.put("id", id);
                use.put("name", "web_search");
                use.putObject("input").put("query", text(r, 2, 5));
                ObjectNode res = Json.NODES.objectNode();
                res.put("type", "web_search_tool_result");
                res.put("tool_use_id", id);
                res.putArray("content").addObject().put("type", "web_search_result").put("url", "https://example.com")
                        .put("title", text(r, 2, 5)).put("encrypted_content", "Eo" + Long.toHexString(r.nextLong()));
                int at = blocks.size() > 0 && "thinking".equals(blocks.get(0).path("type").asText()) ? 1 : 0;
                blocks.insert(at, res);
                blocks.insert(at, use);
            }
            for (JsonNode b : blocks) {
                ObjectNode block = (ObjectNode) b;
                if ("tool_result".equals(block.path("type").asText())) {
                    if (r.nextInt(5) == 0) {
                        block.put("is_error", true);
                    }
                    if (block.get("content").isTextual() && r.nextInt(4) == 0) {
                        ArrayNode c = Json.NODES.arrayNode();
                        c.addObject().put("type", "text").put("text", block.get("content").textValue());
                        block.set("content", c);
                    }
                }
            }
            if (blocks.size() > 0 && r.nextInt(6) == 0) {
                ((ObjectNode) blocks.get(blocks.size() - 1)).putObject("cache_control").put("type", "ephemeral");
            }
        }
    }

    private static boolean hasType(ArrayNode blocks, String type) {
        for (JsonNode b : blocks) {
            if (type.equals(b.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param r randomness
     * @param min fewest words
     * @param max most words
     * @return words separated by spaces, now and then a line break
     */
    public static String text(Random r, int min, int max) {
        int n = min + r.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n * 7);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(r.nextInt(15) == 0 ? '\n' : ' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
